// Control-plane footprint (not a test): `npx tsx bench/control-plane.ts [--requests 300] [--settle 20]`.
// Starts the PRODUCTION build exactly as `npm run up` runs it — Next's standalone server
// (.next/standalone/server.js) and the bundled worker (dist/worker/index.mjs), both plain node —
// against a throwaway database, data directory, installation and ports, then prints the resident
// memory (RSS) of each whole process tree (the process and every descendant):
//   idle      — after start, once both answer and `--settle` seconds have passed;
//   after API — after `--requests` authenticated API calls and page loads (bounded loop, loopback
//               only), and another settle period.
// Same flags as scripts/up.sh (`--max-semi-space-size=1`, the lazy-deps preload, MALLOC_ARENA_MAX=2); `--plain` leaves
// them out to compare, `--node-flags "--a --b"` replaces them (to try others). Per process it also
// prints where the RSS is (/proc/<pid>/smaps_rollup): anonymous memory (V8 heap, malloc, Wasm
// code) vs file-backed pages (the node binary, shared libraries, mapped files), and the PSS of the
// pair (/proc/<pid>/smaps_rollup): pages shared by both processes (the node binary, libraries)
// counted once between them, i.e. what the machine really pays.
// `--probe` preloads bench/mem-probe.mjs and, once idle, asks each process where its memory is
// (V8 heap and code, loaded packages); `--snapshot` adds a heap snapshot of each (read them with
// `node bench/heap-summary.mjs <file>`; the files stay in the printed directory).
// Target (issue #13): web + worker ≤ 300 MB. Needs `npm run build` first.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadDotEnv } from '../lib/load-dotenv';
import { freePort } from '../scripts/harness/free-port';
import { dropDatabases } from '../scripts/harness/drop-database';

loadDotEnv();
const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const REQUESTS = Math.min(arg('--requests', 300), 5_000);
const SETTLE_S = arg('--settle', 20);
const TARGET_MB = 300;
const PLAIN = args.includes('--plain');
const nodeFlags = args.includes('--node-flags')
  ? args[args.indexOf('--node-flags') + 1].split(' ').filter(Boolean)
  : PLAIN
    ? []
    : ['--max-semi-space-size=1', '--require', path.resolve(import.meta.dirname, '../lib/docker/lazy-deps-preload.cjs')];
const root = path.resolve(import.meta.dirname, '..');
const PROBE = args.includes('--probe') || args.includes('--snapshot');
const probeDir = PROBE ? await mkdtemp(path.join(os.tmpdir(), 'berth-mem-probe-')) : null;
if (PROBE) nodeFlags.push('--import', path.join(root, 'bench/mem-probe.mjs'));
// `--server <path>` / `--worker <path>`: compare another build (e.g. an older commit's bundle).
const server = path.resolve(args.includes('--server') ? args[args.indexOf('--server') + 1] : path.join(root, '.next/standalone/server.js'));
const workerBundle = path.resolve(args.includes('--worker') ? args[args.indexOf('--worker') + 1] : path.join(root, 'dist/worker/index.mjs'));
if (!existsSync(server) || !existsSync(workerBundle)) {
  console.error('bench/control-plane: run `npm run build` first (needs .next/standalone/server.js and dist/worker/index.mjs)');
  process.exit(1);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- a throwaway installation --------------------------------------------------------------------
const baseUrl = process.env.DATABASE_URL!;
const dbName = `berth_bench_cp_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
await admin.end();
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const webPort = await freePort();
const env: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: 'production',
  DATABASE_URL: url.toString(),
  BERTH_DATA_DIR: await mkdtemp(path.join(os.tmpdir(), 'berth-bench-cp-')),
  BERTH_INSTALLATION: `bench-cp-${Math.random().toString(36).slice(2, 7)}`,
  BERTH_PROXY_PORT: String(await freePort()),
  BERTH_PROXY_TLS_PORT: String(await freePort()),
  BERTH_WAKER_PORT: String(await freePort()),
  BERTH_PORT_RANGE: '30200-30219',
  BERTH_PUBLIC_URL: `http://127.0.0.1:${webPort}`,
  PORT: String(webPort),
  HOSTNAME: '127.0.0.1',
  ...(PLAIN ? {} : { MALLOC_ARENA_MAX: '2' }),
  ...(probeDir ? { BERTH_MEM_PROBE_DIR: probeDir, BERTH_MEM_PROBE_SNAPSHOT: args.includes('--snapshot') ? '1' : '0' } : {}),
};
Object.assign(process.env, env);
const { runMigrations } = await import('../lib/migrations/run-migrations');
await runMigrations({ databaseUrl: env.DATABASE_URL!, dir: path.join(root, 'prisma/migrations') });
const { createTestUser } = await import('../scripts/harness/users');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');

