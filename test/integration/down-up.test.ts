import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, proxyLoad, viaProxy } from './deploy-helpers';
import { waitFor } from './support/wait-for';
import { processAlive } from '../../scripts/harness/process-alive';

/**
 * "npm run down && npm run up under load loses no request" (issue 13), with Berth's real worker
 * process: started exactly as scripts/up.sh starts it (lib.sh start_bg: own session, pid file in
 * $BERTH_DATA_DIR/run), stopped by the real scripts/down.sh, started again. A bounded loopback
 * request loop runs through the apps' nginx the whole time. (up.sh itself also runs setup.sh and
 * `next build`, and starts the web UI: none of them is in the request path, and the web needs a
 * production build, so the worker stands for the control plane here.)
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const runDir = () => path.join(config().paths.data, 'run');
const workerLog = () => path.join(config().paths.logs, 'down-up-worker.log');

let upCount = 0;
// The waker's port defaults to 8079, which this machine's own Berth holds: one of the run's own.
const wakerPort = new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});
async function up(): Promise<number> {
  const pidFile = path.join(runDir(), 'worker.pid');
  await run(
    'bash',
    ['-c', '. scripts/lib.sh && start_bg worker "$1" "$2" node_modules/.bin/tsx workers/index.ts', 'up', workerLog(), pidFile],
    { cwd: ROOT, timeout: 30_000, env: { ...process.env, BERTH_WAKER_PORT: String(await wakerPort) } },
  );
  const pid = Number((await readFile(pidFile, 'utf8')).trim());
  // Up once it has started every loop (its log says so), as up.sh waits for its parts.
  const starts = async () => ((await readFile(workerLog(), 'utf8').catch(() => '')).match(/\[worker\] started/g) ?? []).length;
  const before = upCount;
  // tsx compiles the worker at start: minutes on a loaded machine.
  await waitFor(async () => (await starts()) > before, 400_000, 'the worker started').catch(async (error) => {
    console.error(`[down-up] worker log:\n${(await readFile(workerLog(), 'utf8').catch(() => '')).slice(-2_000)}`);
    throw error;
  });
  upCount++;
  return pid;
}
async function down(): Promise<void> {
  await run('bash', ['scripts/down.sh'], { cwd: ROOT, timeout: 60_000, env: process.env });
}


describe('npm run down && npm run up under load', () => {
  let pid = 0;
  beforeAll(async () => {
    await buildTestImage();
  }, 600_000);

  afterAll(async () => {
    if (pid && processAlive(pid)) await down().catch(() => undefined);
    await cleanupInstallation().catch(() => undefined);
  }, 120_000);

  it('loses no request to a running app while Berth stops and starts again', async () => {
    const app = await createTestApp(undefined, { instances: 1 });
    const { release } = await deployTestRelease(app.id, { VERSION: 'du' });
    expect(release.status).toBe('LIVE');
    pid = await up();

    const traffic = proxyLoad(app.name, { intervalMs: 50, maxRequests: 4_000 });
    await new Promise((r) => setTimeout(r, 2_000));
    await down();
    expect(processAlive(pid), 'down stopped the worker').toBe(false);
    // Berth is down: the app serves on.
    await new Promise((r) => setTimeout(r, 3_000));
    expect((await viaProxy(app.name)).status).toBe(200);
    pid = await up();
    // Its loops run again (reconcile, proxy sync) while the requests go on.
    await new Promise((r) => setTimeout(r, 10_000));
    const { failures, total } = await traffic.stop();
    console.log(`[down-up] ${total} requests through down && up, ${failures.length} failed`);
    expect(total).toBeGreaterThan(50);
    expect(failures).toEqual([]);
    expect((await viaProxy(app.name)).body).toContain('version=du');
  }, 1_200_000);
});
