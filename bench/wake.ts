// Wake benchmark (not a test): `npx tsx bench/wake.ts [--wakes 5] [--langs php,python,node,java]`
// On this machine, with its own Berth (throwaway database, data directory, installation id, proxy
// and waker ports, port range and app network pool; workers hosts/deploys/waker in this process):
//   1. deploys one app per template from its prebuilt starter image (`npm run images`; what New
//      app's first release runs), through the deploy queue;
//   2. `--wakes` times per template and per way: puts the app to sleep (STOP deployment), then
//      GET / through nginx → waker → START deployment → app, timing the first byte;
//        kept    — as Berth does now: the stopped container is kept, the wake starts it again;
//        created — the bench removes the stopped container first, so the wake creates it (what
//                  every wake did before containers were kept);
//   3. prints p50/p95 per template and way, in total and per step: request → START row (waker),
//      queue + app lock, placement (converge + reservation), container (inspect, or image check +
//      network + create), docker start, health check, RUNNING → first byte (waker poll + proxy).
// Loopback only, every loop bounded; everything it made (containers, networks via app teardown,
// nginx, database, data directory) is removed at the end, also on Ctrl-C. Images are kept.
import http from 'node:http';
import os from 'node:os';
import { loadDotEnv } from '../lib/load-dotenv';
import { cleanupOnce, enterBenchInstallation } from '../scripts/harness/bench-installation';

