// Launch benchmark (not a test): `npx tsx bench/launch.ts [--runs 3] [--only php,node]`.
// Per language, median of N runs of:
//   click-to-live — POST /api/apps → first HTTP 200 on the app URL through the edge proxy
//   push-to-live  — `git push` of a one-line change → new content served (the push itself
//                   returns when the release is live; the extra poll shows any lag after it)
// Runs Berth in-process (API + git handlers in a small HTTP server, builds + deploys workers)
// against its own throwaway database, data directory, installation id and proxy port.
// Warm runtime images are assumed (`npm run images` once).
import { readFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadDotEnv } from '../lib/load-dotenv';
import { createBenchInstallation } from '../scripts/harness/bench-installation';
import { TEMPLATE_NAMES } from '../lib/model/templates';

loadDotEnv();
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const LANGS = TEMPLATE_NAMES.filter((l) => !ONLY || ONLY.includes(l));
const MAIN_FILE = { php: 'index.php', node: 'server.js', python: 'app.py', java: 'src/Main.java', static: 'index.html' } as const;

const bench = await createBenchInstallation('launch');
Object.assign(process.env, bench.env);
process.env.BERTH_PORT_RANGE = '30000-30199';

const { runMigrations } = await import('../lib/migrations/run-migrations');
await runMigrations({ databaseUrl: bench.env.DATABASE_URL, dir: path.resolve(import.meta.dirname, '../prisma/migrations') });
const { db } = await import('../lib/db');
const { startBerthServer } = await import('../scripts/harness/berth-server');
const { appsApiRoutes, api } = await import('../scripts/harness/berth-api');
const { startWorkers } = await import('../scripts/harness/workers');
const { createTestUser } = await import('../scripts/harness/users');
const { runGit, tempDir } = await import('../scripts/harness/git-cli');
const { waitForApp } = await import('../scripts/harness/app-http');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');

const server = await startBerthServer(appsApiRoutes);
const stopWorkers = await startWorkers(['hosts', 'builds', 'deploys']);
const user = await createTestUser('ADMIN');
const results: Record<string, { click: number[]; push: number[]; pushCmd: number[]; failures: string[] }> = {};

try {
  for (const lang of LANGS) {
    const r: (typeof results)[string] = { click: [], push: [], pushCmd: [], failures: [] };
    results[lang] = r;
    for (let i = 0; i < RUNS; i++) {
      const name = `b${lang.slice(0, 2)}${Math.random().toString(36).slice(2, 8)}`;
      try {
        let t0 = performance.now();
        const created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: lang });
        if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
        const live = await waitForApp(name, (res) => res.status === 200, { timeoutMs: 300_000, intervalMs: 100 });
        if (live.status !== 200) throw new Error(`never live (last status ${live.status})`);
        r.click.push(performance.now() - t0);

        const work = path.join(await tempDir('berth-bench-'), 'w');
        if ((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: user.token })).code !== 0) throw new Error('clone failed');
        const file = path.join(work, MAIN_FILE[lang]);
        const marker = `Bench change ${i} ${Date.now()}`;
        await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from', marker));
        await runGit(['commit', '-am', marker], { cwd: work });
        t0 = performance.now();
        const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: user.token });
        r.pushCmd.push(performance.now() - t0);
        if (push.code !== 0 || !/Live at/.test(push.stderr)) throw new Error(`push: ${push.stderr.slice(-500)}`);
        const served = await waitForApp(name, (res) => res.body.includes(marker), { timeoutMs: 60_000, intervalMs: 50 });
        if (!served.body.includes(marker)) throw new Error('new content never served');
        r.push.push(performance.now() - t0);
        await rm(path.dirname(work), { recursive: true, force: true });
      } catch (error) {
        r.failures.push(`${name}: ${(error as Error).message}`);
      } finally {
        await api(server.url, user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
      }
      process.stderr.write(`${lang} run ${i + 1}/${RUNS} done\n`);
    }
  }
} finally {
  await stopWorkers();
  await server.close();
  await stopNginx(nginxFiles()).catch(() => {});
  await db.$disconnect();
  await bench.remove();
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(1)} s`);
console.log(`\nBerth launch benchmark — median of ${RUNS} run(s), ${os.cpus().length} cores, warm runtime images\n`);
console.log('| language | click-to-live | git push (returns live) | push-to-new-content | runs ok |');
console.log('|---|---|---|---|---|');
for (const lang of LANGS) {
  const r = results[lang];
  console.log(`| ${lang} | ${sec(median(r.click))} | ${sec(median(r.pushCmd))} | ${sec(median(r.push))} | ${r.push.length}/${RUNS} |`);
}
for (const lang of LANGS) for (const f of results[lang].failures) console.log(`failure (${lang}): ${f}`);
process.exit(0);
