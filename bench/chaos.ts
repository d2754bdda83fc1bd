// Chaos benchmark (not a test): `npx tsx bench/chaos.ts [--only instance-kill,redis-restart,...]`.
// Injects each fault for real under a bounded loopback request loop (one GET every 50 ms through
// Berth's nginx, at most 5,000 requests or 5 minutes per fault) and prints
//   fault | requests | failed | time to recover
// "Time to recover" is from the fault to the recovery condition named in the table's note.
// Berth runs as in production: the worker is its own process (`tsx workers/index.ts`), which is
// what the worker faults kill; the web fault starts the production web server (Next standalone,
// needs `npm run build`) with the same `start_web` as `npm run up`. The full-disk fault mounts a
// 4 MB tmpfs of its own over the bench's build directory (needs root). The bench starts its OWN PostgreSQL (initdb in a temp dir) and
// redis-server, so restarting them never disturbs anything else on this machine; its own data
// directory, installation id, proxy port and port block; and an extra Docker engine in its own
// network namespace (scripts/extra-dockerd.sh) as a second host.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { access, chmod, cp, mkdir, mkdtemp, open, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadDotEnv } from '../lib/load-dotenv';
import { freePort } from '../scripts/harness/free-port';
import { runGit } from '../scripts/harness/git-cli';
import { createTestUser } from '../scripts/harness/users';

loadDotEnv();
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));


// --- own PostgreSQL and Redis ---------------------------------------------------------------
const tmp = await mkdtemp(path.join(os.tmpdir(), 'berth-chaos-'));
await chmod(tmp, 0o755);
const pgDir = path.join(tmp, 'pg');
const pgData = path.join(pgDir, 'data');
const [pgPort, redisPort, proxyPort, tlsPort, wakerPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
const asPostgres = (cmd: string[], timeout = 120_000) => run('runuser', ['-u', 'postgres', '--', ...cmd], { timeout });
await mkdir(pgDir, { recursive: true });
await run('chown', ['postgres:postgres', pgDir]);
await asPostgres(['/usr/local/bin/initdb', '-D', pgData, '-A', 'trust', '-U', 'postgres']);
const pgCtl = (action: string[]) =>
  asPostgres(['/usr/local/bin/pg_ctl', '-D', pgData, '-w', '-t', '60', '-l', path.join(pgDir, 'log'), ...action]);
const startPg = () => pgCtl(['-o', `-p ${pgPort} -k ${pgDir} -c listen_addresses=127.0.0.1`, 'start']);
const stopPg = () => pgCtl(['-m', 'fast', 'stop']);
await startPg();

let redis: ChildProcess | null = null;
const redisDir = path.join(tmp, 'redis');
await mkdir(redisDir);
async function startRedis() {
  redis = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', redisDir, '--appendonly', 'yes', '--save', ''], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(redisPort, '127.0.0.1', () => s.write('PING\r\n'));
      s.on('data', (d) => (s.destroy(), resolve(d.toString().startsWith('+PONG'))));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error('redis-server did not start');
}
async function stopRedis() {
  const r = redis;
  if (!r || r.exitCode !== null) return;
  await new Promise((resolve) => (r.once('exit', resolve), r.kill('SIGTERM')));
}
await startRedis();

const dbName = 'berth_chaos';
const admin = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${pgPort}/postgres` });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
await admin.end();
const installation = `chaos-${Math.random().toString(36).slice(2, 8)}`;
const block = 29_000 + Math.floor(Math.random() * 5) * 200;
Object.assign(process.env, {
  DATABASE_URL: `postgresql://postgres@127.0.0.1:${pgPort}/${dbName}`,
  REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  BERTH_DATA_DIR: path.join(tmp, 'data'),
  BERTH_INSTALLATION: installation,
  BERTH_PROXY_PORT: String(proxyPort),
  BERTH_PROXY_TLS_PORT: String(tlsPort),
  BERTH_WAKER_PORT: String(wakerPort),
  BERTH_PORT_RANGE: `${block}-${block + 199}`,
});
const { runMigrations } = await import('../lib/migrations/run-migrations');
await runMigrations({ databaseUrl: process.env.DATABASE_URL!, dir: path.join(ROOT, 'prisma/migrations') });

