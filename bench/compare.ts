// Side-by-side benchmark (optional, not a test): `npx tsx bench/compare.ts [--runs 5]`.
// The same stdlib Python WSGI app (Berth's Python starter, app.py) pushed to Berth and to another
// git-push PaaS installed on this machine, interleaved, each timed from the start of `git push`
// of a one-line change until its new content is served (polled every 50 ms, bounded).
//
// Supported: Piku (https://piku.github.io; nginx + uWSGI, no containers), found as the user
// `piku` with ~piku/piku.py, pushed to over SSH as BERTH_COMPARE_PIKU_REMOTE (default
// piku@127.0.0.1, with your own SSH key) and served by its nginx on 127.0.0.1:BERTH_COMPARE_PIKU_PORT
// (default 80) under the Host `<app>.piku.localhost` (NGINX_SERVER_NAME in the app's ENV file).
// When none is installed it says so and exits 0.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDotEnv } from '../lib/load-dotenv';

loadDotEnv();
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 5;
const GREETING = 'Hello from Python';

const pikuHome = findPiku();
if (!pikuHome) {
  console.log('No other git-push PaaS is installed here (looked for Piku: a `piku` user with ~piku/piku.py). Nothing to compare.');
  process.exit(0);
}
const PIKU_REMOTE = process.env.BERTH_COMPARE_PIKU_REMOTE ?? 'piku@127.0.0.1';
const PIKU_PORT = Number(process.env.BERTH_COMPARE_PIKU_PORT ?? 80);

const { startBenchBerth } = await import('../scripts/harness/bench-berth');
const berth = await startBenchBerth('compare', process.env.BENCH_PORT_RANGE ?? '30400-30449');
const { api } = await import('../scripts/harness/berth-api');
const { runGit, tempDir } = await import('../scripts/harness/git-cli');
const { getFromLoopback, getThroughProxy } = await import('../scripts/harness/app-http');

const name = `cmp${Math.random().toString(36).slice(2, 8)}`;
const times = { berth: [] as number[], piku: [] as number[] };
const failures: string[] = [];
const dir = await tempDir('berth-compare-');
try {
  // Berth: a Python app from the starter, cloned.
  const created = await api(berth.server.url, berth.user.token, 'POST', '/api/apps', { name, template: 'python' });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
  const berthWork = path.join(dir, 'berth');
  if ((await runGit(['clone', `${berth.server.url}/git/${name}.git`, berthWork], { token: berth.user.token })).code !== 0) throw new Error('clone failed');
  const berthGet = () => getThroughProxy(name);
  if (!(await until(berthGet, (b) => b.includes(GREETING), 120_000))) throw new Error('Berth app never live');

  // Piku: the same app.py, with what Piku needs to run it as WSGI behind its nginx.
  const pikuWork = path.join(dir, 'piku');
  await mkdir(pikuWork);
  await writeFile(path.join(pikuWork, 'app.py'), await readFile(path.join(berthWork, 'app.py')));
  await writeFile(path.join(pikuWork, 'requirements.txt'), '');
  await writeFile(path.join(pikuWork, 'Procfile'), 'wsgi: app:application\n');
  await writeFile(path.join(pikuWork, 'ENV'), `NGINX_SERVER_NAME=${name}.piku.localhost\n`);
  await runGit(['init', '-q', pikuWork]);
  await runGit(['add', '.'], { cwd: pikuWork });
  await runGit(['commit', '-qm', 'Python starter'], { cwd: pikuWork });
  const pikuGet = () => getFromLoopback({ port: PIKU_PORT, host: `${name}.piku.localhost` });
  if ((await pikuPush(pikuWork)).code !== 0) throw new Error('first push to Piku failed');
  if (!(await until(pikuGet, (b) => b.includes(GREETING), 120_000))) throw new Error('Piku app never live');

  for (let i = 0; i < RUNS; i++) {
    const marker = `Compare change ${i} ${Date.now()}`;
    for (const [target, work, push, get] of [
      ['berth', berthWork, () => runGit(['push', 'origin', 'main'], { cwd: berthWork, token: berth.user.token, timeoutMs: 120_000 }), berthGet],
      ['piku', pikuWork, () => pikuPush(pikuWork), pikuGet],
    ] as const) {
      const file = path.join(work, 'app.py');
      await writeFile(file, (await readFile(file, 'utf8')).replace(/Hello from Python|Compare change \d+ \d+/g, marker));
      await runGit(['commit', '-qam', marker], { cwd: work });
      const t0 = performance.now();
      const pushed = push();
      const seen = await until(get, (b) => b.includes(marker), 120_000);
      if ((await pushed).code !== 0 || !seen) failures.push(`${target} run ${i + 1}: ${seen ? 'push failed' : 'new content never served'}`);
      else times[target].push(performance.now() - t0);
    }
    process.stderr.write(`run ${i + 1}/${RUNS} done\n`);
  }
} catch (error) {
  failures.push((error as Error).message);
} finally {
  await api(berth.server.url, berth.user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
  await pikuDestroy();
  await berth.stop();
  await rm(dir, { recursive: true, force: true });
}

const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const sec = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);
console.log(`\nPush-to-new-content, the same Python WSGI app, interleaved, median of ${RUNS}\n`);
console.log('| platform | median | runs ok |\n|---|---|---|');
console.log(`| Berth | ${sec(median(times.berth))} | ${times.berth.length}/${RUNS} |`);
console.log(`| Piku | ${sec(median(times.piku))} | ${times.piku.length}/${RUNS} |`);
console.log(`\nratio Berth / Piku: ${(median(times.berth) / median(times.piku)).toFixed(2)}`);
for (const f of failures) console.log(`failure: ${f}`);
process.exit(0);

function findPiku(): string | null {
  try {
    const home = execFileSync('getent', ['passwd', 'piku'], { encoding: 'utf8', timeout: 5_000 }).split(':')[5];
    return home && existsSync(path.join(home, 'piku.py')) ? home : null;
  } catch {
    return null; // no such user
  }
}

/** `git push` over SSH with the caller's own keys (HOME kept), never prompting. */
function pikuPush(work: string): Promise<{ code: number }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['push', '-q', `${PIKU_REMOTE}:${name}`, 'HEAD:master'],
      {
        cwd: work,
        timeout: 120_000,
        env: { ...process.env, GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new -o ConnectTimeout=10' },
      },
      (error) => resolve({ code: error ? 1 : 0 }),
    );
  });
}

function pikuDestroy(): Promise<void> {
  return new Promise((resolve) => {
    const [user, host] = PIKU_REMOTE.split('@');
    execFile(
      'ssh',
      ['-o', 'BatchMode=yes', '-o', 'ConnectTimeout=10', '-l', user, '--', host, 'destroy', name],
      { timeout: 60_000 },
      () => resolve(),
    );
  });
}

/** Polls `get` every 50 ms until its body passes `check` (true) or `timeoutMs` passes (false). */
async function until(get: () => Promise<{ status: number; body: string }>, check: (body: string) => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await get();
    if (res.status === 200 && check(res.body)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}
