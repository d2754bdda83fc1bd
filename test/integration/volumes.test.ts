import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as volumesRoute from '../../app/api/apps/[name]/volumes/route';
import * as volumeRoute from '../../app/api/apps/[name]/volumes/[volumeId]/route';
import * as restartRoute from '../../app/api/apps/[name]/restart/route';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { listAppVolumes } from '../../lib/docker/volumes';
import { removeStrayVolumes } from '../../lib/deploys/stray-volumes';
import { api, readSse } from '../../scripts/harness/berth-api';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';

const routes = [
  { method: 'GET', pattern: /^\/api\/apps\/([^/]+)\/volumes$/, handler: volumesRoute.GET as never, params: ['name'] },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/volumes$/, handler: volumesRoute.POST as never, params: ['name'] },
  { method: 'DELETE', pattern: /^\/api\/apps\/([^/]+)\/volumes\/([^/?]+)$/, handler: volumeRoute.DELETE as never, params: ['name', 'volumeId'] },
  { method: 'POST', pattern: /^\/api\/apps\/([^/]+)\/restart$/, handler: restartRoute.POST as never, params: ['name'] },
];

/** A PHP app that appends `?write=` to a file in its volume and prints the file. */
const WRITER = `<?php
$file = '/app/storage/notes.txt';
if (isset($_GET['write'])) file_put_contents($file, $_GET['write'] . "\\n", FILE_APPEND | LOCK_EX);
echo "release=", getenv('BERTH_RELEASE'), " marker=MARKER\\n";
echo "notes=", is_file($file) ? str_replace("\\n", ",", file_get_contents($file)) : '(none)', "\\n";
`;

/** Until the app has no queued or running deployment (bounded). */
async function settled(name: string) {
  const app = await db.app.findUniqueOrThrow({ where: { name } });
  for (let i = 0; i < 1200; i++) {
    const busy = await db.deployment.count({ where: { appId: app.id, status: { in: ['QUEUED', 'RUNNING'] } } });
    if (busy === 0) return db.deployment.findFirstOrThrow({ where: { appId: app.id }, orderBy: { createdAt: 'desc' } });
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`deployments of ${name} did not finish`);
}

/**
 * Issue #12 point 6: a named volume survives pushes and restarts, pins the app to its host, and
 * goes with the app. Real build, real containers, real nginx.
 */
