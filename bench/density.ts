// Density benchmark (not a test): `npx tsx bench/density.ts [--apps 300] [--awake 50] [--wakes 50] [--pushes 20] [--idle 30]`
// On this machine, with its own Berth (throwaway database, data directory, installation id, proxy
// and waker ports; API + git handlers in-process, and every worker loop a real installation runs):
//   1. builds one starter app per template (php, python, node, java) through the real build path,
//      and `--pushes` PHP starter apps (they get the concurrent pushes in step 4);
//   2. deploys the other apps from those starter images (a release per app, no build each — a
//      build per app would measure builds, not density), keeps `--awake` apps awake and puts the
//      rest to sleep (their containers stop, their capacity is released);
//   3. memory: host used (MemTotal − MemAvailable) before and after, and per awake container;
//      then where the idle host's CPU goes over `--idle` seconds (per command name, from /proc);
//   4. wake to first byte through nginx → waker → app, over up to `--wakes` random sleeping apps
//      per template, one at a time (each goes back to sleep after its request);
//   5. `--pushes` concurrent `git push`es of a one-line change, each to its own app: time until
//      every one serves the new content, and how many failed.
// Every loop is bounded (counts and deadlines); everything it made (containers, networks via app
// teardown, nginx, database, data directory) is removed at the end. Warm runtime images are
// assumed (`npm run images` once).
import { readFile, writeFile, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../lib/load-dotenv';
import { cleanupOnce, enterBenchInstallation } from '../scripts/harness/bench-installation';

loadDotEnv();
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const n = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isInteger(n) && n >= 0 ? n : fallback;
};
const LANGS = ['php', 'python', 'node', 'java'] as const;
type Lang = (typeof LANGS)[number];
const APPS = Math.max(flag('apps', 300), LANGS.length);
const PUSHES = Math.min(flag('pushes', 20), APPS - LANGS.length);
const AWAKE = Math.min(flag('awake', 50), APPS);
const WAKES = flag('wakes', 50);
const IDLE_SECONDS = flag('idle', 30);
const PARALLEL = 6; // deploys in flight while filling the host
const started = Date.now();
const log = (s: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}\n`);

// Own database, data directory and installation, set before any Berth module reads the config.
const bench = await enterBenchInstallation('density', {
  BERTH_PORT_RANGE: '32000-32999',
  // Its own address pool for the app networks (one per app): other installations on this engine
  // (tests running meanwhile) take subnets from the default pool at the same moments.
  BERTH_APP_NETWORK_POOL: '10.236.0.0/16',
  BERTH_SLEEP_AFTER_IDLE_MINUTES: '0', // this bench decides who sleeps
});
const { db } = await import('../lib/db');
const { config } = await import('../lib/config');
const { appHostname } = await import('../lib/model/app-url');
const { createRelease } = await import('../lib/releases/create-release');
const { enqueue } = await import('../lib/deploys/request-deployment');
const { putToSleep } = await import('../lib/sleep/sleep-app');
const { teardownApp } = await import('../lib/deploys/teardown-app');
const { dockerForHost } = await import('../lib/docker/host-client');
const { containerStats, listBerthContainers, removeContainer } = await import('../lib/docker/containers');
const { LABEL } = await import('../lib/docker/labels');
const { memoryUsage } = await import('../lib/metrics/ingest/container-stats');
const { listImageIds, removeImage } = await import('../lib/docker/images');
const { startBerthServer } = await import('../scripts/harness/berth-server');
const { appsApiRoutes, api } = await import('../scripts/harness/berth-api');
const { wakePhases } = await import('../scripts/harness/wake-phases');
const { startWorkers } = await import('../scripts/harness/workers');
const { createTestUser } = await import('../scripts/harness/users');
const { runGit, tempDir } = await import('../scripts/harness/git-cli');
const { getThroughProxy, waitForApp } = await import('../scripts/harness/app-http');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');
const { profileCpu, formatCpuProfile } = await import('../scripts/harness/cpu-profile');

const meminfo = async () => {
  const text = await readFile('/proc/meminfo', 'utf8');
  const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0);
  return { totalMb: kb('MemTotal') / 1024, usedMb: (kb('MemTotal') - kb('MemAvailable')) / 1024 };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shuffle = <T>(xs: T[]) => xs.map((x) => [Math.random(), x] as const).sort((a, b) => a[0] - b[0]).map(([, x]) => x);
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n: number) => (Number.isNaN(n) ? '—' : n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${Math.round(n)} ms`);
const table = (head: string[], rows: (string | number)[][]) => {
  console.log(`| ${head.join(' | ')} |`);
  console.log(`|${head.map(() => '---').join('|')}|`);
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log('');
};

