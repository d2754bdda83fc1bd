import { randomBytes } from 'node:crypto';
import { db, type Host } from '../../../lib/db';

/** Short random suffix for names that must not collide with other tests in the same run. */
export const rid = () => randomBytes(4).toString('hex');

/** An app with one release, enough for Instance rows (FKs). */
export async function appWithRelease(prefix = 't') {
  const app = await db.app.create({ data: { name: `${prefix}${rid()}`, template: 'PHP' } });
  const release = await db.release.create({
    data: { appId: app.id, version: 1, imageTag: `berth/${app.name}:test`, commitSha: 'a'.repeat(40), env: '', description: 'test' },
  });
  return { app, release };
}

/**
 * A host row that is never contacted (reservation only reads rows), labelled with `suite` so
 * requests constrained to that label ignore every other host of the shared test database.
 */
const created: string[] = [];

/** Hosts are shared by every test file of a run: remove ours so later deploys never land on them. */
export async function removeTestHosts(ids: string[] = created): Promise<void> {
  await db.instance.deleteMany({ where: { hostId: { in: ids } } });
  await db.host.deleteMany({ where: { id: { in: ids } } });
}

export async function fakeHost(
  suite: string,
  over: Partial<Pick<Host, 'name' | 'cpuTotal' | 'memoryTotalMb' | 'reserveCpu' | 'reserveMemoryMb' | 'portRangeStart' | 'portRangeEnd' | 'status' | 'address'>> = {},
): Promise<Host> {
  const host = await db.host.create({
    data: {
      name: over.name ?? `fake-${rid()}`,
      dockerUrl: 'unix:///run/berth-test-nonexistent.sock',
      address: over.address ?? `10.255.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`,
      cpuTotal: 4000,
      memoryTotalMb: 4096,
      reserveCpu: 0,
      reserveMemoryMb: 0,
      portRangeStart: 30000,
      portRangeEnd: 30999,
      ...over,
      labels: { suite },
    },
  });
  created.push(host.id);
  return host;
}