// --- the two processes, each in its own process group (stopped by pid at the end) --------------
const children: ChildProcess[] = [];
function start(name: string, argv: string[]) {
  const child = spawn(process.execPath, argv, { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  children.push(child);
  return { name, child, output: () => out };
}

/** RSS in MB of `pid` and every descendant (from /proc), with the command names counted. */
async function treeRss(pid: number): Promise<{ mb: number; processes: number; anonMb: number; fileMb: number; pssMb: number }> {
  const parents = new Map<number, number>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid) parents.set(Number(entry), ppid);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  let kb = 0;
  let anon = 0;
  let file = 0;
  let pss = 0;
  for (const p of tree) {
    const rollup = await readFile(`/proc/${p}/smaps_rollup`, 'utf8').catch(() => '');
    pss += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
    const status = await readFile(`/proc/${p}/status`, 'utf8').catch(() => '');
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    anon += Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0);
    file += Number(/RssFile:\s+(\d+)/.exec(status)?.[1] ?? 0) + Number(/RssShmem:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return { mb: kb / 1024, processes: tree.length, anonMb: anon / 1024, fileMb: file / 1024, pssMb: pss / 1024 };
}

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, ms = 180_000) {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

const web = start('web', [...nodeFlags, server]);
const worker = start('worker', [...nodeFlags, '--enable-source-maps', workerBundle]);
const base = `http://127.0.0.1:${webPort}`;
const rows: { phase: string; web: number; worker: number; pss: number; processes: string; split: string }[] = [];
async function measure(phase: string) {
  const [w, k] = await Promise.all([treeRss(web.child.pid!), treeRss(worker.child.pid!)]);
  const split = `web ${w.anonMb.toFixed(0)}/${w.fileMb.toFixed(0)}, worker ${k.anonMb.toFixed(0)}/${k.fileMb.toFixed(0)}`;
  const pss = `PSS web ${w.pssMb.toFixed(0)}, worker ${k.pssMb.toFixed(0)}`;
  rows.push({ phase, web: w.mb, worker: k.mb, pss: w.pssMb + k.pssMb, processes: `${w.processes} + ${k.processes}`, split: `${split}; ${pss}` });
}

/** --probe: each process writes its own account (bench/mem-probe.mjs); printed in short here. */
async function probe() {
  if (!probeDir) return;
  for (const c of [web, worker]) process.kill(c.child.pid!, 'SIGUSR2');
  const files = [web, worker].map((c) => path.join(probeDir, `${c.child.pid}.json`));
  await waitUntil('the memory probes', () => files.every((f) => existsSync(f)), 120_000);
  await sleep(args.includes('--snapshot') ? 20_000 : 500); // the snapshot is written after the report
  for (const [c, f] of [[web, files[0]], [worker, files[1]]] as const) {
    const r = JSON.parse(await readFile(f, 'utf8')) as {
      memoryUsage: Record<string, number>;
      heapSpaces: Record<string, { size: number; used: number }>;
      code: Record<string, number>;
      modules: [string, number][];
    };
    console.log(`\n[probe] ${c.name} (pid ${c.child.pid}): memoryUsage MB ${JSON.stringify(r.memoryUsage)}`);
    console.log(`[probe] ${c.name}: heap spaces MB (size/used) ${Object.entries(r.heapSpaces).map(([k, v]) => `${k} ${v.size}/${v.used}`).join(', ')}`);
    console.log(`[probe] ${c.name}: code MB ${JSON.stringify(r.code)}`);
    console.log(`[probe] ${c.name}: CommonJS files per package ${r.modules.slice(0, 25).map(([p, n]) => `${p} ${n}`).join(', ')}`);
  }
  console.log(`[probe] reports${args.includes('--snapshot') ? ' and heap snapshots' : ''} in ${probeDir}`);
}

const failures = new Map<string, number>(); // `<path> <status|error>` → count
try {
  await waitUntil('the web server', async () => (await fetch(`${base}/sign-in`, { signal: AbortSignal.timeout(5_000) }).catch(() => null))?.ok ?? false);
  await waitUntil('the worker to lead', () => / leads/.test(worker.output()));
  await sleep(SETTLE_S * 1_000);
  await measure('idle after start');
  await probe();

  // API traffic: the UI's main reads with a token, plus server-rendered pages (bounded count).
  const user = await createTestUser('ADMIN');
  const auth = { authorization: `Bearer ${user.token}` };
  const paths = ['/api/apps', '/api/me', '/api/hosts', '/sign-in', '/api/apps/does-not-exist'];
  const deadline = Date.now() + 120_000;
  for (let i = 0; i < REQUESTS && Date.now() < deadline; i++) {
    const p = paths[i % paths.length];
    let why = '';
    // The token only on API calls: a page request carrying one (and no session cookie) counts as
    // signed in for /sign-in, which sends it on to a page whose proxy check wants the cookie and
    // sends it back (a redirect loop no browser meets). Pages are loaded as a signed-out browser.
    const headers = p.startsWith('/api/') ? auth : {};
    const res = await fetch(`${base}${p}`, { headers, signal: AbortSignal.timeout(10_000) }).catch((error: Error) => {
      why = `error: ${(error.cause as Error | undefined)?.message ?? error.message}`;
      return null;
    });
    if (!res || res.status >= 500) failures.set(`${p} ${res?.status ?? why}`, (failures.get(`${p} ${res?.status ?? why}`) ?? 0) + 1);
    await res?.arrayBuffer().catch(() => undefined);
  }
  await sleep(SETTLE_S * 1_000);
  await measure(`after ${REQUESTS} API requests`);
} finally {
  for (const c of children) {
    try {
      process.kill(-c.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await stopNginx(nginxFiles()).catch(() => undefined);
  await dropDatabases(baseUrl, [dbName]);
  await rm(env.BERTH_DATA_DIR!, { recursive: true, force: true });
}

const mb = (x: number) => x.toFixed(0).padStart(6);
console.log(`\ncontrol plane RSS (MB, whole process trees, node flags: ${nodeFlags.join(' ') || 'none'}${env.MALLOC_ARENA_MAX ? `, MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX}` : ''}; target web + worker ≤ ${TARGET_MB})`);
console.log('phase                          web  worker   total  PSS total  processes  anon/file MB; PSS each');
for (const r of rows) console.log(`${r.phase.padEnd(28)}${mb(r.web)}  ${mb(r.worker)}  ${mb(r.web + r.worker)}     ${mb(r.pss)}  ${r.processes.padEnd(9)}  ${r.split}`);
for (const [what, n] of failures) console.log(`(${n} × ${what})`);
const worst = Math.max(...rows.map((r) => r.web + r.worker));
console.log(worst <= TARGET_MB ? `target met: ${worst.toFixed(0)} ≤ ${TARGET_MB} MB` : `TARGET MISSED: ${worst.toFixed(0)} > ${TARGET_MB} MB`);
process.exit(worst <= TARGET_MB ? 0 : 1);