/** Time to the first byte of the answer (status line) for GET / through the edge, bounded. */
function firstByte(name: string, timeoutMs = 90_000): Promise<{ ms: number; status: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.request(
      { host: '127.0.0.1', port: config().BERTH_PROXY_PORT, path: '/', headers: { host: appHostname(name) }, timeout: timeoutMs, agent: false },
      (res) => {
        const took = performance.now() - t0;
        res.resume();
        res.on('end', () => resolve({ ms: took, status: res.statusCode ?? 0 }));
        res.on('error', () => resolve({ ms: took, status: 0 }));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ ms: performance.now() - t0, status: 0 }));
    req.end();
  });
}

/** Waits (bounded) until the app's deployments have all finished. */
async function settled(appId: string, timeoutMs = 300_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await db.deployment.count({ where: { appId, status: { in: ['QUEUED', 'RUNNING'] } } });
    if (open === 0) return true;
    await sleep(200);
  }
  return false;
}

const memBefore = await meminfo();
const server = await startBerthServer(appsApiRoutes);
// Every background loop a real installation runs, so the idle figures include Berth's own cost
// at this size (reconciler, observer: events, logs, metrics; sleeper: access log, idle check).
const stopWorkers = await startWorkers(['hosts', 'builds', 'deploys', 'waker', 'reconcile', 'observe', 'sleeper']);
const user = await createTestUser('ADMIN');
const tag = Math.random().toString(36).slice(2, 6);
type BenchApp = { id: string; name: string; lang: Lang; awake: boolean };
const apps: BenchApp[] = [];
const failures: string[] = [];
type WakeFigures = { ms: number[]; failed: number; phases: Record<string, number[]> };
const wakeFigures = (): WakeFigures => ({ ms: [], failed: 0, phases: {} });
const wakes: Record<Lang, WakeFigures> = { php: wakeFigures(), python: wakeFigures(), node: wakeFigures(), java: wakeFigures() };
let memAfter = memBefore;
const perContainer: Record<Lang, number[]> = { php: [], python: [], node: [], java: [] };
let push = { ms: NaN, ok: 0, failed: 0, reasons: [] as string[] };
let fillSeconds = 0;
let idleProfile = '';

async function createStarter(name: string, lang: Lang): Promise<BenchApp> {
  let created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: lang });
  // A loaded machine can push createApp's transaction past its timeout (500, nothing created).
  for (let retry = 0; created.status >= 500 && retry < 2; retry++) created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: lang });
  if (created.status !== 201) throw new Error(`create ${name}: ${created.status} ${JSON.stringify(created.json)}`);
  const row = await db.app.findUniqueOrThrow({ where: { name }, select: { id: true } });
  const app: BenchApp = { id: row.id, name, lang, awake: true };
  apps.push(app); // from now on cleanup() tears it down, live or not
  const deadline = Date.now() + 600_000;
  while (Date.now() < deadline) {
    if ((await getThroughProxy(name)).status === 200) return app;
    const failed = await db.release.findFirst({ where: { appId: row.id, status: 'FAILED' }, select: { failureReason: true } });
    const build = await db.build.findFirst({ where: { appId: row.id, status: 'FAILED' }, select: { id: true } });
    if (failed || build) throw new Error(`${name}: ${failed?.failureReason ?? 'build failed'}`);
    await sleep(500);
  }
  throw new Error(`${name} never went live`);
}

/** Removes everything this run made; once, also when interrupted (Ctrl-C). */
const { cleanup, cleaningUp } = cleanupOnce(
  async () => {
    log('cleaning up');
    for (let i = 0; i < apps.length; i += 8) await Promise.all(apps.slice(i, i + 8).map((a) => teardownApp(a.id).catch(() => undefined)));
    await stopWorkers();
    await server.close();
    const host = await db.host.findFirst();
    if (host) {
      const docker = dockerForHost(host);
      for (const c of await listBerthContainers(docker).catch(() => [])) await removeContainer(docker, c.Id).catch(() => undefined);
      const built = await listImageIds(docker, [...new Set(apps.map((a) => `berth/${a.name}`))]).catch(() => []);
      for (const id of built) await removeImage(docker, id, 30_000).catch(() => undefined);
    }
    await stopNginx(nginxFiles()).catch(() => {});
    await db.$disconnect();
    await bench.remove();
  },
  (signal) => failures.push(`interrupted (${signal})`),
);

