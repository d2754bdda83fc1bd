import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { AppError } from '../../lib/errors';
import { reserveInstance } from '../../lib/scheduler/reserve';
import { appWithRelease, fakeHost, removeTestHosts, rid } from './support/scheduler-fixtures';

const res = { cpuRequest: 100, cpuLimit: 200, memoryRequestMb: 128, memoryLimitMb: 256 };

/**
 * An app with volumes is pinned to their host (lib/scheduler/volume-pin.ts), against the real
 * PostgreSQL reservation: the first placement pins, concurrent ones agree, later ones follow the
 * pin even where the strategy would choose another host, and a pin to a host that cannot take
 * the instance fails with the reason instead of moving the app off its data.
 */
describe('volume pinning in reserveInstance', () => {
  const volumes: string[] = [];
  afterAll(async () => {
    await db.appVolume.deleteMany({ where: { id: { in: volumes } } }); // Restrict: before the hosts
    await removeTestHosts();
  });

  async function volumeFor(appId: string, path: string) {
    const id = `volpin${rid()}`;
    volumes.push(id);
    return db.appVolume.create({ data: { id, appId, path, dockerName: `berth-vol-${id}` } });
  }
  const reserve = (app: { id: string }, release: { id: string }, index: number, suite: string, strategy: 'SPREAD' | 'BINPACK' = 'SPREAD') =>
    reserveInstance({
      appId: app.id,
      releaseId: release.id,
      processType: 'web',
      index,
      containerName: `pin-${suite}-${index}`,
      resources: res,
      needsPort: true,
      strategy,
      constraints: { suite },
    });

  it('the first placements pin the volumes to one host and SPREAD replicas all land there', async () => {
    const suite = rid();
    const hosts = await Promise.all([fakeHost(suite), fakeHost(suite), fakeHost(suite)]);
    const { app, release } = await appWithRelease('pin');
    await volumeFor(app.id, '/app/storage');
    await volumeFor(app.id, '/data');
    // Placed at once: the placement lock makes the first one pin before the others read the pin.
    const placed = await Promise.all([0, 1, 2, 3].map((i) => reserve(app, release, i, suite)));
    const pinned = await db.appVolume.findMany({ where: { appId: app.id } });
    expect(new Set(pinned.map((v) => v.hostId)).size).toBe(1);
    expect(hosts.map((h) => h.id)).toContain(pinned[0].hostId);
    expect(placed.every((i) => i.hostId === pinned[0].hostId)).toBe(true);
  });

  it('follows an existing pin, and says why when the pinned host cannot take the instance', async () => {
    const suite = rid();
    const roomy = await fakeHost(suite, { memoryTotalMb: 8192 });
    const tiny = await fakeHost(suite, { memoryTotalMb: 64 });
    const { app, release } = await appWithRelease('pin');
    const volume = await volumeFor(app.id, '/app/storage');
    await db.appVolume.update({ where: { id: volume.id }, data: { hostId: tiny.id } });
    const error = await reserve(app, release, 0, suite, 'BINPACK').catch((e) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('CONFLICT');
    expect((error as AppError).message).toMatch(new RegExp(`volumes live on ${tiny.name} \\(ready\\), so its instances run only there`));
    expect(await db.instance.count({ where: { appId: app.id, hostId: roomy.id } })).toBe(0);

    await db.host.update({ where: { id: tiny.id }, data: { status: 'UNREACHABLE', memoryTotalMb: 8192 } });
    const lost = await reserve(app, release, 1, suite).catch((e) => e);
    expect((lost as AppError).message).toMatch(new RegExp(`${tiny.name} \\(unreachable\\)`));

    await db.host.update({ where: { id: tiny.id }, data: { status: 'READY' } });
    expect((await reserve(app, release, 2, suite)).hostId).toBe(tiny.id);
  });
});
