// Add-ons benchmark (not a test): `npx tsx bench/addons.ts [--type postgres] [--mb 100]`.
// Prints:
//   request → attached → live — POST …/addons until the app's new release (with DATABASE_URL /
//                               REDIS_URL) is LIVE and the app answers 200 through the proxy
//                               (target ≤ 10 s for PostgreSQL with a warm add-on image)
//   backup / restore          — of a database filled to about --mb MB (PostgreSQL / MariaDB)
// Runs Berth in-process (API handlers, hosts + builds + deploys + addons workers) against its
// own throwaway database, data directory, installation id and proxy port, like bench/launch.ts.
import os from 'node:os';
import { loadDotEnv } from '../lib/load-dotenv';
import { enterBenchInstallation } from '../scripts/harness/bench-installation';

loadDotEnv();
const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const TYPE = arg('--type', 'postgres');
const MB = Number(arg('--mb', '100'));

const bench = await enterBenchInstallation('addons', { BERTH_PORT_RANGE: '30200-30299' });
const { db } = await import('../lib/db');
const { startBerthServer } = await import('../scripts/harness/berth-server');
const { appsApiRoutes, api } = await import('../scripts/harness/berth-api');
const { startWorkers } = await import('../scripts/harness/workers');
const { createTestUser } = await import('../scripts/harness/users');
const { waitForApp } = await import('../scripts/harness/app-http');
const { nginxFiles, stopNginx } = await import('../lib/proxy/nginx');
const { ensureAddonImage } = await import('../lib/addons/addon-images');
const addons = await import('../app/api/apps/[name]/addons/route');
const addon = await import('../app/api/apps/[name]/addons/[id]/route');
const backups = await import('../app/api/apps/[name]/addons/[id]/backups/route');
const restore = await import('../app/api/apps/[name]/addons/[id]/restore/route');
const query = await import('../app/api/apps/[name]/addons/[id]/query/route');

const A = '^/api/apps/([^/]+)/addons';
const ni = ['name', 'id'];
const server = await startBerthServer([
  ...appsApiRoutes,
  { method: 'POST', pattern: new RegExp(`${A}$`), handler: addons.POST as never, params: ['name'] },
  { method: 'GET', pattern: new RegExp(`${A}/([^/]+)$`), handler: addon.GET as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/backups$`), handler: backups.POST as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/restore$`), handler: restore.POST as never, params: ni },
  { method: 'POST', pattern: new RegExp(`${A}/([^/]+)/query$`), handler: query.POST as never, params: ni },
]);
const stopWorkers = await startWorkers(['hosts', 'builds', 'deploys', 'addons']);
const user = await createTestUser('ADMIN');
const lines: string[] = [];
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function until<T>(fn: () => Promise<T | null | false | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const v = await fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out: ${what}`);
}

try {
  await ensureAddonImage(TYPE as 'postgres');
  const name = `bench${Math.random().toString(36).slice(2, 7)}`;
  const created = await api(server.url, user.token, 'POST', '/api/apps', { name, template: 'static' });
  if (created.status !== 201) throw new Error(`create app: ${created.status} ${JSON.stringify(created.json)}`);
  await waitForApp(name, (r) => r.status === 200, { timeoutMs: 300_000 });
  const app = await db.app.findUniqueOrThrow({ where: { name } });
  const before = app.currentReleaseId;

  const t0 = Date.now();
  const res = await api(server.url, user.token, 'POST', `/api/apps/${name}/addons`, { type: TYPE });
  if (res.status !== 202) throw new Error(`add-on: ${res.status} ${JSON.stringify(res.json)}`);
  const id = res.json.addon.id as string;
  await until(async () => (await db.addon.findUniqueOrThrow({ where: { id } })).status === 'AVAILABLE', 300_000, 'available');
  const tAvailable = Date.now() - t0;
  await until(async () => {
    const a = await db.app.findUniqueOrThrow({ where: { id: app.id }, include: { currentRelease: true } });
    return a.currentReleaseId !== before && a.currentRelease?.status === 'LIVE';
  }, 300_000, 'new release live');
  await waitForApp(name, (r) => r.status === 200, { timeoutMs: 60_000 });
  const tLive = Date.now() - t0;
  lines.push(`| ${TYPE}: request → add-on accepting connections | ${sec(tAvailable)} |`);
  lines.push(`| ${TYPE}: request → attached, app live again (new release) | ${sec(tLive)} |`);

  if (TYPE !== 'redis') {
    // Incompressible fill: 1 KiB of random bytes per row, so the dump itself is about --mb MB
    // (pg_dump's custom format compresses; the hex of random bytes only shrinks back to ~1×).
    const rows = Math.round((MB * 1024 * 1024) / 1024);
    const fill =
      TYPE === 'postgres'
        ? `CREATE TABLE big AS SELECT g AS id, (SELECT decode(string_agg(md5(random()::text || g::text || i::text), ''), 'hex') FROM generate_series(1, 64) i) AS body FROM generate_series(1, ${rows}) g`
        : `CREATE TABLE big AS WITH RECURSIVE s(g) AS (SELECT 1 UNION ALL SELECT g + 1 FROM s WHERE g < ${rows}) SELECT g AS id, RANDOM_BYTES(1024) AS body FROM s`;
    const filled = await api(server.url, user.token, 'POST', `/api/apps/${name}/addons/${id}/query`, { query: fill });
    if (filled.json?.exitCode !== 0) throw new Error(`fill: ${JSON.stringify(filled.json)}`);
    const size = (await api(server.url, user.token, 'GET', `/api/apps/${name}/addons/${id}`)).json.addon.sizeBytes as number;
    const t1 = Date.now();
    const b = await api(server.url, user.token, 'POST', `/api/apps/${name}/addons/${id}/backups`);
    const tBackup = Date.now() - t1;
    if (b.json?.backup?.status !== 'succeeded') throw new Error(`backup: ${JSON.stringify(b.json)}`);
    const t2 = Date.now();
    const r = await api(server.url, user.token, 'POST', `/api/apps/${name}/addons/${id}/restore`, { backupId: b.json.backup.id });
    const tRestore = Date.now() - t2;
    if (r.status !== 200) throw new Error(`restore: ${r.status} ${JSON.stringify(r.json)}`);
    const dump = `${(b.json.backup.sizeBytes / 1048576).toFixed(0)} MB dump, random bytes`;
    lines.push(`| ${TYPE}: backup of ${(size / 1048576).toFixed(0)} MB on disk (${dump}) | ${sec(tBackup)} |`);
    lines.push(`| ${TYPE}: restore of that backup into the running add-on | ${sec(tRestore)} |`);
  }
  await api(server.url, user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`);
} finally {
  await stopWorkers();
  await server.close();
  await stopNginx(nginxFiles()).catch(() => {});
  const rows = await db.addon.findMany();
  await db.$disconnect();
  const { execFile } = await import('node:child_process');
  for (const r of rows) {
    await new Promise((resolve) => execFile('docker', ['rm', '-f', r.containerName], { timeout: 60_000 }, () => resolve(null)));
    await new Promise((resolve) => execFile('docker', ['volume', 'rm', '-f', r.volumeName], { timeout: 60_000 }, () => resolve(null)));
  }
  await bench.remove();
}

console.log(`\nBerth add-ons benchmark — ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, warm add-on image\n`);
console.log('| step | time |');
console.log('|---|---|');
for (const l of lines) console.log(l);
process.exit(0);
