import fs from 'node:fs';
import type IsoGit from 'isomorphic-git';
import { z } from 'zod';
import { appUrl } from '../model/app-url';
import { followDeploy } from '../live/follow-deploy';
import { isValidAppName } from '../model/app-names';
import { createBuild } from '../builds/create-build';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueBuild } from '../builds/build-job';
import { buildWorkerRunning } from '../builds/build-workers';
import { config } from '../config';
import { repoDir } from './repo-path';
import { pushFailureMessage } from './push-failure-message';
import { PUSH_ID, type PushVerdict } from './push-verdict';

/** isomorphic-git is loaded on first use, not at process start: idle processes never carry it. */
const loadGit = (): Promise<typeof IsoGit> => import('isomorphic-git').then((m) => m.default);

/** What Berth's post-receive hook reports (see lib/git/hooks.ts). */
export const ZPushReport = z.object({
  app: z.string().refine(isValidAppName, 'invalid app name'),
  updates: z
    .array(
      z.object({
        oldSha: z.string().regex(/^[0-9a-f]{40}$/),
        newSha: z.string().regex(/^[0-9a-f]{40}$/),
        ref: z.string().min(1).max(255),
      }),
    )
    .max(100),
  /** Names the receive-pack request (serve-git-http.ts) the verdict goes back to. */
  pushId: z.string().regex(PUSH_ID).optional(),
});
export type PushReport = z.infer<typeof ZPushReport>;

const ZERO = /^0{40}$/;
const say = (line: string) => `-----> ${line}\n`;
const warn = (line: string) => ` !     ${line}\n`;
const indent = (line: string) => `       ${line}\n`;

/**
 * A push arrived (reported by the post-receive hook, after git updated the refs). For the default
 * branch: record the new head, create a build (it supersedes an older queued one), queue it and
 * narrate build and deploy Heroku-style until the release is live or failed. Other branches are
 * stored only. Yields text chunks; git prints each line of them as `remote: …`. Returns the
 * verdict: not ok when the build or deploy failed, with the line that ends the push in error.
 */
export async function* onPush(report: PushReport, options: { signal?: AbortSignal } = {}): AsyncGenerator<string, PushVerdict> {
  // The pushed commit is read while the app row loads (a push almost always updates one ref).
  const first = report.updates.find((u) => !ZERO.test(u.newSha));
  const [app, firstCommit] = await Promise.all([
    db.app.findUnique({ where: { name: report.app }, include: { repository: true } }),
    first ? readCommitInfo(report.app, first.newSha) : null,
  ]);
  if (!app?.repository) {
    yield warn(`Berth does not know the app ${report.app}`);
    return { ok: false, message: `Push failed: Berth does not know the app ${report.app}.` };
  }
  const branch = app.repository.defaultBranch;
  const deployRef = `refs/heads/${branch}`;
  const update = report.updates.find((u) => u.ref === deployRef && !ZERO.test(u.newSha));
  for (const u of report.updates) {
    if (u.ref !== deployRef) yield say(`Stored ${u.ref} (only ${branch} is deployed)`);
  }
  if (!update) return { ok: true };

  const commit = firstCommit && first?.newSha === update.newSha ? firstCommit : await readCommitInfo(app.name, update.newSha);
  const build = await db.$transaction(async (tx) => {
    await tx.repository.update({ where: { id: app.repository!.id }, data: { headCommit: update.newSha } });
    return createBuild(
      {
        appId: app.id,
        commitSha: update.newSha,
        commitMessage: commit.message,
        commitAuthor: commit.author,
        branch,
        trigger: 'PUSH',
        deployAfter: true,
      },
      tx,
    );
  });
  // At once: the worker can take the build while the timeline row is written.
  await Promise.all([
    enqueueBuild(build.id),
    recordEvent({
      kind: 'git.push',
      message: `Pushed ${update.newSha.slice(0, 7)} to ${branch}`,
      appId: app.id,
      appName: app.name,
      data: { commit: update.newSha, buildId: build.id, author: commit.author },
    }),
  ]);

  const short = update.newSha.slice(0, 7);
  // Said before anything else is waited for: if this connection is gone by the time a worker
  // returns, git has already printed why nothing happened yet, and that it will still happen.
  if ((await buildWorkerRunning()) === false) {
    yield say(`The build is queued; Berth's worker is not running. It will build and deploy when the worker returns;`);
    yield indent(`follow it at ${dashboardUrl(app.name)}`);
  }
  yield say(`Building ${app.template.toLowerCase()} app (${short}) — build #${build.number}`);
  let version: number | null = null;
  for await (const event of followDeploy({ appId: app.id, buildId: build.id, signal: options.signal })) {
    switch (event.type) {
      case 'log':
        yield indent(event.line);
        break;
      case 'build':
        if (event.status === 'FAILED') {
          yield warn(`Build failed${event.failedStep ? ` at step "${event.failedStep}"` : ''}: ${event.error ?? 'see the build log'}`);
        } else if (event.status === 'SUCCEEDED') yield say('Build succeeded');
        break;
      case 'release':
        if (version !== event.version) {
          version = event.version;
          yield say(`Deploying v${event.version}`);
        }
        if (event.status === 'FAILED') yield warn(`Deploy of v${event.version} failed: ${event.failureReason ?? 'unknown reason'}`);
        break;
      case 'progress':
        if (event.progress.step !== 'live' && event.progress.step !== 'failed') yield indent(event.progress.message);
        break;
      case 'end':
        return yield* ending(event.outcome, { appId: app.id, name: app.name, buildId: build.id, commit: update.newSha });
    }
  }
  // The stream ended without an outcome (the hook went away): nothing to say either way.
  return { ok: true };
}

