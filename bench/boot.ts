// App boot benchmark (not a test): `npx tsx bench/boot.ts [--runs 5] [--langs php,python,node,java]
//   [--image python=berth/starter-python:abc] [--tier small] [--boost]`
// The part of click-to-live, push-to-live and wake that happens inside the container: from
// `docker start` returning until the app's first HTTP 200 on its published loopback port (GET /
// every 10 ms, a fresh connection each, at most 15 s). Each run creates one container per
// template from its starter image (`npm run images`) with the create spec an instance gets
// (lib/deploys/container-spec.ts: tier limits, every capability dropped, no-new-privileges), but
// on the engine's default bridge and without Berth's labels (no Berth's reconciler may take it
// for its own). Per template: the fresh start (New app / a push), then the same container
// stopped and started again (a wake of a kept container), then its memory in use 1 s after the
// first 200 (what `docker stats` shows). Templates alternate within a run, so load drifts
// spread evenly. `--boost`: created with the startup CPU boost (lib/deploys/cpu-boost.ts: every
// core of this machine as the CPU limit, as an instance boots; never capped here). Everything it creates is named boot-bench-<pid>-* and removed, also on Ctrl-C.
import http from 'node:http';
import os from 'node:os';
import { loadDotEnv } from '../lib/load-dotenv';
import { freePort } from '../scripts/harness/free-port';

loadDotEnv();
const args = process.argv.slice(2);
const argAll = (name: string) => args.flatMap((a, i) => (a === `--${name}` && args[i + 1] ? [args[i + 1]] : []));
const arg = (name: string) => argAll(name)[0];
const RUNS = Math.min(Math.max(Number(arg('runs') ?? 5) || 5, 1), 50);
const ALL = ['php', 'python', 'node', 'java'] as const;
type Lang = (typeof ALL)[number];
const LANGS = (arg('langs')?.split(',') ?? [...ALL]).filter((l): l is Lang => (ALL as readonly string[]).includes(l));
const IMAGES = new Map<Lang, string>(LANGS.map((l) => [l, `berth/starter-${l}:latest`]));
for (const pair of argAll('image')) {
  const [lang, image] = pair.split('=', 2) as [Lang, string];
  if (IMAGES.has(lang) && image) IMAGES.set(lang, image);
}
const TIER = (arg('tier') ?? 'small').toUpperCase();
const POLL_MS = 10;
const BOOT_LIMIT_MS = 15_000;
const PREFIX = `boot-bench-${process.pid}-`;

const { localDocker } = await import('../lib/docker/connect');
const { containerSpec } = await import('../lib/deploys/container-spec');
const { containerStats, removeContainer, stopContainer } = await import('../lib/docker/containers');
const { memoryUsage } = await import('../lib/metrics/ingest/container-stats');
const { TIERS } = await import('../lib/model/tiers');
const resources = TIERS[TIER as keyof typeof TIERS];
if (!resources) throw new Error(`unknown tier ${TIER}`);
const BOOST = args.includes('--boost');
const { startupCpuLimit } = await import('../lib/deploys/cpu-boost');
const startupCpu = BOOST ? startupCpuLimit(resources.cpuLimit, os.cpus().length * 1000, 1) : resources.cpuLimit;
const docker = localDocker(30_000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One GET / on loopback: its status, 0 when refused, reset or timed out. */
function get(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
  });
}

/** ms from now until GET / first answers 200 (a poll every 10 ms); null past the limit. */
async function untilOk(port: number, from: number): Promise<number | null> {
  while (performance.now() - from < BOOT_LIMIT_MS) {
    const tick = performance.now();
    if ((await get(port)) === 200) return performance.now() - from;
    await sleep(Math.max(0, POLL_MS - (performance.now() - tick)));
  }
  return null;
}

type Sample = { start: number; fresh: number | null; restart: number | null; memoryMb: number | null };

async function measure(lang: Lang, run: number): Promise<Sample> {
  const name = `${PREFIX}${lang}-${run}`;
  const port = await freePort();
  const spec = containerSpec({
    name,
    image: IMAGES.get(lang)!,
    app: name,
    appId: name,
    releaseId: name,
    version: 1,
    instanceId: name,
    processType: 'web',
    env: {},
    resources,
    startupCpuLimit: startupCpu,
    hostAddress: '127.0.0.1',
    hostPort: port,
    network: 'bridge',
  });
  spec.Labels = { 'berth-bench': 'boot' };
  const container = await docker.createContainer(spec);
  try {
    const t0 = performance.now();
    await container.start();
    const started = performance.now();
    const fresh = await untilOk(port, started);
    let memoryMb: number | null = null;
    if (fresh !== null) {
      await sleep(1_000);
      const stats = await containerStats<Parameters<typeof memoryUsage>[0]>(docker, container.id, 20_000).catch(() => null);
      memoryMb = stats ? memoryUsage(stats).used / 1024 / 1024 : null;
    }
    await stopContainer(docker, container.id, 5);
    await container.start();
    const restart = await untilOk(port, performance.now());
    return { start: started - t0, fresh, restart, memoryMb };
  } finally {
    await removeContainer(docker, container.id, { missingOk: true });
  }
}

async function cleanup(): Promise<void> {
  const left = await docker.listContainers({ all: true, filters: { name: [PREFIX] } }).catch(() => []);
  await Promise.all(left.map((c) => removeContainer(docker, c.Id, { missingOk: true }).catch(() => {})));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (n: number) => (Number.isNaN(n) ? '—' : `${Math.round(n)}`);

const samples = new Map<Lang, Sample[]>(LANGS.map((l) => [l, []]));
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const loadBefore = load();
const began = new Date();
try {
  for (let run = 0; run < RUNS; run++) {
    for (const lang of LANGS) {
      const s = await measure(lang, run);
      samples.get(lang)!.push(s);
      process.stderr.write(`run ${run + 1} ${lang}: start ${fmt(s.start)} ms, boot ${fmt(s.fresh ?? NaN)} ms, restart ${fmt(s.restart ?? NaN)} ms\n`);
    }
  }
} finally {
  await cleanup();
}

const ok = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
console.log(`\nApp boot, ${began.toISOString().slice(0, 16)} UTC, ${RUNS} runs, tier ${TIER}${BOOST ? ` (boosted: CPU limit ${startupCpu} millicores)` : ''}, load ${loadBefore} → ${load()}, medians (min–max):\n`);
console.log('| template | image | ok | docker start ms | start → first 200 ms | again after stop ms | memory MB |');
console.log('|---|---|---|---|---|---|---|');
for (const lang of LANGS) {
  const xs = samples.get(lang)!;
  const fresh = ok(xs.map((s) => s.fresh));
  const range = fresh.length ? ` (${fmt(Math.min(...fresh))}–${fmt(Math.max(...fresh))})` : '';
  console.log(
    `| ${lang} | ${IMAGES.get(lang)} | ${fresh.length}/${xs.length} | ${fmt(median(xs.map((s) => s.start)))} | ` +
      `${fmt(median(fresh))}${range} | ${fmt(median(ok(xs.map((s) => s.restart))))} | ${median(ok(xs.map((s) => s.memoryMb))).toFixed(1)} |`,
  );
}
process.exit(0);
