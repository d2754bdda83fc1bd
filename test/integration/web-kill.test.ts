import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { freePort } from '../../scripts/harness/free-port';
import { createTestUser } from '../../scripts/harness/users';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, proxyLoad, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';
import { processAlive } from '../../scripts/harness/process-alive';

/**
 * Web kill (issue 13): the production web server (Next's standalone server, started by the same
 * `start_web` that `npm run up` uses) is SIGKILLed while a bounded loopback request loop runs
 * through the apps' nginx. The apps keep serving (the web is not in the request path); the
 * up-style restart (start whatever is missing) brings the API back; a write the API acknowledged
 * just before the kill is there afterwards (PostgreSQL is the truth, the web holds no state).
 * Needs the web's production build: made here (`BERTH_BUILD_PARTS=web scripts/build.sh`) when
 * `.next/standalone/server.js` is missing — minutes.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const runDir = () => path.join(config().paths.data, 'run', 'web-kill');
const logDir = () => path.join(config().paths.logs, 'web-kill');
const pidFile = () => path.join(runDir(), 'web.pid');
let port = 0;

async function startWeb(): Promise<number> {
  await run('bash', ['-c', '. scripts/lib.sh && start_web "$1" "$2" "$3"', 'web-kill', runDir(), logDir(), String(port)], {
    cwd: ROOT,
    timeout: 30_000,
    env: { ...process.env, BERTH_WEB_HOST: '127.0.0.1' },
  });
  return Number((await readFile(pidFile(), 'utf8')).trim());
}
/** GET /api/me with a token: the HTTP status, or 0 when nothing answers. Bounded by a timeout. */
async function me(token: string): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${port}/api/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) }).catch(() => null);
  return res?.status ?? 0;
}

describe('web kill -9', () => {
  beforeAll(async () => {
    await buildTestImage();
    port = await freePort();
    const server = path.join(ROOT, '.next/standalone/server.js');
    if (!(await access(server).then(() => true, () => false)))
      await run('bash', ['scripts/build.sh'], { cwd: ROOT, timeout: 1_500_000, env: { ...process.env, BERTH_BUILD_PARTS: 'web' } });
  }, 1_800_000);

  afterAll(async () => {
    await run('bash', ['-c', '. scripts/lib.sh && stop_pidfile web "$1"', 'web-kill', pidFile()], { cwd: ROOT, timeout: 30_000 }).catch(() => undefined);
    await cleanupInstallation().catch(() => undefined);
  }, 120_000);

  it('apps keep serving, an up-style restart brings the API back, and nothing acknowledged is lost', async () => {
    const app = await createTestApp(undefined, { instances: 1 });
    expect((await deployTestRelease(app.id, { VERSION: 'wk' })).release.status).toBe('LIVE');
    const user = await createTestUser();

    let pid = await startWeb();
    await waitFor(async () => (await me(user.token)) === 200, 180_000, 'the web API answering');

    const traffic = proxyLoad(app.name, { intervalMs: 50, maxRequests: 3_000, maxMs: 300_000 });
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      // A write the API acknowledges, then the kill at once.
      const made = await fetch(`http://127.0.0.1:${port}/api/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'made just before the kill' }),
        signal: AbortSignal.timeout(10_000),
      });
      expect(made.status).toBe(201);
      const { token: created } = (await made.json()) as { token: { token: string } };
      const second = created.token;
      process.kill(-pid, 'SIGKILL'); // the process group start_bg made: the web and anything it spawned
      const killedAt = Date.now();
      await waitFor(async () => !processAlive(pid), 10_000, 'the web process gone');
      expect(await me(user.token), 'the API is down').toBe(0);

      // Berth's web is down: the app serves on.
      await new Promise((r) => setTimeout(r, 3_000));
      expect((await viaProxy(app.name)).body).toContain('version=wk');

      // `npm run up`-style: the pid file names a dead process, so start_web starts it again.
      pid = await startWeb();
      await waitFor(async () => (await me(user.token)) === 200, 180_000, 'the web API answering again');
      console.log(`[web-kill] kill -9 → API answering again after ${Date.now() - killedAt} ms (restart issued at once)`);
      expect(processAlive(pid)).toBe(true);
      expect(await me(second), 'the token created just before the kill works').toBe(200);
      const list = await fetch(`http://127.0.0.1:${port}/api/tokens`, { headers: { authorization: `Bearer ${second}` }, signal: AbortSignal.timeout(10_000) });
      expect(JSON.stringify(await list.json())).toContain('made just before the kill');
    } finally {
      const { failures, total } = await traffic.stop();
      console.log(`[web-kill] ${total} requests to the app while the web died and came back, ${failures.length} failed`);
      expect(total).toBeGreaterThan(50);
      expect(failures).toEqual([]);
    }
  }, 900_000);
});