/**
 * The last lines of the push. Only a failed build or deploy fails the push: a superseded push
 * (a newer one deploys instead) and the push timeout (the deploy goes on) are not failures.
 */
async function* ending(
  outcome: string,
  push: { appId: string; name: string; buildId: string; commit: string },
): AsyncGenerator<string, PushVerdict> {
  if (outcome === 'live') {
    yield say(`Live at ${appUrl(push.name)}`);
    return { ok: true };
  }
  if (outcome === 'superseded') {
    yield say('A newer push superseded this one; it will be deployed instead');
    return { ok: true };
  }
  if (outcome === 'timeout') {
    yield warn('Still working after the push timeout; follow progress in the Berth dashboard');
    return { ok: true };
  }
  if (outcome !== 'build-failed' && outcome !== 'deploy-failed') return { ok: true };
  const [current, build] = await Promise.all([
    db.app.findUnique({ where: { id: push.appId }, include: { currentRelease: true } }),
    db.build.findUnique({
      where: { id: push.buildId },
      select: { status: true, failedStep: true, error: true, releases: { orderBy: { version: 'desc' }, take: 1 } },
    }),
  ]);
  const serving = current?.currentRelease?.version ?? null;
  if (serving !== null) {
    yield warn(`The previous release v${serving} keeps serving at ${appUrl(push.name)}`);
  } else {
    yield warn('Nothing is deployed yet; fix the error and push again');
  }
  const release = build?.releases[0] ?? null;
  if (release?.failureDetail) {
    yield warn('Details:');
    for (const line of release.failureDetail.split('\n').slice(0, 40)) yield indent(line);
  }
  const message = pushFailureMessage({
    commit: push.commit,
    build: build?.status === 'FAILED' ? { failedStep: build.failedStep, error: build.error } : null,
    release: release ? { version: release.version, failedStep: release.failedStep, failureReason: release.failureReason } : null,
    serving,
  });
  return { ok: false, message };
}

const dashboardUrl = (name: string) => `${config().BERTH_PUBLIC_URL.replace(/\/$/, '')}/apps/${name}`;

async function readCommitInfo(name: string, sha: string): Promise<{ message: string | null; author: string | null }> {
  const git = await loadGit();
  try {
    const { commit } = await git.readCommit({ fs, gitdir: repoDir(name), oid: sha });
    return { message: commit.message.trim().slice(0, 500), author: `${commit.author.name} <${commit.author.email}>` };
  } catch (error) {
    console.error('[git] cannot read pushed commit', describeError(error));
    return { message: null, author: null };
  }
}