try {
  // 1. One starter per template and the push apps, through the real build path.
  log(`building ${LANGS.length} starters and ${PUSHES} push apps`);
  const seeds = new Map<Lang, BenchApp>();
  for (const lang of LANGS) seeds.set(lang, await createStarter(`d${tag}-${lang}`, lang));
  const pushApps: BenchApp[] = [];
  for (let i = 0; i < PUSHES; i += 4) {
    const batch = Array.from({ length: Math.min(4, PUSHES - i) }, (_, k) => createStarter(`d${tag}-push${i + k}`, 'php'));
    for (const r of await Promise.allSettled(batch)) {
      if (r.status === 'fulfilled') pushApps.push(r.value);
      else failures.push(`push app: ${(r.reason as Error).message}`);
    }
  }

  // 2. The other apps: a release of their template's starter image each, deployed, then asleep
  // unless they are among the first AWAKE.
  const fillStart = Date.now();
  const seedRelease = new Map<Lang, { template: string; release: NonNullable<Awaited<ReturnType<typeof db.release.findFirst>>> }>();
  for (const [lang, seed] of seeds) {
    const row = await db.app.findUniqueOrThrow({ where: { id: seed.id }, include: { currentRelease: true } });
    seedRelease.set(lang, { template: row.template, release: row.currentRelease! });
  }
  const rest = APPS - apps.length;
  log(`deploying ${rest} more apps from the starter images (${PARALLEL} at a time), ${AWAKE} stay awake`);
  let next = 0;
  let awake = apps.length;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < rest && !cleaningUp()) {
        const i = next++;
        const lang = LANGS[i % LANGS.length];
        const seed = seedRelease.get(lang)!;
        const name = `d${tag}-${lang}${i}`;
        try {
          const row = await db.app.create({
            data: { name, template: seed.template as never, routes: { create: { hostname: appHostname(name) } } },
          });
          const app: BenchApp = { id: row.id, name, lang, awake: true };
          apps.push(app);
          const { deploymentId } = await createRelease({
            appId: row.id,
            buildId: null,
            imageTag: seed.release.imageTag,
            commitSha: seed.release.commitSha,
            env: { sealed: seed.release.env },
            processTypes: (seed.release.processTypes ?? {}) as Record<string, string>,
            healthcheck: (seed.release.healthcheck ?? null) as never,
            description: 'density bench',
          });
          await enqueue(deploymentId);
          await settled(row.id);
          const release = await db.release.findFirstOrThrow({ where: { appId: row.id }, orderBy: { version: 'desc' } });
          if (release.status !== 'LIVE') throw new Error(`not live: ${release.failureReason}`);
          if (awake < AWAKE) awake++;
          else {
            app.awake = false;
            if (!(await putToSleep(row, { actor: null, reason: 'density bench' }))) throw new Error('could not be put to sleep');
          }
        } catch (error) {
          failures.push(`${name}: ${(error as Error).message}`);
        }
        if ((i + 1) % 20 === 0) log(`${i + 1}/${rest} deployed`);
      }
    }),
  );
  for (const app of apps) await settled(app.id); // every STOP done
  fillSeconds = (Date.now() - fillStart) / 1000;

  // 3. Memory with AWAKE apps awake and the rest asleep.
  await sleep(5_000); // let freshly started runtimes settle
  memAfter = await meminfo();
  const host = await db.host.findFirstOrThrow();
  const docker = dockerForHost(host);
  const byContainer = new Map(apps.map((a) => [a.id, a.lang] as const));
  const running = await listBerthContainers(docker, { running: true, instancesOnly: true });
  for (const c of running) {
    const lang = byContainer.get(c.Labels[LABEL.appId] ?? '') ?? apps.find((a) => a.name === c.Labels[LABEL.app])?.lang;
    if (!lang) continue;
    const stats = await containerStats<Parameters<typeof memoryUsage>[0]>(docker, c.Id, 20_000).catch(() => null);
    if (stats) perContainer[lang].push(memoryUsage(stats).used / 1024 / 1024);
  }
  if (IDLE_SECONDS > 0) {
    log(`idle CPU over ${IDLE_SECONDS} s`);
    const transactions = async () =>
      Number((await db.$queryRaw<{ n: bigint }[]>`SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`)[0]?.n ?? 0);
    const before = await transactions();
    idleProfile = formatCpuProfile(await profileCpu(IDLE_SECONDS));
    idleProfile += `\n\nBerth's database: ${((await transactions()) - before) / IDLE_SECONDS} transactions/s while idle.`;
  }

  // 4. Wake to first byte, per template, one sleeping app at a time.
  for (const lang of LANGS) {
    const asleep = shuffle(apps.filter((a) => a.lang === lang && !a.awake)).slice(0, WAKES);
    log(`waking ${asleep.length} ${lang} apps`);
    for (const app of asleep) {
      if (cleaningUp()) break; // interrupted
      const t0 = Date.now();
      const r = await firstByte(app.name);
      if (r.status === 200) {
        wakes[lang].ms.push(r.ms);
        const phases = await wakePhases(app.id, t0, t0 + r.ms);
        if (phases) for (const [k, v] of Object.entries(phases)) (wakes[lang].phases[k] ??= []).push(v);
      } else {
        wakes[lang].failed++;
        failures.push(`wake ${app.name}: status ${r.status} after ${ms(r.ms)}`);
      }
      await settled(app.id);
      // Asleep again before the next wake: each wake is measured alone, not beside the previous
      // app's stop (the loop's own artifact, not a fleet's).
      await putToSleep(app, { actor: null, reason: 'density bench' });
      await settled(app.id);
    }
  }
  for (const app of apps) await settled(app.id);

  // 5. Concurrent pushes, one per push app.
  if (pushApps.length) {
    log(`${pushApps.length} concurrent pushes`);
    const work = await tempDir('berth-bench-density-');
    const clones = await Promise.all(
      pushApps.map(async (app, i) => {
        const dir = path.join(work, app.name);
        if ((await runGit(['clone', `${server.url}/git/${app.name}.git`, dir], { token: user.token })).code !== 0) throw new Error(`clone ${app.name} failed`);
        const file = path.join(dir, 'index.php');
        const marker = `Density push ${i} ${Date.now()}`;
        await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from', marker));
        await runGit(['commit', '-am', marker], { cwd: dir });
        return { app, dir, marker };
      }),
    );
    const t0 = performance.now();
    const results = await Promise.all(
      clones.map(async ({ app, dir, marker }) => {
        const pushed = await runGit(['push', 'origin', 'main'], { cwd: dir, token: user.token });
        if (pushed.code !== 0 || !/Live at/.test(pushed.stderr)) return `${app.name}: ${pushed.stderr.trim().split('\n').slice(-2).join(' / ')}`;
        const served = await waitForApp(app.name, (res) => res.body.includes(marker), { timeoutMs: 120_000, intervalMs: 100 });
        return served.body.includes(marker) ? null : `${app.name}: new content never served`;
      }),
    );
    const reasons = results.filter((r): r is string => r !== null);
    push = { ms: performance.now() - t0, ok: results.length - reasons.length, failed: reasons.length, reasons };
    await rm(work, { recursive: true, force: true });
  }
} catch (error) {
  failures.push(`aborted: ${(error as Error).stack ?? error}`);
} finally {
  await cleanup();
}

