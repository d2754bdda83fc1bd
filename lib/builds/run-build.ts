import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';
import { db, type BuildStatus, type Prisma } from '../db';
import { buildImage, ImageBuildError } from '../docker/build-image';
import { connectDocker, localDocker } from '../docker/connect';
import { inspectImage } from '../docker/images';
import { berthLabels } from '../docker/labels';
import { packDirectory } from '../docker/tar-context';
import { describeError } from '../errors';
import { publishProgress } from '../events/progress';
import { recordEvent } from '../events/record-event';
import { releaseFromBuild } from '../releases/release-from-build';
import { detectTemplate } from '../templates/detect';
import { generateDockerfile } from '../templates/generate-dockerfile';
import { languageTemplate } from '../templates/detect';
import { ensureRuntimeImage } from '../templates/runtime-images';
import type { BuildPlan, BuildStep } from '../templates/types';
import { buildCaBundle } from './ca-bundle';
import { claimBuild } from './claim-build';
import { exportCommit } from './export-commit';
import { BuildCancelled, BuildFailure, describeDockerError, failureText, hintFor } from './failure';
import { BuildLogSink, publishBuildDone } from './log-sink';
import { diskSourceTree } from './source-tree';

export type RunBuildResult = BuildStatus | 'skipped' | 'busy';

/** Image name of an app's build: one tag per commit, so a rebuilt commit converges. */
export const imageTagFor = (appName: string, commitSha: string) => `berth/${appName}:${commitSha.slice(0, 12)}`;

const CANCEL_POLL_MS = 1_000;

/**
 * Runs one build job end to end: claim (QUEUED → RUNNING, one per app) → export the commit →
 * detect → Dockerfile + REVISION + CA bundle → docker build with a deadline → SUCCEEDED with
 * image id/size, or FAILED with the step and plain words, or CANCELLED. Idempotent: a build that
 * is no longer QUEUED is skipped; 'busy' means another build of the app is running (retry later).
 * `signal` aborts from outside (worker shutdown).
 */
