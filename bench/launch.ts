// Launch benchmark (not a test): `npx tsx bench/launch.ts [--runs 5] [--only php,node]`.
// What the user sees, per template, median of N runs, measured by a concurrent poller (a GET
// through the edge nginx every 50 ms, fresh connection each; scripts/harness/poller.ts):
//   click-to-live — POST /api/apps → the poller first sees the starter page
//   push-to-live  — `git push` of a one-line change starts → the poller first sees the change
//                   (also: how long `git push` itself took; it returns once the release is live)
//   held          — the longest any poll waited during the push (the post-switch stall was 2.5 s)
// and, for Python, crash-to-failed — a pushed release whose WSGI module has a syntax error: the
// container's first `die` event → the release is FAILED in PostgreSQL (and → `git push` returns).
// Env BENCH_PORT_RANGE (e.g. 31000-31049) moves its app port range, for two benches at once.
// Runs Berth in-process (API + git handlers in a small HTTP server, builds + deploys workers)
// against its own throwaway database, data directory, installation id and proxy port.
// Warm runtime images are assumed (`npm run images` once); the starter images are made current
// first (New app then deploys them without a build; the table says how many runs did).
import { readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../lib/load-dotenv';
import { startBenchBerth } from '../scripts/harness/bench-berth';
import { TEMPLATE_NAMES, type TemplateName } from '../lib/model/templates';
import { STARTER_TEXT } from '../scripts/harness/starters';

loadDotEnv();
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const LANGS = TEMPLATE_NAMES.filter((l) => !ONLY || ONLY.includes(l));

const berth = await startBenchBerth('launch', process.env.BENCH_PORT_RANGE ?? '30000-30199');
const { server, user } = berth;
const { db } = await import('../lib/db');
const { api } = await import('../scripts/harness/berth-api');
const { runGit, tempDir } = await import('../scripts/harness/git-cli');
const { startPoller } = await import('../scripts/harness/poller');
const { waitDeploySettled, waitNetworkPoolReady } = await import('../scripts/harness/deploy-settled');
const { prebuildStarter } = await import('../lib/apps/prebuild-starter');
const { containerEvents } = await import('../lib/docker/containers');
const { localDocker } = await import('../lib/docker/connect');

type Result = { click: number[]; push: number[]; pushCmd: number[]; held: number[]; prebuilt: number; pooled: number; crash: number[]; crashPush: number[]; failures: string[] };
const results: Record<string, Result> = {};

const loadBefore: number[] = [];
try {
  for (const lang of LANGS) {
    const started = Date.now();
    process.stderr.write(`berth/starter-${lang}: ${await prebuildStarter(lang)} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  }
  loadBefore.push(...os.loadavg());
  for (const lang of LANGS) {
    const r: Result = { click: [], push: [], pushCmd: [], held: [], prebuilt: 0, pooled: 0, crash: [], crashPush: [], failures: [] };
    results[lang] = r;
    for (let i = 0; i < RUNS; i++) {
      const name = `b${lang.slice(0, 2)}${Math.random().toString(36).slice(2, 8)}`;
      try {
        await measureRun(lang, name, i, r);
      } catch (error) {
        r.failures.push(`${name}: ${(error as Error).message}`);
      } finally {
        await api(server.url, user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
      }
      process.stderr.write(`${lang} run ${i + 1}/${RUNS} done\n`);
    }
  }
} finally {
  await berth.stop();
}

async function measureRun(lang: TemplateName, name: string, i: number, r: Result): Promise<void> {
  // The previous app's deploy is over; the leader makes a network for the next new app meanwhile.
  const pool = await waitNetworkPoolReady();
  const poller = startPoller(name, { intervalMs: 50, maxRequests: 4_000, maxMs: 200_000 });
  try {
    const t0 = performance.now();
    const created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: lang });
    if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
    const live = await poller.waitFor((s) => s.status === 200 && s.body.includes(STARTER_TEXT[lang].greeting), { since: t0, timeoutMs: 110_000 });
    if (!live) throw new Error('never live');
    r.click.push(live.endedAt - t0);
    if (pool.includes((await db.app.findUnique({ where: { name }, select: { id: true } }))?.id ?? '')) r.pooled++;
    const first = await db.build.findFirst({ where: { app: { name } }, select: { imageTag: true } });
    if (first?.imageTag?.startsWith('berth/starter-')) r.prebuilt++;
  } finally {
    await poller.stop();
  }

  const work = path.join(await tempDir('berth-bench-'), 'w');
  try {
    if ((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: user.token })).code !== 0) throw new Error('clone failed');
    const file = path.join(work, STARTER_TEXT[lang].file);
    const marker = `Bench change ${i} ${Date.now()}`;
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll(STARTER_TEXT[lang].greeting, marker));
    await runGit(['commit', '-am', marker], { cwd: work });
    await waitDeploySettled(name); // the New app deploy's tail (spare network), as a developer's edit would
    const poller = startPoller(name, { intervalMs: 50, maxRequests: 4_000, maxMs: 200_000 });
    try {
      const t0 = performance.now();
      const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: user.token, timeoutMs: 170_000 });
      r.pushCmd.push(performance.now() - t0);
      if (push.code !== 0 || !/Live at/.test(push.stderr)) throw new Error(`push: ${push.stderr.slice(-500)}`);
      const served = await poller.waitFor((s) => s.status === 200 && s.body.includes(marker), { since: t0, timeoutMs: 60_000 });
      if (!served) throw new Error('new content never served');
      r.push.push(served.endedAt - t0);
      // A second more of polling: a stall after the switch would show here.
      await poller.waitFor(() => true, { since: performance.now() + 1_000, timeoutMs: 5_000 });
      const samples = await poller.stop();
      const during = samples.filter((s) => s.startedAt >= t0);
      if (during.some((s) => s.status !== 200)) throw new Error(`${during.filter((s) => s.status !== 200).length} polls failed during the push`);
      r.held.push(Math.max(...during.map((s) => s.endedAt - s.startedAt)));
    } finally {
      await poller.stop();
    }
    if (lang === 'python') await measureCrash(name, work, file, r);
  } finally {
    await rm(path.dirname(work), { recursive: true, force: true });
  }
}

/** Pushes a release whose process cannot start (syntax error): its container's first `die` → release FAILED. */
async function measureCrash(name: string, work: string, file: string, r: Result): Promise<void> {
  // The case: a syntax error in the WSGI module (the wsgi.py; the starter's is
  // app.py). gunicorn's worker cannot boot, so gunicorn halts and the container exits (a SystemExit at import is a normal worker exit instead:
  // gunicorn reboots the worker forever and the container never exits).
  await writeFile(file, `def broken(:\n${await readFile(file, 'utf8')}`);
  await runGit(['commit', '-am', 'Crash at start'], { cwd: work });
  await waitDeploySettled(name);
  const abort = new AbortController();
  const events = await containerEvents(localDocker(), { since: Math.floor(Date.now() / 1000), signal: abort.signal });
  let diedAt = 0;
  let buffered = '';
  events.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      try {
        const e = JSON.parse(line) as { status?: string; timeNano?: number; Actor?: { Attributes?: Record<string, string> } };
        if (!diedAt && e.status === 'die' && e.Actor?.Attributes?.['berth.app'] === name) diedAt = (e.timeNano ?? 0) / 1e6;
      } catch {
        /* a partial line: the next chunk completes it */
      }
    }
  });
  events.on('error', () => {});
  let failedAt = 0;
  const watch = (async () => {
    const deadline = Date.now() + 90_000;
    while (!failedAt && Date.now() < deadline) {
      const failed = await db.release.findFirst({ where: { app: { name }, status: 'FAILED' }, select: { id: true } });
      if (failed) failedAt = Date.now();
      else await new Promise((res) => setTimeout(res, 25));
    }
  })();
  try {
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: user.token, timeoutMs: 100_000 });
    const pushReturned = Date.now();
    await watch;
    if (push.code === 0) throw new Error('the crashing release went live?');
    if (!diedAt || !failedAt) throw new Error(`crash not observed (die ${diedAt}, failed ${failedAt})`);
    r.crash.push(failedAt - diedAt);
    r.crashPush.push(pushReturned - diedAt);
  } finally {
    abort.abort();
  }
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
const msec = (ms: number) => (Number.isNaN(ms) ? '—' : `${Math.round(ms)} ms`);
const loadAfter = os.loadavg();
console.log(
  `\nBerth launch benchmark — median of ${RUNS} run(s), ${os.cpus().length} cores, warm runtime images, ` +
    'starter images prebuilt; ' +
    `load average ${loadBefore.map((l) => l.toFixed(1)).join(' ')} before, ${loadAfter.map((l) => l.toFixed(1)).join(' ')} after\n`,
);
console.log('| template | click-to-live | New app without build | New app on a pooled network | push-to-live | git push returned | longest poll during push | runs ok |');
console.log('|---|---|---|---|---|---|---|---|');
for (const lang of LANGS) {
  const r = results[lang];
  console.log(
    `| ${lang} | ${sec(median(r.click))} | ${r.prebuilt}/${r.click.length} | ${r.pooled}/${r.click.length} | ${sec(median(r.push))} | ${sec(median(r.pushCmd))} | ${msec(r.held.length ? Math.max(...r.held) : NaN)} | ${r.push.length}/${RUNS} |`,
  );
}
const crash = results.python?.crash ?? [];
if (crash.length) {
  console.log(
    `\nCrashing release (python, syntax error in the WSGI module): reported FAILED ${sec(median(crash))} after its container exited ` +
      `(median of ${crash.length}; max ${sec(Math.max(...crash))}); git push returned ${sec(median(results.python.crashPush))} after the exit`,
  );
}
for (const lang of LANGS) for (const f of results[lang].failures) console.log(`failure (${lang}): ${f}`);
process.exit(0);
