import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { db } from '../../lib/db';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { getHost } from '../../lib/hosts/get-host';
import { heartbeatHost } from '../../lib/hosts/heartbeat';
import { listHostsWithUsage } from '../../lib/hosts/list-hosts';
import { updateHost } from '../../lib/hosts/update-host';
import { reserveInstance } from '../../lib/scheduler/reserve';
import { appWithRelease, removeTestHosts, rid } from './support/scheduler-fixtures';

const admin: Actor = { id: 'hosts-admin', email: 'admin@hosts.test', role: 'ADMIN' };
const dev: Actor = { id: 'hosts-dev', email: 'dev@hosts.test', role: 'DEVELOPER' };
const REAL = 'unix:///var/run/docker.sock';
const MISSING = 'unix:///run/berth-no-such-engine.sock';

/** A distinct loopback address per host keeps port ranges of parallel tests apart. */
const loopback = () => `127.${Math.floor(Math.random() * 200) + 20}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

describe('hosts', () => {
  // Every host added here points at the real engine: remove them so later files never deploy to them.
  afterAll(async () => {
    const mine = await db.host.findMany({ where: { isLocal: false }, select: { id: true, name: true } });
    await removeTestHosts(mine.filter((h) => /^[hdux]-[0-9a-f]{8}$/.test(h.name)).map((h) => h.id));
  });

  it('registers the local engine once, with capacity probed from docker info', async () => {
    const [a, b] = await Promise.all([ensureLocalHost(), ensureLocalHost()]);
    expect(a.id).toBe(b.id);
    const again = await ensureLocalHost();
    expect(again.id).toBe(a.id);
    expect(again).toMatchObject({ name: 'local', isLocal: true, status: 'READY', address: '127.0.0.1' });
    expect(again.cpuTotal).toBeGreaterThanOrEqual(1000);
    expect(again.memoryTotalMb).toBeGreaterThan(256);
    expect(await db.host.count({ where: { isLocal: true } })).toBe(1);
  });

  it('adds a host by URL after probing it; refuses unreachable engines, duplicates, overlaps and non-admins', async () => {
    const address = loopback();
    const name = `h-${rid()}`;
    await expect(addHost(dev, { name, dockerUrl: REAL, address })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addHost(admin, { name, dockerUrl: MISSING, address })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(`Cannot reach Docker at ${MISSING}`),
    });
    const host = await addHost(admin, {
      name,
      dockerUrl: REAL,
      address,
      labels: { zone: 'a' },
      portRange: '40000-40099',
      reserveCpu: 100,
      reserveMemoryMb: 128,
    });
    expect(host).toMatchObject({ status: 'READY', portRangeStart: 40000, portRangeEnd: 40099, reserveCpu: 100 });
    expect(host.cpuTotal).toBeGreaterThan(0);
    expect(host.dockerVersion).toBeTruthy();
    await expect(addHost(admin, { name, dockerUrl: REAL, address: loopback(), portRange: '40000-40099' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(
      addHost(admin, { name: `o-${rid()}`, dockerUrl: REAL, address, portRange: '40050-40150' }),
    ).rejects.toThrow(/overlaps/);
    expect(await db.event.count({ where: { kind: 'host.add', hostId: host.id } })).toBe(1);

    // Developers see hosts without Docker URLs; admins see them. TLS material is never shown.
    const forDev = await getHost(dev, host.id);
    expect(forDev.dockerUrl).toBeNull();
    expect(forDev.labels).toEqual({ zone: 'a' });
    expect((await getHost(admin, host.id)).dockerUrl).toBe(REAL);
    expect(JSON.stringify(await listHostsWithUsage())).not.toContain('"tls"');
  });

  it('drains and undrains; labels change; only admins may', async () => {
    const host = await addHost(admin, { name: `d-${rid()}`, dockerUrl: REAL, address: loopback(), portRange: '40000-40009' });
    await expect(updateHost(dev, host.id, { action: 'drain' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await updateHost(admin, host.id, { action: 'drain', labels: { zone: 'b' } })).status).toBe('DRAINING');
    // A draining host keeps draining while it answers heartbeats.
    expect((await heartbeatHost((await db.host.findUniqueOrThrow({ where: { id: host.id } })))).status).toBe('DRAINING');
    const back = await updateHost(admin, host.id, { action: 'undrain' });
    expect(back.status).toBe('READY');
    expect(back.labels).toEqual({ zone: 'b' });
    expect(await db.event.count({ where: { hostId: host.id, kind: { in: ['host.drain', 'host.undrain'] } } })).toBe(2);
  });

  it('marks a silent host UNREACHABLE after the grace period and READY when it answers again', async () => {
    const host = await addHost(admin, { name: `u-${rid()}`, dockerUrl: REAL, address: loopback(), portRange: '40000-40009' });
    await db.host.update({ where: { id: host.id }, data: { dockerUrl: MISSING } });
    const seen = host.lastHeartbeatAt!.getTime();
    const read = () => db.host.findUniqueOrThrow({ where: { id: host.id } });

    const early = await heartbeatHost(await read(), { now: new Date(seen + 5_000), graceSeconds: 15 });
    expect(early).toMatchObject({ ok: false, status: 'READY', changed: false });
    expect((await read()).lastError).toBeTruthy();

    const late = await heartbeatHost(await read(), { now: new Date(seen + 16_000), graceSeconds: 15 });
    expect(late).toMatchObject({ ok: false, status: 'UNREACHABLE', changed: true });
    expect(await db.event.count({ where: { hostId: host.id, kind: 'host.unreachable' } })).toBe(1);

    await db.host.update({ where: { id: host.id }, data: { dockerUrl: REAL } });
    const ok = await heartbeatHost(await read());
    expect(ok).toMatchObject({ ok: true, status: 'READY', changed: true });
    const after = await read();
    expect(after.lastError).toBeNull();
    expect(await db.event.count({ where: { hostId: host.id, kind: 'host.ready' } })).toBe(1);
  });

  it('deletes only a host without instances; reports requests, limits and free capacity', async () => {
    const suite = rid();
    const host = await addHost(admin, {
      name: `x-${suite}`,
      dockerUrl: REAL,
      address: loopback(),
      portRange: '40000-40009',
      labels: { suite },
    });
    const { app, release } = await appWithRelease('h');
    const instance = await reserveInstance({
      appId: app.id,
      releaseId: release.id,
      processType: 'web',
      index: 0,
      containerName: `x-${suite}`,
      resources: { cpuRequest: 250, cpuLimit: null, memoryRequestMb: 256, memoryLimitMb: 512 },
      needsPort: true,
      strategy: 'BINPACK',
      constraints: { suite },
    });
    expect(instance.hostId).toBe(host.id);
    const dto = (await listHostsWithUsage()).find((h) => h.id === host.id)!;
    expect(dto.requested).toEqual({ cpu: 250, memoryMb: 256 });
    expect(dto.limits).toEqual({ cpu: 0, memoryMb: 512, cpuUnlimited: 1 });
    expect(dto.instances).toBe(1);
    expect(dto.allocatable.memoryMb).toBe(host.memoryTotalMb - host.reserveMemoryMb);
    expect(dto.free.memoryMb).toBe(Math.floor((host.memoryTotalMb - host.reserveMemoryMb) * dto.overcommit.memory) - 256);

    await expect(deleteHost(admin, host.id)).rejects.toThrow(/still has 1 instance/);
    await db.instance.update({ where: { id: instance.id }, data: { status: 'STOPPED' } });
    await deleteHost(admin, host.id);
    expect(await db.host.findUnique({ where: { id: host.id } })).toBeNull();
    const local = await ensureLocalHost();
    await expect(deleteHost(admin, local.id)).rejects.toThrow(/local host cannot be removed/);
  });
});