const { config } = await import('../lib/config');
const { db } = await import('../lib/db');
const { localDocker, connectDocker } = await import('../lib/docker/connect');
const { LABEL } = await import('../lib/docker/labels');
const { addHost } = await import('../lib/hosts/add-host');
const { createRelease } = await import('../lib/releases/create-release');
const { enqueueDeploy } = await import('../lib/deploys/deploy-job');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');
const { createBuild } = await import('../lib/builds/create-build');
const { enqueueBuild } = await import('../lib/builds/build-job');
const ext = await import('../scripts/harness/extra-engines');

// The integration tests' small HTTP app (its fixture directory; bench/ never imports test/).
const TEST_IMAGE = 'berth-test/deploy-app:1';
const buildTestImage = () =>
  run('docker', ['build', '-q', '-t', TEST_IMAGE, path.join(ROOT, 'test/integration/deploy-fixture')], { timeout: 600_000 });
async function createTestApp(name: string, opts: { instances: number; placement?: 'SPREAD' }) {
  return db.app.create({
    data: {
      name,
      template: 'DOCKERFILE',
      ...(opts.placement ? { placement: opts.placement } : {}),
      routes: { create: { hostname: `${name}.${config().BERTH_APPS_DOMAIN}` } },
      formation: { create: { processType: 'web', quantity: opts.instances } },
    },
  });
}
/**
 * GET on loopback with a Host header (fetch cannot set Host). Keep-alive like a browser, and like
 * a browser a GET whose REUSED connection the server had closed (nginx retiring a worker on
 * reload) is retried once on a fresh one — as the integration tests' httpGet does.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
function httpGet(port: number, host: string, retry = true): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/', headers: { Host: host }, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up'))
        httpGet(port, host, false).then(resolve, reject);
      else reject(error);
    });
    req.end();
  });
}

// --- Berth's worker as its own process --------------------------------------------------------
const workerLog = path.join(tmp, 'worker.log');
let worker: ChildProcess | null = null;
async function startWorker() {
  const before = (await readFile(workerLog, 'utf8').catch(() => '')).split('[worker] started').length;
  const out = await open(workerLog, 'a');
  worker = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['workers/index.ts'], {
    cwd: ROOT,
    env: process.env,
    detached: true, // its own process group: a kill -9 takes tsx and node together
    stdio: ['ignore', out.fd, out.fd],
  });
  await out.close();
  for (let i = 0; i < 600; i++) {
    if ((await readFile(workerLog, 'utf8')).split('[worker] started').length > before) return;
    await sleep(200);
  }
  throw new Error(`the worker did not start (log: ${workerLog})`);
}
function killWorker(signal: NodeJS.Signals) {
  if (worker?.pid && worker.exitCode === null) process.kill(-worker.pid, signal);
}

// --- load and measurement ---------------------------------------------------------------------
type Row = { fault: string; requests: number | string; failed: number | string; recoverMs: number | null | string; note: string };
const rows: Row[] = [];

function load(appName: string) {
  let stop = false;
  let total = 0;
  let failed = 0;
  const done = (async () => {
    const end = Date.now() + 300_000;
    for (let i = 0; i < 5_000 && !stop && Date.now() < end; i++) {
      total++;
      const ok = await httpGet(proxyPort, `${appName}.${config().BERTH_APPS_DOMAIN}`).then((r) => r.status === 200, () => false);
      if (!ok) failed++;
      await sleep(50);
    }
  })();
  return { stop: async () => ((stop = true), await done, { total, failed }) };
}

async function measure(fault: string, appName: string, inject: () => Promise<void>, recovered: (t0: number) => Promise<boolean>, note: string, maxMs = 120_000) {
  if (ONLY && !ONLY.includes(fault)) return;
  console.log(`[chaos] ${fault} …`);
  const traffic = load(appName);
  await sleep(1_500);
  const t0 = Date.now();
  let recoverMs: number | null = null;
  try {
    await inject();
    while (Date.now() - t0 < maxMs) {
      if (await recovered(t0).catch(() => false)) {
        recoverMs = Date.now() - t0;
        break;
      }
      await sleep(200);
    }
  } catch (error) {
    note += ` (error: ${(error as Error).message.slice(0, 120)})`;
  }
  await sleep(2_000);
  const { total, failed } = await traffic.stop();
  rows.push({ fault, requests: total, failed, recoverMs: recoverMs ?? `not within ${maxMs / 1000} s`, note });
  console.log(`[chaos] ${fault}: ${total} requests, ${failed} failed, recovered ${recoverMs === null ? 'NOT' : `in ${recoverMs} ms`}`);
}

const notMeasured = (fault: string, why: string) => rows.push({ fault, requests: '—', failed: '—', recoverMs: '—', note: `not measured: ${why}` });

// --- the apps -------------------------------------------------------------------------------
const IMAGE = `berth-test/chaos:${installation}`;
async function deploy(appId: string, version: string): Promise<{ releaseId: string; deploymentId: string }> {
  const { release, deploymentId } = await createRelease({
    appId,
    buildId: null,
    imageTag: IMAGE,
    commitSha: 'abcdef1234567890',
    env: { plain: { VERSION: version } },
    processTypes: {},
    healthcheck: null,
    description: `chaos ${version}`,
  });
  await enqueueDeploy(deploymentId);
  return { releaseId: release.id, deploymentId };
}
const isLive = async (releaseId: string) => (await db.release.findUniqueOrThrow({ where: { id: releaseId } })).status === 'LIVE';
async function waitLive(releaseId: string, ms = 180_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await isLive(releaseId)) return;
    await sleep(300);
  }
  throw new Error(`release ${releaseId} not LIVE after ${ms} ms`);
}
const serves = async (appName: string) =>
  (await httpGet(proxyPort, `${appName}.${config().BERTH_APPS_DOMAIN}`).catch(() => ({ status: 0 }))).status === 200;

// --- builds through the real pipeline: a bare repository for an app, commits with the git CLI ----
const FIXTURE = path.join(ROOT, 'test/integration/deploy-fixture');
async function gitOk(args: string[], cwd?: string) {
  const r = await runGit(args, { cwd, timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr.slice(0, 300)}`);
  return r.stdout.trim();
}
/** Gives the app a repository (repos/<name>.git, as Berth lays it out); returns commit(extra files) → sha. */
async function withRepository(appId: string, name: string) {
  const repoRel = path.join('repos', `${name}.git`);
  const bare = path.join(config().paths.data, repoRel);
  const work = path.join(tmp, `work-${name}`);
  await mkdir(bare, { recursive: true });
  await gitOk(['init', '-q', '--bare', bare]);
  await gitOk(['init', '-q', work]);
  await db.repository.create({ data: { appId, path: repoRel } });
  /** The integration tests' HTTP app (cached layers) plus a slow, uncached last step and `extra` files. */
  return async (marker: string, extra: Record<string, Buffer | string> = {}) => {
    await cp(FIXTURE, work, { recursive: true });
    const dockerfile = await readFile(path.join(FIXTURE, 'Dockerfile'), 'utf8');
    await writeFile(path.join(work, 'Dockerfile'), `${dockerfile.trimEnd()}\nRUN echo ${marker} && sleep 5\n`);
    for (const [file, content] of Object.entries(extra)) await writeFile(path.join(work, file), content);
    await gitOk(['add', '-A'], work);
    await gitOk(['commit', '-q', '--allow-empty', '-m', marker], work);
    await gitOk(['push', '-q', bare, 'HEAD:refs/heads/main'], work);
    return gitOk(['rev-parse', 'HEAD'], work);
  };
}
/** A push's build: the Build row and its job, deployed when it succeeds (as a push does). */
async function pushBuild(appId: string, sha: string) {
  const build = await createBuild({ appId, commitSha: sha, trigger: 'PUSH', deployAfter: true });
  await enqueueBuild(build.id);
  return build.id;
}
const buildRow = (id: string) => db.build.findUniqueOrThrow({ where: { id } });
const buildLive = async (id: string) => (await db.release.findFirst({ where: { buildId: id, status: 'LIVE' } })) !== null;
async function waitBuild(id: string, done: (status: string) => boolean, ms: number) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(200)) if (done((await buildRow(id)).status)) return (await buildRow(id)).status;
  throw new Error(`build ${id} still ${(await buildRow(id)).status} after ${ms} ms`);
}

