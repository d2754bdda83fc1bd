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
import { prepareAppNetwork } from '../deploys/prepare-app-network';
import { applyAppJsonEnv } from '../env/apply-app-json-env';
import { parseAppJsonEnv, parseAppJsonScripts } from '../templates/app-json';
import { detectTemplate } from '../templates/detect';
import { generateDockerfile } from '../templates/generate-dockerfile';
import { languageTemplate } from '../templates/detect';
import { planNeedsNetwork } from '../templates/needs-network';
import { ensureRuntimeImage } from '../templates/runtime-images';
import type { BuildPlan, BuildStep } from '../templates/types';
import { buildCaBundle } from './ca-bundle';
import { claimBuild } from './claim-build';
import { exportCommit } from './export-commit';
import { replaceFileNoFollow } from './safe-write';
import { openBuildSandbox, type BuildSandbox } from './build-sandbox';
import { checkRepoDockerfile } from './check-repo-dockerfile';
import { findPrebuiltStarter } from './starter-image';
import { BuildCancelled, BuildFailure, describeDockerError, failureText, hintFor, isNoSpace, noSpaceText } from './failure';
import { BuildLogSink, publishBuildDone } from './log-sink';
import { diskSourceTree } from './source-tree';
import { warmJavacSoon } from './warm-javac/compiler-container';
import { canPrecompile, precompileJava } from './warm-javac/precompile';

export type RunBuildResult = BuildStatus | 'skipped' | 'busy';

/** Image name of an app's build: one tag per commit, so a rebuilt commit converges. */
export const imageTagFor = (appName: string, commitSha: string) => `berth/${appName}:${commitSha.slice(0, 12)}`;

const CANCEL_POLL_MS = 1_000;

/**
 * Runs one build job end to end: claim (QUEUED → RUNNING, one per app) → export the commit →
 * detect → Dockerfile + REVISION + CA bundle → docker build with a deadline → SUCCEEDED with
 * image id/size, or FAILED with the step and plain words, or CANCELLED. Idempotent: a build that
 * is no longer QUEUED is skipped; 'busy' means another build of the app is running (retry later).
 * `signal` aborts from outside (worker shutdown); `attempt` is the queue job's (claim-build.ts).
 */
export async function runBuild(buildId: string, options: { signal?: AbortSignal; attempt?: number } = {}): Promise<RunBuildResult> {
  const claim = await claimBuild(buildId, options.attempt);
  if (claim !== 'claimed') return claim;

  const run = await startRun(buildId, options.signal);
  // A new app's first deploy needs its network: made meanwhile, off the click-to-live path.
  if (run.build.deployAfter && !run.app.currentReleaseId) void prepareAppNetwork(run.app.id).catch(() => undefined);
  await publishProgress(run.app.id, { step: 'build', status: 'running', message: `Building #${run.build.number} (${run.build.commitSha.slice(0, 7)})`, buildId });
  try {
    if (!(await usePrebuiltStarter(run))) {
      // The build's isolation (firewall check, cgroup) is set up while the commit is exported.
      run.sandbox = openSandbox(run.build.id);
      const source = await exportSource(run);
      const detected = detectPlan(run, source);
      await checkAppJsonEnv(run, source);
      run.step = 'compile';
      const plan = (run.plan = await precompileJava({ app: run.app, plan: detected, src: source.src, log: run.log }));
      const image = await buildAppImage(run, plan);
      await recordSuccess(run, plan, image);
    }
  } catch (error) {
    return await recordFailure(run, error);
  } finally {
    await endRun(run);
  }

  if (run.build.deployAfter) await startRelease(buildId, run.app.id);
  return 'SUCCEEDED';
}

type BuildWithApp = Prisma.BuildGetPayload<{ include: { app: { include: { repository: true } } } }>;

/** One claimed build on its way through the steps below. */
type BuildRun = {
  build: BuildWithApp;
  app: BuildWithApp['app'];
  sink: BuildLogSink;
  log: (line: string) => void;
  /** Aborted by a cancel request (`cancel`), the build deadline or `options.signal`. */
  signal: AbortSignal;
  cancel: AbortController;
  poll: NodeJS.Timeout;
  started: number;
  /** The step running now: where an error that names no step of its own is reported. */
  step: BuildStep;
  /** The build's working directory (removed at the end) once made. */
  tmp: string | null;
  /** Once detected: its template picks the hint of a failure. */
  plan: BuildPlan | null;
  /** The build's isolation, opening (or failed to) since the export started; closed at the end. */
  sandbox: Promise<OpenedSandbox> | null;
};

