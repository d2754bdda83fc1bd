import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { releaseInstance, reserveInstance } from '../../lib/scheduler/reserve';
import { appWithRelease, fakeHost, removeTestHosts, rid } from './support/scheduler-fixtures';

/** Reservation against the real PostgreSQL: row locks, usage recomputed, ports unique. */
describe('reserveInstance', () => {
  afterAll(() => removeTestHosts());

  it('50 concurrent reservations never over-commit a host nor hand out one port twice', async () => {
    const suite = rid();
    // big: memory for 30 x 256 MB but only 20 ports; small: memory for 10 (reserve counts).
    const big = await fakeHost(suite, { name: `big-${suite}`, memoryTotalMb: 30 * 256, portRangeStart: 30000, portRangeEnd: 30019 });
    const small = await fakeHost(suite, {
      name: `small-${suite}`,
      memoryTotalMb: 10 * 256 + 512,
      reserveMemoryMb: 512,
      portRangeStart: 31000,
      portRangeEnd: 31099,
    });
    const apps = await Promise.all(Array.from({ length: 5 }, () => appWithRelease('c')));

    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) => {
        const { app, release } = apps[i % apps.length];
        return reserveInstance({
          appId: app.id,
          releaseId: release.id,
          processType: 'web',
          index: i,
          containerName: `c-${suite}-${i}`,
          cpu: 100,
          memoryMb: 256,
          strategy: i % 2 ? 'SPREAD' : 'BINPACK',
          constraints: { suite },
        });
      }),
    );

    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(30);
    for (const f of failed) {
      expect(f.reason).toBeInstanceOf(AppError);
      expect((f.reason as AppError).code).toBe('CONFLICT');
    }
    // The last ones find memory only on `big`, whose 20 ports are all taken.
    expect(failed.map((f) => (f.reason as Error).message)).toContain(`no free port on big-${suite}`);

    const rows = await db.instance.findMany({ where: { hostId: { in: [big.id, small.id] } } });
    expect(rows).toHaveLength(30);
    for (const host of [big, small]) {
      const mine = rows.filter((r) => r.hostId === host.id);
      const memory = mine.reduce((sum, r) => sum + r.memoryMb, 0);
      expect(memory).toBeLessThanOrEqual(host.memoryTotalMb - host.reserveMemoryMb);
      const ports = mine.map((r) => r.hostPort!);
      expect(new Set(ports).size).toBe(ports.length);
      for (const p of ports) {
        expect(p).toBeGreaterThanOrEqual(host.portRangeStart);
        expect(p).toBeLessThanOrEqual(host.portRangeEnd);
      }
    }
    expect(rows.filter((r) => r.hostId === big.id)).toHaveLength(20);
    expect(rows.filter((r) => r.hostId === small.id)).toHaveLength(10);
    expect(rows.every((r) => r.status === 'STARTING' && r.placementReason)).toBe(true);
  });

  it('records why a host was chosen, reuses freed ports lowest first, and is idempotent per container name', async () => {
    const suite = rid();
    const host = await fakeHost(suite, { name: `h-${suite}`, memoryTotalMb: 2048, portRangeStart: 32000, portRangeEnd: 32009 });
    const tight = await fakeHost(suite, { name: `tight-${suite}`, memoryTotalMb: 300, portRangeStart: 32100, portRangeEnd: 32109 });
    const { app, release } = await appWithRelease('r');
    const input = (i: number) => ({
      appId: app.id,
      releaseId: release.id,
      processType: 'web',
      index: i,
      containerName: `r-${suite}-${i}`,
      cpu: 250,
      memoryMb: 512,
      strategy: 'BINPACK' as const,
      constraints: { suite },
    });
    const a = await reserveInstance(input(0));
    const b = await reserveInstance(input(1));
    expect([a.hostId, a.hostPort, b.hostPort]).toEqual([host.id, 32000, 32001]);
    expect(a.placementReason).toContain(`h-${suite}: 1.5 GB and 3.75 CPU free after placement, bin-pack score`);
    expect(a.placementReason).toContain(`tight-${suite} rejected: needs 512 MB, 300 MB free`);

    expect((await reserveInstance(input(0))).id).toBe(a.id);

    await releaseInstance(a.id);
    const c = await reserveInstance(input(2));
    expect(c.hostPort).toBe(32000);
    expect(tight.id).not.toBe(c.hostId);
  });

  it('skips draining and unreachable hosts and says so when nothing is left', async () => {
    const suite = rid();
    await fakeHost(suite, { name: `drain-${suite}`, status: 'DRAINING' });
    await fakeHost(suite, { name: `down-${suite}`, status: 'UNREACHABLE' });
    const { app, release } = await appWithRelease('d');
    await expect(
      reserveInstance({
        appId: app.id,
        releaseId: release.id,
        processType: 'web',
        index: 0,
        containerName: `d-${suite}`,
        cpu: 100,
        memoryMb: 128,
        strategy: 'BINPACK',
        constraints: { suite },
      }),
    ).rejects.toThrow(new RegExp(`^no ready host matching suite=${suite} \\((drain|down)-${suite} (draining|unreachable), (drain|down)-`));
  });
});