// --- the production web server, started and killed like `npm run up` / kill -9 -----------------
const WEB_SERVER = path.join(ROOT, '.next/standalone/server.js');
const webRun = path.join(tmp, 'web-run');
const webPort = await freePort();
async function startWeb(): Promise<number> {
  await run('bash', ['-c', '. scripts/lib.sh && start_web "$1" "$2" "$3"', 'chaos', webRun, webRun, String(webPort)], {
    cwd: ROOT,
    timeout: 30_000,
    env: { ...process.env, BERTH_WEB_HOST: '127.0.0.1' },
  });
  return Number((await readFile(path.join(webRun, 'web.pid'), 'utf8')).trim());
}
const apiMe = (token: string) =>
  fetch(`http://127.0.0.1:${webPort}/api/me`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5_000) }).then(
    (r) => r.status,
    () => 0,
  );
let webPid = 0;

let engine: Awaited<ReturnType<typeof ext.startEngine>> | null = null;
let diskMounted = false;
try {
  await buildTestImage();
  await (await import('../lib/hosts/ensure-local-host')).ensureLocalHost();
  const [repo, tag] = IMAGE.split(':');
  await localDocker().getImage(TEST_IMAGE).tag({ repo, tag });
  engine = await ext.startEngine('chaos', 20);
  await addHost(
    { id: 'chaos-admin', email: 'admin@chaos.bench', role: 'ADMIN' },
    {
      name: 'chaos2',
      dockerUrl: engine.dockerUrl,
      address: engine.address,
      labels: {},
      portRange: `${block + 100}-${block + 199}`,
      force: true, // plain tcp:// to an engine in this machine's own network namespace
    },
  );
  await startWorker();

  const one = await createTestApp('chaosone', { instances: 1 });
  const two = await createTestApp('chaostwo', { instances: 2, placement: 'SPREAD' });
  await waitLive((await deploy(one.id, 'v1')).releaseId);
  await waitLive((await deploy(two.id, 'v1')).releaseId);
  const remoteHost = await db.host.findUniqueOrThrow({ where: { name: 'chaos2' } });
  const local = await db.host.findFirstOrThrow({ where: { isLocal: true } });
  const hostReady = async () => (await db.host.findUniqueOrThrow({ where: { id: remoteHost.id } })).status === 'READY';
  /** Puts one of the two-instance app's instances back on the extra engine (a fresh release, spread). */
  async function spreadTwo(version: string) {
    for (let i = 0; i < 300 && !(await hostReady()); i++) await sleep(300);
    await waitLive((await deploy(two.id, version)).releaseId);
    return db.instance.findFirst({ where: { appId: two.id, status: 'RUNNING', hostId: remoteHost.id } });
  }
  const replaced = (instanceId: string) => async () => {
    const row = await db.instance.findUniqueOrThrow({ where: { id: instanceId } });
    return row.status === 'RUNNING' && row.hostId === local.id;
  };

  // 1. instance kill: the only instance of an app.
  await measure(
    'instance kill',
    one.name,
    async () => {
      const inst = await db.instance.findFirstOrThrow({ where: { appId: one.id, status: 'RUNNING' } });
      await localDocker().getContainer(inst.containerName).kill({ signal: 'SIGKILL' });
    },
    async (t0) => {
      const running = await localDocker().listContainers({ filters: { label: [`${LABEL.installation}=${installation}`, `${LABEL.app}=${one.name}`], status: ['running'] } });
      const fresh = await Promise.all(running.map((c) => localDocker().getContainer(c.Id).inspect()));
      return fresh.some((c) => Date.parse(c.State.StartedAt) >= t0 - 500) && (await serves(one.name));
    },
    '1 instance, SIGKILL; recovered = a container started after the kill serves',
  );

  // 2. host engine kill and 3. host partition: an app of 2 instances, one on each host.
  let there = await db.instance.findFirst({ where: { appId: two.id, status: 'RUNNING', hostId: remoteHost.id } });
  if (there)
    await measure('host engine kill', two.name, () => ext.killEngine(engine!), replaced(there.id),
      '2 instances; engine, containerd and containers SIGKILLed; recovered = lost instance RUNNING on the other host');
  else notMeasured('host engine kill', 'no instance was placed on the extra engine');
  await ext.restartEngine(engine);
  there = await spreadTwo('v2');
  if (there)
    await measure('host partition', two.name, () => ext.partitionEngine(engine!, 'drop'), replaced(there.id),
      '2 instances; iptables DROP on the engine veth; recovered = lost instance RUNNING on the other host');
  else notMeasured('host partition', 'no instance was placed on the extra engine');
  await ext.healEngine(engine);

  // 4. worker kill -9 in the middle of a deploy (it restarts at once).
  const pending: { releaseId?: string } = {};
  await measure(
    'worker kill -9 mid-deploy',
    one.name,
    async () => {
      const { releaseId, deploymentId } = await deploy(one.id, 'v2');
      pending.releaseId = releaseId;
      for (let i = 0; i < 300; i++) {
        if ((await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).status === 'RUNNING') break;
        await sleep(100);
      }
      await sleep(500);
      killWorker('SIGKILL');
      await startWorker();
    },
    async () => pending.releaseId !== undefined && isLive(pending.releaseId),
    'deploy of a new release; worker SIGKILLed once the deploy RUNS, restarted at once; recovered = that release LIVE',
    180_000,
  );

  // 5. Redis and 6. PostgreSQL restarts: recovered = a deploy asked for after the restart is LIVE.
  const afterRestart = (version: string) => {
    let asked: Promise<{ releaseId: string }> | null = null;
    return async () => {
      asked ??= deploy(one.id, version).catch((error) => ((asked = null), Promise.reject(error)));
      return isLive((await asked).releaseId);
    };
  };
  await measure('Redis restart', one.name, async () => {
    await stopRedis();
    await sleep(2_000);
    await startRedis();
  }, afterRestart('v3'),
    'own redis-server stopped 2 s (AOF on) and started; recovered = a deploy requested after it is LIVE', 180_000);
  await measure('PostgreSQL restart', one.name, async () => {
    await stopPg();
    await sleep(2_000);
    await startPg();
  }, afterRestart('v4'),
    'own postgres stopped 2 s (-m fast) and started; recovered = a deploy requested after it is LIVE', 180_000);

  // 7. nginx reload storm: 40 graceful reloads, 100 ms apart.
  const files = nginxFiles();
  await measure(
    'nginx reload storm',
    two.name,
    async () => {
      for (let i = 0; i < 40; i++) {
        await run(config().BERTH_NGINX_BIN, ['-p', files.dir, '-e', path.join(files.dir, 'error.log'), '-c', files.conf, '-s', 'reload'], { timeout: 15_000 });
        await sleep(100);
      }
    },
    async () => true,
    '40 × nginx -s reload 100 ms apart; time = length of the storm',
  );

  // 8. worker kill -9 in the middle of a build (git push → build → deploy); restarted at once.
  const commit = await withRepository(one.id, one.name);
  const midBuild: { id?: string } = {};
  await measure(
    'worker kill -9 mid-build',
    one.name,
    async () => {
      midBuild.id = await pushBuild(one.id, await commit(`mid-build-${Date.now()}`));
      await waitBuild(midBuild.id, (s) => s !== 'QUEUED', 60_000);
      await sleep(1_000);
      killWorker('SIGKILL');
      await startWorker();
    },
    async () => midBuild.id !== undefined && buildLive(midBuild.id),
    "a push's build (Dockerfile app, 5 s last step); worker SIGKILLed 1 s into the build, restarted at once; recovered = the build's release LIVE",
    300_000,
  );

  // 9. web kill: the production web server SIGKILLed and started again as `npm run up` would.
  if (ONLY && !ONLY.includes('web kill')) {
    // not asked for
  } else if (await access(WEB_SERVER).then(() => true, () => false)) {
    const user = await createTestUser();
    webPid = await startWeb();
    for (let i = 0; i < 600 && (await apiMe(user.token)) !== 200; i++) await sleep(200);
    await measure(
      'web kill',
      one.name,
      async () => {
        process.kill(-webPid, 'SIGKILL');
        for (let i = 0; i < 50; i++) {
          try {
            process.kill(webPid, 0);
          } catch {
            break;
          }
          await sleep(100);
        }
        webPid = await startWeb();
      },
      async () => (await apiMe(user.token)) === 200,
      'Next standalone server SIGKILLed (its process group), restarted at once by start_web (scripts/lib.sh, as npm run up); recovered = GET /api/me answers 200',
    );
  } else notMeasured('web kill', 'no production web build (.next/standalone/server.js): run `npm run build` first');

  // 10. full disk during a build: the build directory on a nearly full 4 MB tmpfs of our own.
  const buildDir = config().paths.tmp;
  const fullDisk: { failed?: string; error?: string; next?: string } = {};
  await measure(
    'full disk during a build',
    one.name,
    async () => {
      await mkdir(buildDir, { recursive: true });
      await run('mount', ['-t', 'tmpfs', '-o', 'size=4m,mode=0755', 'berth-chaos-full', buildDir], { timeout: 10_000 });
      diskMounted = true;
      const filler = path.join(buildDir, 'filler');
      const free = await statfs(buildDir);
      await writeFile(filler, Buffer.alloc(Math.max(0, free.bavail * free.bsize - 256 * 1024)));
      const blob = randomBytes(1024 * 1024); // does not fit in what is left
      fullDisk.failed = await pushBuild(one.id, await commit(`full-${Date.now()}`, { blob }));
      await waitBuild(fullDisk.failed, (s) => s === 'FAILED' || s === 'SUCCEEDED', 120_000);
      fullDisk.error = (await buildRow(fullDisk.failed)).error ?? '';
      await rm(filler); // the operator frees space, and pushes again
      fullDisk.next = await pushBuild(one.id, await commit(`after-full-${Date.now()}`, { blob }));
    },
    async () => fullDisk.next !== undefined && buildLive(fullDisk.next),
    'build dir (BERTH_DATA_DIR/tmp) on a 4 MB tmpfs with 256 KB left, a push of 1 MB; space freed once it failed; recovered = the next push LIVE',
    240_000,
  );
  if (fullDisk.error !== undefined) {
    const said = /no space left on device/.test(fullDisk.error) ? 'failed with "no space left on device"' : `did NOT say "no space left": ${fullDisk.error.slice(0, 80)}`;
    rows[rows.length - 1].note += `; the first build ${said}`;
  }
} finally {
  killWorker('SIGKILL');
  if (webPid) await run('bash', ['-c', '. scripts/lib.sh && stop_pidfile web "$1"', 'chaos', path.join(webRun, 'web.pid')], { cwd: ROOT, timeout: 30_000 }).catch(() => undefined);
  if (diskMounted) await run('umount', [config().paths.tmp], { timeout: 10_000 }).catch((e) => console.error(e));
  const mine = { all: true, filters: { label: [`${LABEL.installation}=${installation}`] } };
  const dockers = [localDocker(), ...(engine ? [connectDocker({ dockerUrl: engine.socketUrl })] : [])];
  for (const d of dockers) {
    const left = await d.listContainers(mine).catch(() => []);
    await Promise.all(left.map((c) => d.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  }
  await localDocker().getImage(IMAGE).remove().catch(() => undefined);
  // The images its builds made (labelled with this installation).
  const built = await localDocker().listImages({ filters: { label: [`${LABEL.installation}=${installation}`] } }).catch(() => []);
  for (const image of built) await localDocker().getImage(image.Id).remove({ force: true }).catch(() => undefined);
  await stopNginx(nginxFiles()).catch(() => undefined);
  if (engine) await ext.stopEngine(engine).catch((e) => console.error(e));
  await db.$disconnect().catch(() => undefined);
  await stopRedis();
  await stopPg().catch(() => undefined);
  await rm(tmp, { recursive: true, force: true });
}

const cell = (v: unknown) => String(v);
console.log(`\nChaos (${os.cpus().length} cores, ${new Date().toISOString().slice(0, 16)}Z)`);
console.log('| fault | requests | failed | time to recover | how |');
console.log('|---|---:|---:|---:|---|');
for (const r of rows)
  console.log(`| ${r.fault} | ${cell(r.requests)} | ${cell(r.failed)} | ${typeof r.recoverMs === 'number' ? `${(r.recoverMs / 1000).toFixed(1)} s` : r.recoverMs} | ${r.note} |`);
process.exit(0);