type OpenedSandbox = { ok: true; sandbox: BuildSandbox } | { ok: false; error: unknown };

/** Opens the build sandbox without ever rejecting (it is awaited later, maybe never). */
function openSandbox(buildId: string): Promise<OpenedSandbox> {
  const docker = connectDocker({ dockerUrl: config().DOCKER_HOST }, 0);
  return openBuildSandbox(docker, buildId).then(
    (sandbox) => ({ ok: true as const, sandbox }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

/** Loads the claimed build, opens its log, and arms the cancel poll and the deadline. */
async function startRun(buildId: string, outside?: AbortSignal): Promise<BuildRun> {
  const build = await db.build.findUniqueOrThrow({
    where: { id: buildId },
    include: { app: { include: { repository: true } } },
  });
  const started = Date.now();
  const sink = new BuildLogSink(buildId, (await db.buildLogLine.count({ where: { buildId } })) ?? 0);

  const cancel = new AbortController();
  const timeoutMs = config().BERTH_BUILD_TIMEOUT_SECONDS * 1000;
  const signals = [cancel.signal, AbortSignal.timeout(timeoutMs)];
  if (outside) signals.push(outside);
  const poll = setInterval(async () => {
    const row = await db.build.findUnique({ where: { id: buildId }, select: { cancelRequested: true } }).catch(() => null);
    if (!row || row.cancelRequested) cancel.abort(new BuildCancelled());
  }, CANCEL_POLL_MS);

  return {
    build,
    app: build.app,
    sink,
    log: (line: string) => sink.push(line),
    signal: AbortSignal.any(signals),
    cancel,
    poll,
    started,
    step: 'export',
    tmp: null,
    plan: null,
    sandbox: null,
  };
}

/** Writes the commit's tree into a fresh working directory: `<tmp>/src`. */
async function exportSource(run: BuildRun): Promise<{ src: string; files: string[] }> {
  const { build, app, log } = run;
  run.step = 'export';
  log(`-----> Build #${build.number} of ${app.name} at ${build.commitSha.slice(0, 12)}`);
  await fs.mkdir(config().paths.tmp, { recursive: true });
  run.tmp = await fs.mkdtemp(path.join(config().paths.tmp, `build-${build.id}-`));
  if (!app.repository) throw new BuildFailure('export', 'the app has no repository');
  const src = path.join(run.tmp, 'src');
  await fs.mkdir(src);
  const files = await exportCommit({
    gitdir: path.resolve(config().paths.data, app.repository.path),
    commitSha: build.commitSha,
    dest: src,
    limits: { maxBytes: config().BERTH_BUILD_MAX_SOURCE_MB * 1024 * 1024 },
  }).catch((error) => {
    if (isNoSpace(error)) throw error; // worded once, in fail()
    throw new BuildFailure('export', `could not read commit ${build.commitSha.slice(0, 12)}: ${describeError(error)}`);
  });
  log(`-----> Exported ${files.length} files`);
  return { src, files };
}

/** Picks the template (a Dockerfile in the repo wins) and says what it found. */
function detectPlan(run: BuildRun, source: { src: string; files: string[] }): BuildPlan {
  const { app, log } = run;
  run.step = 'detect';
  let plan: BuildPlan;
  try {
    plan = detectTemplate(diskSourceTree(source.src, source.files), app.template);
  } catch (error) {
    throw new BuildFailure('detect', describeError(error));
  }
  run.plan = plan;
  log(`-----> ${plan.reason}`);
  for (const warning of plan.warnings) log(` !     ${warning}`);
  const types = Object.keys(plan.processTypes);
  if (types.length) log(`-----> Procfile declares: ${types.join(', ')}`);
  if (plan.healthcheck) log(`-----> Health check from app.json: GET ${plan.healthcheck.path}`);
  const declared = Object.entries(plan.formation).map(([t, f]) => `${t}=${f.quantity ?? '-'}${f.tier ? `:${f.tier.toLowerCase()}` : ''}`);
  if (declared.length) log(`-----> Formation from app.json: ${declared.join(' ')}`);
  return plan;
}

/** app.json `env`: defaults on the first deploy, then every `required` variable must be set. */
async function checkAppJsonEnv(run: BuildRun, source: { src: string; files: string[] }): Promise<void> {
  const text = diskSourceTree(source.src, source.files).read('app.json');
  if (text === null) return;
  const scripts = parseAppJsonScripts(text);
  if (Object.keys(scripts).length) {
    await db.build.update({ where: { id: run.build.id }, data: { scripts } });
    for (const [name, command] of Object.entries(scripts)) run.log(`-----> app.json ${name}: ${command}`);
  }
  const { defaulted, missing } = await applyAppJsonEnv(run.app.id, parseAppJsonEnv(text));
  if (defaulted.length) run.log(`-----> app.json: set defaults for ${defaulted.join(', ')}`);
  if (missing.length)
    throw new BuildFailure(
      'detect',
      `app.json requires env vars that are not set: ${missing.join(', ')} (set them with \`berth env:set ${run.app.name} ${missing.map((m) => `${m}=…`).join(' ')}\` and push again)`,
    );
}

type BuiltImage = { tag: string; imageId: string; size: number };

/** Writes the build context and runs `docker build` on it; a failing Dockerfile step names the build step. */
async function buildAppImage(run: BuildRun, plan: BuildPlan): Promise<BuiltImage> {
  const { build, app, signal, log } = run;
  run.step = 'docker build';
  const tag = imageTagFor(app.name, build.commitSha);
  // Only what is stable per app: a per-build label (build id, commit) would make the LABEL
  // step a cache miss on every push. The tag names the commit; the Build row has the rest.
  const labels = berthLabels({ app: app.name });
  const context = await prepareContext(run.tmp!, plan, build.commitSha, log, app.name, labels);
  signal.throwIfAborted();
  let imageId: string;
  const docker = connectDocker({ dockerUrl: config().DOCKER_HOST }, 0);
  run.sandbox ??= openSandbox(build.id);
  const opened = await run.sandbox;
  if (!opened.ok) throw new BuildFailure('docker build', `build isolation could not be set up: ${describeError(opened.error)}`);
  const { sandbox } = opened;
  const needsNetwork = planNeedsNetwork(plan);
  // Said once, so a RUN step that tries to download (an annotation processor in lib/) reads why it fails.
  if (!needsNetwork) log('-----> Build steps run without network (this build downloads nothing)');
  try {
    ({ imageId } = await buildImage({
      docker,
      context: packDirectory(context.dir),
      tags: [tag],
      // A generated Dockerfile carries them (lib/templates/dockerfile-builder.ts); the API
      // option adds one uncached LABEL step (an intermediate container, ~0.25 s) per label.
      labels: context.labelled ? undefined : labels,
      signal,
      onLine: log,
      limits: sandbox.limits(needsNetwork),
    }));
  } catch (error) {
    if (error instanceof ImageBuildError) {
      const step = (error.step !== null && context.steps[error.step]) || 'docker build';
      throw new BuildFailure(step, describeDockerError(error.message));
    }
    throw error;
  }
  const info = await inspectImage(localDocker(), imageId);
  if (!info) throw new Error(`image ${imageId} vanished right after its build`);
  return { tag, imageId, size: info.Size };
}

/**
 * A build of a template's starter commit (every new app's first build): the starter image
 * prebuilt at setup is exactly what this build would make, so it is the result — no export,
 * no docker build. Any other commit, or no current starter image: false, the build runs.
 */
async function usePrebuiltStarter(run: BuildRun): Promise<boolean> {
  const { build, app, log } = run;
  const prebuilt = await findPrebuiltStarter(app.template, build.commitSha).catch((error) => {
    log(` !     prebuilt starter image not usable (${describeError(error)}); building`);
    return null;
  });
  if (!prebuilt) return false;
  run.plan = prebuilt.plan;
  log(`-----> Build #${build.number} of ${app.name} at ${build.commitSha.slice(0, 12)}`);
  log(`-----> ${prebuilt.plan.reason}`);
  log(`-----> Build skipped: this is the ${app.template.toLowerCase()} starter commit, prebuilt at setup as ${prebuilt.tag}`);
  await recordSuccess(run, prebuilt.plan, prebuilt, 'Using');
  return true;
}

/** SUCCEEDED with the image, its size and the plan's process types and health check. */
async function recordSuccess(run: BuildRun, plan: BuildPlan, image: BuiltImage, verb: 'Built' | 'Using' = 'Built'): Promise<void> {
  const { build, app, log } = run;
  const durationMs = Date.now() - run.started;
  log(`-----> ${verb} ${image.tag} (${(image.size / 1e6).toFixed(1)} MB) in ${(durationMs / 1000).toFixed(1)} s`);
  await finish(build.id, run.sink, 'SUCCEEDED', {
    template: plan.template,
    imageTag: image.tag,
    imageId: image.imageId,
    imageSize: BigInt(image.size),
    durationMs,
    processTypes: plan.processTypes,
    healthcheck: plan.healthcheck ?? undefined,
    formation: Object.keys(plan.formation).length ? plan.formation : undefined,
  });
  await publishProgress(app.id, { step: 'build', status: 'done', message: `Built ${image.tag}`, buildId: build.id });
  await recordEvent({ kind: 'build.succeeded', message: `Build #${build.number} succeeded`, appId: app.id, appName: app.name, data: { buildId: build.id } }).catch(() => {});
}

/** FAILED (with the step and plain words) or CANCELLED, told to the UI and the timeline. */
async function recordFailure(run: BuildRun, error: unknown): Promise<BuildStatus> {
  const { build, app } = run;
  const buildId = build.id;
  const status = await fail(buildId, run.sink, error, { step: run.step, signal: run.signal, cancel: run.cancel.signal, template: run.plan?.template ?? null, started: run.started });
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
}

/** Stops the cancel poll, closes the build sandbox, removes the working directory; a Java app's warm javac is started soon. */
async function endRun(run: BuildRun): Promise<void> {
  clearInterval(run.poll);
  if (run.plan && canPrecompile(run.plan)) warmJavacSoon(run.app); // for the next push, failed or not
  const opened = await run.sandbox;
  if (opened?.ok) await opened.sandbox.close();
  if (run.tmp) await fs.rm(run.tmp, { recursive: true, force: true }).catch(() => {});
}

/** Generated builds: Dockerfile + berth/ca.pem next to src/ (+ src/REVISION). Repo Dockerfile: src/ as is. */
async function prepareContext(
  tmp: string,
  plan: BuildPlan,
  commitSha: string,
  log: (l: string) => void,
  appName: string,
  labels: Record<string, string>,
): Promise<{ dir: string; steps: Record<number, BuildStep>; labelled: boolean }> {
  if (plan.template === 'DOCKERFILE') {
    await checkRepoDockerfile(path.join(tmp, 'src', 'Dockerfile'), appName);
    return { dir: path.join(tmp, 'src'), steps: {}, labelled: false };
  }
  const runtime = languageTemplate(plan.template).runtime!;
  const generated = generateDockerfile(plan, { labels });
  await fs.mkdir(path.join(tmp, 'berth'));
  // Independent files and the runtime image check, at once: every build waits for them.
  const [runtimeBuilt] = await Promise.all([
    ensureRuntimeImage(runtime, { onLine: (l) => log(`       ${l}`) }),
    fs.writeFile(path.join(tmp, 'Dockerfile'), generated.dockerfile),
    buildCaBundle().then((pem) => fs.writeFile(path.join(tmp, 'berth', 'ca.pem'), pem)),
    // Part of the code layer: /app/REVISION. A repo entry of that name (file, directory or a
    // symlink to anywhere) is replaced, never written through.
    replaceFileNoFollow(path.join(tmp, 'src', 'REVISION'), `${commitSha}\n`),
  ]);
  if (runtimeBuilt === 'built') log(`-----> Built runtime image berth/runtime-${runtime} (first use)`);
  return { dir: tmp, steps: generated.steps, labelled: true };
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
  // A full build directory fails whichever step was writing: say so, not the errno text.
  if (isNoSpace(error)) detail = noSpaceText(config().paths.tmp);
  else if (error instanceof BuildFailure) {
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
