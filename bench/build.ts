// Build benchmark (not a test): `npx tsx bench/build.ts [--runs 3] [--only php,node]`.
// Per language, median of N runs of:
//   cold   — runtime image built from scratch (no layer cache; replaces berth/runtime-<lang>
//            atomically, so other builds on this engine never see it missing) + first app build
//   first  — first build of an app with warm runtime images (unique dependency manifest, so
//            dependencies really install: npm from the registry, pip, javac)
//   rebuild — the same app after a one-line code change (dependency layers cached)
// Uses its own throwaway database and data directory; prints a table with the core count.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { loadDotEnv } from '../lib/load-dotenv';
import { listImageIds, removeImage } from '../lib/docker/images';
import { dropDatabases } from '../scripts/harness/drop-database';

loadDotEnv();
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 3;
const ONLY = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : null;
const SKIP_COLD = args.includes('--skip-cold');

const run = promisify(execFile);
const baseUrl = process.env.DATABASE_URL!;
const dbName = `berth_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
process.env.DATABASE_URL = url.toString();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'berth-bench-'));
process.env.BERTH_DATA_DIR = dataDir;
process.env.BERTH_INSTALLATION = 'bench';

const { runMigrations } = await import('../lib/migrations/run-migrations');
await runMigrations({ databaseUrl: process.env.DATABASE_URL, dir: path.resolve(import.meta.dirname, '../prisma/migrations') });
const { db } = await import('../lib/db');
const { createBuild } = await import('../lib/builds/create-build');
const { runBuild } = await import('../lib/builds/run-build');
const { ensureRuntimeImage } = await import('../lib/templates/runtime-images');
const { buildImage } = await import('../lib/docker/build-image');
const { connectDocker, localDocker } = await import('../lib/docker/connect');
const { packDirectory } = await import('../lib/docker/tar-context');
const { runtimeHash, runtimeImage } = await import('../lib/templates/runtime-images');
const { templatesDir } = await import('../lib/templates/templates-dir');

type Lang = { runtime: 'php' | 'node' | 'python' | 'java'; template: 'PHP' | 'NODE' | 'PYTHON' | 'JAVA'; fixture: string;
  /** Makes the dependency layer unique for this run. */ unique: (dir: string, marker: string) => Promise<void>;
  /** The one-line change. */ edit: (dir: string, marker: string) => Promise<void> };

const appendLine = (file: string, line: string) => async (dir: string, marker: string) =>
  fs.appendFile(path.join(dir, file), `${line.replace('MARKER', marker)}\n`);

const LANGS: Lang[] = [
  { runtime: 'php', template: 'PHP', fixture: 'php-sample', unique: appendLine('inc/layout.php', '// MARKER'), edit: appendLine('about.php', '<p>MARKER</p>') },
  {
    runtime: 'node', template: 'NODE', fixture: 'node-sample',
    unique: async (dir, marker) => {
      const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8'));
      await fs.writeFile(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, description: marker }, null, 2));
    },
    edit: appendLine('index.js', '// MARKER'),
  },
  { runtime: 'python', template: 'PYTHON', fixture: 'python-sample', unique: appendLine('requirements.txt', '# MARKER'), edit: appendLine('wsgi.py', '# MARKER') },
  { runtime: 'java', template: 'JAVA', fixture: 'java-sample', unique: appendLine('src/com/example/Greeter.java', '// MARKER'), edit: appendLine('src/com/example/App.java', '// MARKER') },
];

const git = (cwd: string, ...a: string[]) =>
  run('git', a, { cwd, timeout: 30_000, env: { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@x', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@x' } });

async function newApp(lang: Lang, marker: string) {
  const name = `bench${Math.random().toString(36).slice(2, 9)}`;
  const bare = path.join(dataDir, 'repos', `${name}.git`);
  const work = path.join(dataDir, 'work', name);
  await fs.mkdir(bare, { recursive: true });
  await fs.cp(path.resolve(import.meta.dirname, '../test/fixtures/apps', lang.fixture), work, { recursive: true });
  await lang.unique(work, marker);
  await git(bare, 'init', '-q', '--bare', '--initial-branch=main');
  await git(work, 'init', '-q', '--initial-branch=main');
  const app = await db.app.create({ data: { name, template: lang.template } });
  await db.repository.create({ data: { appId: app.id, path: path.relative(dataDir, bare) } });
  const commit = async () => {
    await git(work, 'add', '-A');
    await git(work, 'commit', '-q', '-m', 'bench');
    await git(work, 'push', '-q', bare, 'HEAD:refs/heads/main');
    return (await git(work, 'rev-parse', 'HEAD')).stdout.trim();
  };
  return { app, work, commit };
}

async function timedBuild(appId: string, sha: string): Promise<number> {
  const build = await createBuild({ appId, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const started = performance.now();
  const status = await runBuild(build.id);
  const ms = performance.now() - started;
  if (status !== 'SUCCEEDED') {
    const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
    throw new Error(`build ${status}: ${row.error}`);
  }
  return ms;
}

/** Rebuilds berth/runtime-<lang> with no layer cache (the "runtime missing" cost). */
async function coldRuntime(lang: Lang): Promise<number> {
  const started = performance.now();
  await buildImage({
    docker: connectDocker({ dockerUrl: process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock' }, 0),
    context: packDirectory(path.join(templatesDir(), 'runtimes', lang.runtime)),
    tags: [`${runtimeImage(lang.runtime)}:latest`],
    labels: { 'berth.runtime-hash': await runtimeHash(lang.runtime), 'berth.runtime': lang.runtime },
    noCache: true,
    signal: AbortSignal.timeout(20 * 60_000),
    onLine: () => {},
  });
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const secs = (ms: number) => (ms / 1000).toFixed(1);
const results: { lang: string; cold: number[]; first: number[]; rebuild: number[] }[] = [];
const createdApps: string[] = [];

try {
  for (const lang of LANGS.filter((l) => !ONLY || ONLY.includes(l.runtime))) {
    await ensureRuntimeImage(lang.runtime);
    const r = { lang: lang.runtime, cold: [] as number[], first: [] as number[], rebuild: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      const marker = `bench-${Date.now().toString(36)}-${i}`;
      if (!SKIP_COLD) {
        const runtimeMs = await coldRuntime(lang);
        const cold = await newApp(lang, `${marker}-cold`);
        createdApps.push(cold.app.name);
        r.cold.push(runtimeMs + (await timedBuild(cold.app.id, await cold.commit())));
      }
      const a = await newApp(lang, marker);
      createdApps.push(a.app.name);
      r.first.push(await timedBuild(a.app.id, await a.commit()));
      await lang.edit(a.work, `${marker}-edit`);
      r.rebuild.push(await timedBuild(a.app.id, await a.commit()));
      console.log(`${lang.runtime} run ${i + 1}: cold ${r.cold.length ? secs(r.cold.at(-1)!) : '-'} s, first ${secs(r.first.at(-1)!)} s, rebuild ${secs(r.rebuild.at(-1)!)} s`);
    }
    results.push(r);
  }

  console.log(`\nBuild benchmark — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), median of ${RUNS} runs, seconds`);
  console.log('| language | cold (runtime + first build) | first build (warm runtime) | rebuild after 1-line change |');
  console.log('|---|---|---|---|');
  for (const r of results)
    console.log(`| ${r.lang} | ${r.cold.length ? secs(median(r.cold)) : 'skipped'} | ${secs(median(r.first))} | ${secs(median(r.rebuild))} |`);
} finally {
  const docker = localDocker();
  for (const name of createdApps) {
    for (const id of await listImageIds(docker, [`berth/${name}`])) await removeImage(docker, id, 30_000).catch(() => {});
  }
  await db.$disconnect();
  await admin.end();
  await dropDatabases(baseUrl, [dbName]);
  await fs.rm(dataDir, { recursive: true, force: true });
  const { redis } = await import('../lib/redis');
  redis().disconnect();
}
process.exit(0);