describe('app volumes', () => {
  const stack = useBerthStack(routes);
  const name = randomAppName('v');
  stack.apps.push(name);
  let work: string;
  let volumeId: string;
  let dockerName: string;

  const call = (method: string, p: string, body?: unknown) => api(stack.server.url, stack.user.token, method, p, body);
  const push = async (marker: string) => {
    await writeFile(path.join(work, 'index.php'), WRITER.replace('MARKER', marker));
    await runGit(['commit', '-am', `marker ${marker}`], { cwd: work });
    const pushed = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 600_000 });
    expect(pushed.code, pushed.stderr).toBe(0);
    expect(pushed.stderr).toMatch(/remote: -----> Live at/);
  };

  it('a PHP app goes live and is pushed a version that writes to /app/storage', async () => {
    const created = await call('POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const events = await readSse(`${stack.server.url}/api/apps/${name}/progress`, stack.user.token, (e) => e.event === 'end', 600_000);
    expect(events.at(-1)?.data).toMatchObject({ outcome: 'live' });
    work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    await push('one');
    expect((await getThroughProxy(name)).body).toContain('marker=one');
  }, 900_000);

  it('refuses bad paths with the reason (400) and other users (404)', async () => {
    for (const [body, reason] of [
      [{ path: 'app/storage' }, /absolute/],
      [{ path: '/' }, /whole file system/],
      [{ path: '/app/../etc' }, /\.\./],
      [{ path: '/app//storage' }, /normalised/],
      [{ path: '/etc/app' }, /system directory/],
      [{ path: '/app' }, /would hide \/app/],
      [{}, /path/],
    ] as const) {
      const res = await call('POST', `/api/apps/${name}/volumes`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(res.json)).toMatch(reason);
    }
    const stranger = await createTestUser();
    const other = await api(stack.server.url, stranger.token, 'POST', `/api/apps/${name}/volumes`, { path: '/app/storage' });
    expect(other.status).toBe(404);
    expect((await api(stack.server.url, stranger.token, 'GET', `/api/apps/${name}/volumes`)).status).toBe(404);
  });

  it('POST mounts a named volume: the app rolls out, writes to it, and the app is pinned to its host', async () => {
    const added = await call('POST', `/api/apps/${name}/volumes`, { path: '/app/storage' });
    expect(added.status, JSON.stringify(added.json)).toBe(201);
    expect(added.json.volume).toMatchObject({ path: '/app/storage' });
    expect(added.json.deploymentId).toEqual(expect.any(String));
    volumeId = added.json.volume.id;
    dockerName = added.json.volume.dockerName;
    expect((await settled(name)).status).toBe('SUCCEEDED');
    expect((await call('POST', `/api/apps/${name}/volumes`, { path: '/app/storage/sub' })).status).toBe(400); // overlaps

    // The non-root app user can write into the fresh volume.
    const wrote = await getThroughProxy(name, '/?write=first');
    expect(wrote.body).toContain('notes=first,');

    const listed = await call('GET', `/api/apps/${name}/volumes`);
    const local = await db.host.findFirstOrThrow({ where: { isLocal: true } });
    expect(listed.json.volumes).toEqual([expect.objectContaining({ id: volumeId, path: '/app/storage', dockerName, host: local.name })]);
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    expect((await listAppVolumes(localDocker(), { appId: app.id })).map((v) => v.dockerName)).toEqual([dockerName]);
    const running = await db.instance.findMany({ where: { appId: app.id, status: 'RUNNING' } });
    expect(running.length).toBeGreaterThan(0);
    expect(running.every((i) => i.hostId === local.id)).toBe(true);
  }, 600_000);

  it('the data survives a push of a new release and a restart', async () => {
    await push('two');
    const afterPush = await getThroughProxy(name);
    expect(afterPush.body).toContain('marker=two');
    expect(afterPush.body).toContain('notes=first,');
    await getThroughProxy(name, '/?write=second');

    const restarted = await call('POST', `/api/apps/${name}/restart`);
    expect(restarted.status).toBe(202);
    expect((await settled(name)).status).toBe('SUCCEEDED');
    const afterRestart = await waitForApp(name, (r) => r.status === 200);
    expect(afterRestart.body).toContain('notes=first,second,');
  }, 900_000);

  it('DELETE needs the path typed back; a removed volume is unmounted, then its Docker volume removed', async () => {
    const extra = await call('POST', `/api/apps/${name}/volumes`, { path: '/srv/scratch' });
    expect(extra.status, JSON.stringify(extra.json)).toBe(201);
    await settled(name);
    const wrong = await call('DELETE', `/api/apps/${name}/volumes/${extra.json.volume.id}?confirm=scratch`);
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.json)).toContain('/srv/scratch');
    const stranger = await createTestUser();
    const other = await api(stack.server.url, stranger.token, 'DELETE', `/api/apps/${name}/volumes/${volumeId}?confirm=/app/storage`);
    expect(other.status).toBe(404);
    const removed = await call('DELETE', `/api/apps/${name}/volumes/${extra.json.volume.id}?confirm=/srv/scratch`);
    expect(removed.status, JSON.stringify(removed.json)).toBe(202);
    expect((await settled(name)).status).toBe('SUCCEEDED');
    // The reconciler's sweep: the unmounted, unclaimed volume goes; the app's other one stays.
    const hosts = await db.host.findMany({ where: { isLocal: true } });
    expect(await removeStrayVolumes(hosts, [])).toContain(`${hosts[0].name}/${extra.json.volume.dockerName}`);
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    expect((await listAppVolumes(localDocker(), { appId: app.id })).map((v) => v.dockerName)).toEqual([dockerName]);
    expect((await getThroughProxy(name)).body).toContain('notes=first,second,');
  }, 600_000);

  it('deleting the app removes its volume and data', async () => {
    const app = await db.app.findUniqueOrThrow({ where: { name } });
    expect((await call('DELETE', `/api/apps/${name}?confirm=${name}`)).status).toBe(204);
    expect(await listAppVolumes(localDocker(), { appId: app.id })).toEqual([]);
    expect(await db.appVolume.count({ where: { appId: app.id } })).toBe(0);
  }, 300_000);
});