loadDotEnv();
const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const WAKES = Math.min(Math.max(Number(arg('wakes') ?? 5) || 5, 1), 100);
const ALL = ['php', 'python', 'node', 'java'] as const;
type Lang = (typeof ALL)[number];
const LANGS = (arg('langs')?.split(',') ?? [...ALL]).filter((l): l is Lang => (ALL as readonly string[]).includes(l));
const WAYS = ['kept', 'created'] as const;
const started = Date.now();
const log = (s: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0)} s] ${s}\n`);

const bench = await enterBenchInstallation('wake', {
  BERTH_PORT_RANGE: '33100-33199',
  BERTH_APP_NETWORK_POOL: '10.238.0.0/16', // not the pool tests or bench/density.ts use
  BERTH_SLEEP_AFTER_IDLE_MINUTES: '0', // this bench decides who sleeps
});
const { db } = await import('../lib/db');
const { config } = await import('../lib/config');
const { appHostname } = await import('../lib/model/app-url');
const { templateEnumOf } = await import('../lib/model/templates');
const { createRelease } = await import('../lib/releases/create-release');
const { enqueue } = await import('../lib/deploys/request-deployment');
const { putToSleep } = await import('../lib/sleep/sleep-app');
const { teardownApp } = await import('../lib/deploys/teardown-app');
const { startTimingsOf } = await import('../lib/deploys/start-timings');
const { wakePhases } = await import('../scripts/harness/wake-phases');
const { dockerForHost } = await import('../lib/docker/host-client');
const { listBerthContainers, removeContainer } = await import('../lib/docker/containers');
const { startWorkers } = await import('../scripts/harness/workers');
const { waitForApp } = await import('../scripts/harness/app-http');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n: number) => (Number.isNaN(n) ? '—' : `${Math.round(n)}`);

/** Time to the first byte (status line) of GET / through the edge; bounded. */
function firstByte(name: string, timeoutMs = 60_000): Promise<{ ms: number; status: number; at: number }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const done = (status: number) => resolve({ ms: performance.now() - t0, status, at: Date.now() });
    const req = http.request(
      { host: '127.0.0.1', port: config().BERTH_PROXY_PORT, path: '/', headers: { host: appHostname(name) }, timeout: timeoutMs, agent: false },
      (res) => {
        done(res.statusCode ?? 0);
        res.resume();
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => done(0));
    req.end();
  });
}

/** Waits (bounded) until the app has no queued or running deployment. */
async function settled(appId: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await db.deployment.count({ where: { appId, status: { in: ['QUEUED', 'RUNNING'] } } })) === 0) return;
    await sleep(100);
  }
  throw new Error(`deployments of ${appId} did not finish in ${timeoutMs / 1000} s`);
}

type Figures = { total: number[]; failed: number; steps: Record<string, number[]>; how: Record<string, number> };
const figures = new Map<string, Figures>();
const apps: { id: string; name: string; lang: Lang }[] = [];
const failures: string[] = [];

let stopWorkers: (() => Promise<void>) | null = null;
const { cleanup, cleaningUp } = cleanupOnce(
  async () => {
    log('cleaning up');
    for (const app of apps) await teardownApp(app.id).catch(() => undefined);
    await stopWorkers?.();
    await stopNginx(nginxFiles()).catch(() => {});
    await db.$disconnect();
    await bench.remove();
  },
  (signal) => failures.push(`interrupted (${signal})`),
);

try {
  stopWorkers = await startWorkers(['hosts', 'deploys', 'waker']);
  const tag = Math.random().toString(36).slice(2, 6);
  for (const lang of LANGS) {
    const name = `w${tag}-${lang}`;
    const row = await db.app.create({ data: { name, template: templateEnumOf(lang), routes: { create: { hostname: appHostname(name) } } } });
    apps.push({ id: row.id, name, lang });
    const { deploymentId } = await createRelease({
      appId: row.id,
      buildId: null,
      imageTag: `berth/starter-${lang}:latest`,
      commitSha: 'starter',
      env: { plain: {} },
      processTypes: {},
      healthcheck: null,
      description: 'wake bench',
    });
    await enqueue(deploymentId);
    await settled(row.id);
    if ((await waitForApp(name, (r) => r.status === 200, { timeoutMs: 60_000 })).status !== 200) throw new Error(`${name} did not go live`);
    log(`${name} live`);
  }

  const host = await db.host.findFirstOrThrow();
  const docker = dockerForHost(host);
  for (let k = 0; k < WAKES && !cleaningUp(); k++) {
    for (const app of apps) {
      for (const way of WAYS) {
        const key = `${app.lang}/${way}`;
        const f = figures.get(key) ?? { total: [], failed: 0, steps: {}, how: {} };
        figures.set(key, f);
        if (!(await putToSleep(app, { actor: null, reason: 'wake bench' }))) throw new Error(`${app.name} could not be put to sleep`);
        await settled(app.id);
        if (way === 'created') {
          for (const c of await listBerthContainers(docker, { appId: app.id })) await removeContainer(docker, c.Id, { missingOk: true });
        }
        await sleep(500); // the stop's own aftermath (docker events, log drain) out of the way
        const t0 = Date.now();
        const r = await firstByte(app.name);
        if (r.status !== 200) {
          f.failed++;
          failures.push(`${key}: status ${r.status} after ${Math.round(r.ms)} ms`);
        } else {
          f.total.push(r.ms);
          const p = await wakePhases(app.id, t0, r.at);
          if (p) for (const [step, v] of Object.entries(p)) (f.steps[step] ??= []).push(v);
        }
        await settled(app.id);
        const i = await db.instance.findFirst({ where: { appId: app.id, processType: 'web', status: 'RUNNING' }, orderBy: { updatedAt: 'desc' } });
        const how = (i && startTimingsOf(i.id)?.container) ?? '?';
        f.how[how] = (f.how[how] ?? 0) + 1;
      }
    }
    log(`round ${k + 1}/${WAKES} done`);
  }
} catch (error) {
  failures.push(`aborted: ${(error as Error).stack ?? String(error)}`);
} finally {
  await cleanup();
}

console.log(`\nBerth wake benchmark — ${WAKES} wakes per template and way; ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
console.log('| template | way | wakes | failed | container was | p50 ms | p95 ms | max ms |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [key, f] of figures) {
  const [lang, way] = key.split('/');
  const how = Object.entries(f.how).map(([h, n]) => `${h} ×${n}`).join(', ');
  console.log(`| ${lang} | ${way} | ${f.total.length} | ${f.failed} | ${how} | ${ms(pct(f.total, 50))} | ${ms(pct(f.total, 95))} | ${ms(pct(f.total, 100))} |`);
}
const stepNames = Object.keys([...figures.values()].find((f) => Object.keys(f.steps).length)?.steps ?? {});
if (stepNames.length) {
  console.log('\nWhere the time goes, p50 (p95) per step, ms:\n');
  console.log(`| template | way | ${stepNames.join(' | ')} |`);
  console.log(`|---|---|${stepNames.map(() => '---').join('|')}|`);
  for (const [key, f] of figures) {
    const [lang, way] = key.split('/');
    console.log(`| ${lang} | ${way} | ${stepNames.map((s) => `${ms(pct(f.steps[s] ?? [], 50))} (${ms(pct(f.steps[s] ?? [], 95))})`).join(' | ')} |`);
  }
}
for (const f of failures) console.log(`failure: ${f}`);
process.exit(failures.length ? 1 : 0);
