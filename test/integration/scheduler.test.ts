import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { releaseInstance, reserveInstance } from '../../lib/scheduler/reserve';
import { invalidateMeasuredUse } from '../../lib/scheduler/cluster-state';
import { appWithRelease, fakeHost, removeTestHosts, rid } from './support/scheduler-fixtures';

/** Requests as given, limits twice as much. */
const res = (cpu: number, memoryMb: number) => ({ cpuRequest: cpu, cpuLimit: 2 * cpu, memoryRequestMb: memoryMb, memoryLimitMb: 2 * memoryMb });

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
          resources: res(100, 256),
          needsPort: true,
          strategy: i % 2 ? 'SPREAD' : 'BINPACK',
          constraints: { suite },
        });
      }),
    );

    const ok = results.filter((r) => r.status === 'fulfilled');
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok, failed.map((f) => String(f.reason)).join("\n")).toHaveLength(30);
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
      const memory = mine.reduce((sum, r) => sum + r.memoryRequestMb, 0);
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
      resources: res(250, 512),
      needsPort: true,
      strategy: 'BINPACK' as const,
      constraints: { suite },
    });
    const a = await reserveInstance(input(0));
    const b = await reserveInstance(input(1));
    expect([a.hostId, a.hostPort, b.hostPort]).toEqual([host.id, 32000, 32001]);
    expect(a.placementReason).toContain(`h-${suite}: 1.5 GB and 7.75 CPU left to request after placement (measured in use: 0 MB, 0 millicores), bin-pack score`);
    expect(a.placementReason).toContain(`tight-${suite} rejected: requests 512 MB memory, 300 MB left to request (300 MB allocatable, 0 MB requested)`);
    expect(a).toMatchObject({ cpuRequest: 250, cpuLimit: 500, memoryRequestMb: 512, memoryLimitMb: 1024 });

    expect((await reserveInstance(input(0))).id).toBe(a.id);

    await releaseInstance(a.id);
    const c = await reserveInstance(input(2));
    expect(c.hostPort).toBe(32000);
    expect(tight.id).not.toBe(c.hostId);
  });

  it('a stopped instance asking again (a sleeping app waking) gets its old host and port back while they are free', async () => {
    const suite = rid();
    await fakeHost(suite, { name: `k1-${suite}`, memoryTotalMb: 2048, portRangeStart: 32200, portRangeEnd: 32209 });
    await fakeHost(suite, { name: `k2-${suite}`, memoryTotalMb: 2048, portRangeStart: 32300, portRangeEnd: 32309 });
    const { app, release } = await appWithRelease('k');
    const input = (name: string) => ({
      appId: app.id,
      releaseId: release.id,
      processType: 'web',
      index: 0,
      containerName: `k-${suite}-${name}`,
      resources: res(100, 128),
      needsPort: true,
      strategy: 'BINPACK' as const,
      constraints: { suite },
    });
    const a = await reserveInstance(input('a'));
    const b = await reserveInstance(input('b'));
    expect(b.hostId).not.toBe(a.hostId); // replicas spread
    await releaseInstance(a.id);
    await releaseInstance(b.id);
    // b's kept container lives on b's host and publishes b's port: b gets both again (without the
    // preference, the first replica placed on an empty cluster could land on either host).
    const b2 = await reserveInstance(input('b'));
    expect(b2).toMatchObject({ id: b.id, hostId: b.hostId, hostPort: b.hostPort, status: 'STARTING' });
    // a's port was taken meanwhile (another instance holds it): a gets its host, another port,
    // and its container will be recreated.
    const c = await reserveInstance(input('c'));
    await db.instance.update({ where: { id: c.id }, data: { hostId: a.hostId, hostPort: a.hostPort } });
    const a2 = await reserveInstance(input('a'));
    expect(a2).toMatchObject({ id: a.id, hostId: a.hostId });
    expect(a2.hostPort).not.toBe(a.hostPort);
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
        resources: res(100, 128),
        needsPort: true,
        strategy: 'BINPACK',
        constraints: { suite },
      }),
    ).rejects.toThrow(new RegExp(`^no ready host matching suite=${suite} \\((drain|down)-${suite} (draining|unreachable), (drain|down)-`));
  });
});

describe('placement by requests, overcommit and measured use (PostgreSQL)', () => {
  afterAll(() => removeTestHosts());

  it('admits by requests up to allocatable × overcommit, and skips a host that is busy in fact', async () => {
    const suite = rid();
    // 2 CPU, 250 reserved: 1.75 allocatable, × 2 overcommit = 3.5 CPU of requests.
    const a = await fakeHost(suite, { name: `a-${suite}`, cpuTotal: 2000, reserveCpu: 250, portRangeStart: 33000, portRangeEnd: 33099 });
    const b = await fakeHost(suite, { name: `b-${suite}`, cpuTotal: 2000, reserveCpu: 250, portRangeStart: 33100, portRangeEnd: 33199 });
    await db.host.updateMany({ where: { id: { in: [a.id, b.id] } }, data: { cpuOvercommit: 2 } });
    const { app, release } = await appWithRelease('m');
    const input = (i: number) => ({
      appId: app.id,
      releaseId: release.id,
      processType: 'web',
      index: i,
      containerName: `m-${suite}-${i}`,
      resources: { cpuRequest: 500, cpuLimit: 1000, memoryRequestMb: 64, memoryLimitMb: 256 },
      needsPort: true,
      strategy: 'BINPACK' as const,
      constraints: { suite },
    });
    // The first instance burns 1.7 CPU (measured): its host is busy in fact.
    const first = await reserveInstance(input(0));
    const [busy, idle] = first.hostId === a.id ? [a, b] : [b, a];
    await db.instance.update({ where: { id: first.id }, data: { status: 'RUNNING' } });
    await db.metricSample.create({
      data: { appId: app.id, instanceId: first.id, instanceName: first.containerName, ts: new Date(), cpuPercent: 170, memoryBytes: 50n << 20n, memoryLimit: 256n << 20n },
    });
    invalidateMeasuredUse();
    // Bin-packing would pick it (requests: 0.5 of 3.5 CPU), measured use says no (1.7 + 0.5 > 1.75).
    const second = await reserveInstance(input(1));
    expect(second.hostId).toBe(idle.id);
    expect(second.placementReason).toContain(
      `${busy.name} rejected: busy, 1.7 CPU measured in use of 1.75 CPU allocatable, no room for a 500 millicores request`,
    );
    // Requests fill the idle host up to 3.5 CPU: seven 500-millicore requests, then a refusal in those terms.
    for (let i = 2; i < 8; i++) expect((await reserveInstance(input(i))).hostId).toBe(idle.id);
    const refused = await reserveInstance(input(8)).catch((e: Error) => e);
    expect((refused as Error).message).toBe(
      `requests 500 millicores CPU and 64 MB memory; ${busy.name} is busy: 1.7 CPU measured in use of 1.75 CPU allocatable, no room for a 500 millicores request`,
    );
    const rows = await db.instance.findMany({ where: { hostId: idle.id } });
    expect(rows.reduce((sum, r) => sum + r.cpuRequest, 0)).toBe(3500);
  });
});