const awakeCount = apps.filter((a) => a.awake).length;
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
console.log(
  `\nBerth density benchmark — ${apps.length}/${APPS} apps deployed, ${awakeCount} awake, ${apps.length - awakeCount} asleep; ` +
    `${os.cpus().length} cores, ${Math.round(memBefore.totalMb)} MB, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; filled in ${fillSeconds.toFixed(0)} s\n`,
);
table(
  ['memory', 'MB'],
  [
    ['host used before', Math.round(memBefore.usedMb)],
    [`host used with ${awakeCount} awake`, Math.round(memAfter.usedMb)],
    ['difference', Math.round(memAfter.usedMb - memBefore.usedMb)],
    ['difference per awake app', (awakeCount ? (memAfter.usedMb - memBefore.usedMb) / awakeCount : NaN).toFixed(1)],
  ],
);
table(
  ['template', 'awake containers', 'memory per container (mean)', 'max'],
  LANGS.map((l) => [l, perContainer[l].length, `${mean(perContainer[l]).toFixed(1)} MB`, `${Math.max(0, ...perContainer[l]).toFixed(1)} MB`]),
);
if (idleProfile) console.log(`Idle, ${awakeCount} awake and ${apps.length - awakeCount} asleep — ${idleProfile}\n`);
table(
  ['template', 'wakes', 'failed', 'p50 to first byte', 'p95', 'max', 'target'],
  LANGS.map((l) => [l, wakes[l].ms.length, wakes[l].failed, ms(pct(wakes[l].ms, 50)), ms(pct(wakes[l].ms, 95)), ms(pct(wakes[l].ms, 100)), l === 'java' ? 'p95 ≤ 3 s' : 'p50 ≤ 1 s, p95 ≤ 2 s']),
);
const phaseNames = Object.keys(Object.values(wakes).find((w) => Object.keys(w.phases).length)?.phases ?? {});
if (phaseNames.length) {
  console.log('Where wake time goes (median per phase, ms):\n');
  table(['template', ...phaseNames], LANGS.map((l) => [l, ...phaseNames.map((k) => ms(pct(wakes[l].phases[k] ?? [], 50)))]));
}
table(['concurrent pushes', 'all live after', 'live', 'failed'], [[PUSHES, ms(push.ms), push.ok, push.failed]]);
for (const r of push.reasons) console.log(`push failure: ${r}`);
for (const f of failures) console.log(`failure: ${f}`);
process.exit(0);
