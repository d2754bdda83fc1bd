// Where push-to-live goes (not a test): `npx tsx bench/push-timeline.ts [--template php] [--runs 2]`.
// Creates one app, pushes one-line changes and prints, per push, the time of each step from the
// start of `git push` (build queued/started/finished, release, deployment started/finished, first
// poll with the new content) and the build log lines with their offsets. Loopback only, bounded.
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadDotEnv } from '../lib/load-dotenv';
import { startBenchBerth } from '../scripts/harness/bench-berth';
import { STARTER_TEXT } from '../scripts/harness/starters';
import type { TemplateName } from '../lib/model/templates';

loadDotEnv();
const args = process.argv.slice(2);
const LANG = (args.includes('--template') ? args[args.indexOf('--template') + 1] : 'php') as TemplateName;
const RUNS = Number(args.includes('--runs') ? args[args.indexOf('--runs') + 1] : 2);

const berth = await startBenchBerth('timeline', process.env.BENCH_PORT_RANGE ?? '30200-30249');
const { db } = await import('../lib/db');
const { api } = await import('../scripts/harness/berth-api');
const { runGit, tempDir } = await import('../scripts/harness/git-cli');
const { startPoller } = await import('../scripts/harness/poller');
const { waitDeploySettled } = await import('../scripts/harness/deploy-settled');
const name = `tl${Math.random().toString(36).slice(2, 8)}`;
const work = path.join(await tempDir('berth-timeline-'), 'w');
try {
  const first = startPoller(name, { intervalMs: 50, maxRequests: 4_000, maxMs: 120_000 });
  const c0 = Date.now();
  const cp = performance.now();
  const created = await api(berth.server.url, berth.user.token, 'POST', '/api/apps', { name, template: LANG });
  if (created.status !== 201) throw new Error(`create: ${created.status}`);
  const answered = Date.now();
  const live = await first.waitFor((s) => s.status === 200, { since: cp, timeoutMs: 110_000 });
  await first.stop();
  await printClickTimeline(name, c0, answered - c0, live ? live.endedAt - cp : null);
  if ((await runGit(['clone', `${berth.server.url}/git/${name}.git`, work], { token: berth.user.token })).code !== 0) throw new Error('clone failed');
  const file = path.join(work, STARTER_TEXT[LANG].file);
  for (let i = 0; i < RUNS; i++) {
    const marker = `Timeline ${i} ${Date.now()}`;
    await writeFile(file, (await readFile(file, 'utf8')).replace(new RegExp(`${STARTER_TEXT[LANG].greeting}|Timeline \\d+ \\d+`), marker));
    await runGit(['commit', '-qam', marker], { cwd: work });
    await waitDeploySettled(name); // the previous deploy's tail (old instance retired, spare network made)
    const poller = startPoller(name, { intervalMs: 50, maxRequests: 4_000, maxMs: 120_000 });
    const t0 = Date.now();
    const tp = performance.now();
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: berth.user.token, timeoutMs: 120_000 });
    const pushed = Date.now();
    const served = await poller.waitFor((s) => s.status === 200 && s.body.includes(marker), { since: tp, timeoutMs: 60_000 });
    await poller.stop();
    const at = (d: Date | null | undefined) => (d ? `${((d.getTime() - t0) / 1000).toFixed(2)} s` : '—');
    const build = await db.build.findFirst({ where: { app: { name } }, orderBy: { createdAt: 'desc' } });
    const release = await db.release.findFirst({ where: { app: { name } }, orderBy: { createdAt: 'desc' } });
    const dep = await db.deployment.findFirst({ where: { app: { name } }, orderBy: { createdAt: 'desc' } });
    console.log(`\n## push ${i + 1} (${LANG}): exit ${push.code}`);
    console.log(`build queued ${at(build?.createdAt)}, started ${at(build?.startedAt)}, finished ${at(build?.finishedAt)}`);
    console.log(`release created ${at(release?.createdAt)}, deployed ${at(release?.deployedAt)}`);
    console.log(`deployment created ${at(dep?.createdAt)}, started ${at(dep?.startedAt)}, finished ${at(dep?.finishedAt)}`);
    console.log(`git push returned ${((pushed - t0) / 1000).toFixed(2)} s; new content first served ${served ? `${((served.endedAt - tp) / 1000).toFixed(2)} s` : 'never'}`);
    const lines = build ? await db.buildLogLine.findMany({ where: { buildId: build.id }, orderBy: { id: 'asc' } }) : [];
    for (const l of lines) console.log(`  ${at(l.createdAt).padStart(8)}  ${l.line.slice(0, 140)}`);
  }
} finally {
  await api(berth.server.url, berth.user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
  await rm(path.dirname(work), { recursive: true, force: true });
  await berth.stop();
}
process.exit(0);

/** Where a New app's time went: each row's timestamps from the POST, then each instance's. */
async function printClickTimeline(app: string, c0: number, postMs: number, liveMs: number | null) {
  const at = (d: Date | null | undefined) => (d ? `${((d.getTime() - c0) / 1000).toFixed(2)} s` : '—');
  const build = await db.build.findFirst({ where: { app: { name: app } }, orderBy: { createdAt: 'asc' } });
  const dep = await db.deployment.findFirst({ where: { app: { name: app } }, orderBy: { createdAt: 'asc' } });
  const instances = await db.instance.findMany({ where: { app: { name: app } }, orderBy: { createdAt: 'asc' } });
  console.log(`\n## New app (${LANG}): POST answered ${(postMs / 1000).toFixed(2)} s, first 200 ${liveMs === null ? 'never' : `${(liveMs / 1000).toFixed(2)} s`}`);
  console.log(`build queued ${at(build?.createdAt)}, started ${at(build?.startedAt)}, finished ${at(build?.finishedAt)}`);
  console.log(`deployment created ${at(dep?.createdAt)}, started ${at(dep?.startedAt)}, finished ${at(dep?.finishedAt)}`);
  const { startTimingsOf } = await import('../lib/deploys/start-timings');
  for (const i of instances) {
    const steps = Object.entries(startTimingsOf(i.id)?.steps ?? {}).map(([k, ms]) => `${k} ${Math.round(ms)} ms`).join(', ');
    console.log(`instance ${i.processType}.${i.index} created ${at(i.createdAt)}, started ${at(i.startedAt)}${steps ? ` (${steps})` : ''}`);
  }
}