export async function runBuild(buildId: string, options: { signal?: AbortSignal } = {}): Promise<RunBuildResult> {
  const claim = await claimBuild(buildId);
  if (claim !== 'claimed') return claim;

  const build = await db.build.findUniqueOrThrow({
    where: { id: buildId },
    include: { app: { include: { repository: true } } },
  });
  const { app } = build;
  const started = Date.now();
  const sink = new BuildLogSink(buildId, (await db.buildLogLine.count({ where: { buildId } })) ?? 0);
  const log = (line: string) => sink.push(line);

  const cancel = new AbortController();
  const timeoutMs = config().BERTH_BUILD_TIMEOUT_SECONDS * 1000;
  const signals = [cancel.signal, AbortSignal.timeout(timeoutMs)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  const poll = setInterval(async () => {
    const row = await db.build.findUnique({ where: { id: buildId }, select: { cancelRequested: true } }).catch(() => null);
    if (!row || row.cancelRequested) cancel.abort(new BuildCancelled());
  }, CANCEL_POLL_MS);

  let tmp: string | null = null;
  let plan: BuildPlan | null = null;
  let step: BuildStep = 'export';
  await publishProgress(app.id, { step: 'build', status: 'running', message: `Building #${build.number} (${build.commitSha.slice(0, 7)})`, buildId });
  try {
    log(`-----> Build #${build.number} of ${app.name} at ${build.commitSha.slice(0, 12)}`);
    await fs.mkdir(config().paths.tmp, { recursive: true });
    tmp = await fs.mkdtemp(path.join(config().paths.tmp, `build-${buildId}-`));
    if (!app.repository) throw new BuildFailure('export', 'the app has no repository');
    const src = path.join(tmp, 'src');
    await fs.mkdir(src);
    const files = await exportCommit({
      gitdir: path.resolve(config().paths.data, app.repository.path),
      commitSha: build.commitSha,
      dest: src,
    }).catch((error) => {
      throw new BuildFailure('export', `could not read commit ${build.commitSha.slice(0, 12)}: ${describeError(error)}`);
    });
    log(`-----> Exported ${files.length} files`);

    step = 'detect';
    try {
      plan = detectTemplate(diskSourceTree(src, files), app.template);
    } catch (error) {
      throw new BuildFailure('detect', describeError(error));
    }
    log(`-----> ${plan.reason}`);
    for (const warning of plan.warnings) log(` !     ${warning}`);
    const types = Object.keys(plan.processTypes);
    if (types.length) log(`-----> Procfile declares: ${types.join(', ')}`);
    if (plan.healthcheck) log(`-----> Health check from app.json: GET ${plan.healthcheck.path}`);
    const declared = Object.entries(plan.formation).map(([t, f]) => `${t}=${f.quantity ?? '-'}${f.tier ? `:${f.tier.toLowerCase()}` : ''}`);
    if (declared.length) log(`-----> Formation from app.json: ${declared.join(' ')}`);

    step = 'docker build';
    const tag = imageTagFor(app.name, build.commitSha);
    const context = await prepareContext(tmp, plan, build.commitSha, log);
    signal.throwIfAborted();
    let imageId: string;
    try {
      ({ imageId } = await buildImage({
        docker: connectDocker({ dockerUrl: config().DOCKER_HOST }, 0),
        context: packDirectory(context.dir),
        tags: [tag],
        labels: berthLabels({ app: app.name, commit: build.commitSha, build: build.id }),
        signal,
        onLine: log,
      }));
    } catch (error) {
      if (error instanceof ImageBuildError) {
        step = (error.step !== null && context.steps[error.step]) || 'docker build';
        throw new BuildFailure(step, describeDockerError(error.message));
      }
      throw error;
    }
    const info = await inspectImage(localDocker(), imageId);
    if (!info) throw new Error(`image ${imageId} vanished right after its build`);
    const durationMs = Date.now() - started;
    log(`-----> Built ${tag} (${(info.Size / 1e6).toFixed(1)} MB) in ${(durationMs / 1000).toFixed(1)} s`);
    await finish(buildId, sink, 'SUCCEEDED', {
      template: plan.template,
      imageTag: tag,
      imageId,
      imageSize: BigInt(info.Size),
      durationMs,
      processTypes: plan.processTypes,
      healthcheck: plan.healthcheck ?? undefined,
      formation: Object.keys(plan.formation).length ? plan.formation : undefined,
    });
    await publishProgress(app.id, { step: 'build', status: 'done', message: `Built ${tag}`, buildId });
    await recordEvent({ kind: 'build.succeeded', message: `Build #${build.number} succeeded`, appId: app.id, appName: app.name, data: { buildId } }).catch(() => {});
  } catch (error) {
    const status = await fail(buildId, sink, error, { step, signal, cancel: cancel.signal, template: plan?.template ?? null, started });
    await publishProgress(app.id, {
      step: status === 'CANCELLED' ? 'build' : 'failed',
      status: 'failed',
      message: status === 'CANCELLED' ? `Build #${build.number} cancelled` : `Build #${build.number} failed`,
      buildId,
    });
    await recordEvent({
      kind: status === 'CANCELLED' ? 'build.cancelled' : 'build.failed',
      message: `Build #${build.number} ${status === 'CANCELLED' ? 'cancelled' : 'failed'}`,
      appId: app.id,
      appName: app.name,
      data: { buildId },
    }).catch(() => {}); // the app may have been deleted meanwhile
    return status;
  } finally {
    clearInterval(poll);
    if (tmp) await fs.rm(tmp, { recursive: true, force: true }).catch(() => {});
  }

  if (build.deployAfter) await startRelease(buildId, app.id);
  return 'SUCCEEDED';
}

/** Generated builds: Dockerfile + berth/ca.pem next to src/ (+ src/REVISION). Repo Dockerfile: src/ as is. */
async function prepareContext(tmp: string, plan: BuildPlan, commitSha: string, log: (l: string) => void) {
  if (plan.template === 'DOCKERFILE') return { dir: path.join(tmp, 'src'), steps: {} as Record<number, BuildStep> };
  const runtime = languageTemplate(plan.template).runtime!;
  const generated = generateDockerfile(plan);
  await fs.mkdir(path.join(tmp, 'berth'));
  await fs.writeFile(path.join(tmp, 'Dockerfile'), generated.dockerfile);
  await fs.writeFile(path.join(tmp, 'berth', 'ca.pem'), await buildCaBundle());
  // Part of the code layer: /app/REVISION (a repo file of that name is replaced).
  await fs.writeFile(path.join(tmp, 'src', 'REVISION'), `${commitSha}\n`);
  if ((await ensureRuntimeImage(runtime, { onLine: (l) => log(`       ${l}`) })) === 'built')
    log(`-----> Built runtime image berth/runtime-${runtime} (first use)`);
  return { dir: tmp, steps: generated.steps };
}

type FinishData = Omit<Prisma.BuildUpdateManyMutationInput, 'status'>;

async function finish(buildId: string, sink: BuildLogSink, status: BuildStatus, data: FinishData): Promise<void> {
  await sink.flush();
  await db.build.updateMany({
    where: { id: buildId, status: 'RUNNING' },
    data: { ...data, status, finishedAt: new Date() },
  });
  await publishBuildDone(buildId, status);
}

async function fail(
  buildId: string,
  sink: BuildLogSink,
  error: unknown,
  ctx: { step: BuildStep; signal: AbortSignal; cancel: AbortSignal; template: string | null; started: number },
): Promise<BuildStatus> {
  const durationMs = Date.now() - ctx.started;
  if (ctx.cancel.aborted) {
    sink.push('-----> Build cancelled');
    await finish(buildId, sink, 'CANCELLED', { error: 'cancelled', durationMs });
    return 'CANCELLED';
  }
  let step = ctx.step;
  let detail: string;
  if (error instanceof BuildFailure) {
    step = error.step;
    detail = error.message;
  } else if (ctx.signal.aborted) {
    const reason = ctx.signal.reason as Error | undefined;
    if (reason?.name === 'TimeoutError') {
      step = 'timeout';
      detail = `stopped after ${config().BERTH_BUILD_TIMEOUT_SECONDS} s (BERTH_BUILD_TIMEOUT_SECONDS)`;
    } else detail = 'the worker stopped while this build was running; push again to rebuild';
  } else detail = describeError(error);
  const lines = sink.lastLines();
  sink.push(` !     ${detail}`);
  await finish(buildId, sink, 'FAILED', {
    failedStep: step,
    error: failureText(step, detail, lines, hintFor(step, ctx.template, lines)),
    durationMs,
  });
  return 'FAILED';
}

/** Hands a successful build to the deploy side; its failure is recorded, never thrown. */
async function startRelease(buildId: string, appId: string): Promise<void> {
  try {
    await releaseFromBuild(buildId);
  } catch (error) {
    const message = `Build succeeded but the release could not be created: ${describeError(error)}`;
    await db.build.update({ where: { id: buildId }, data: { error: message } }).catch(() => {});
    await publishProgress(appId, { step: 'failed', status: 'failed', message, buildId });
    await recordEvent({ kind: 'release.failed', message, appId, data: { buildId } }).catch(() => {});
  }
}
