import { config } from '../config';
import { decryptJson } from '../crypto/secret-box';
import { db, type App, type Prisma, type Release } from '../db';
import { streamDocker } from '../docker/host-client';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { runOneOff } from '../docker/one-off';
import { describeError } from '../errors';
import { publishProgress } from '../events/progress';
import { RELEASE_PROCESS } from '../model/formation';
import { tierResources } from '../model/tiers';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import { chooseHost } from '../scheduler/check-fit';
import { containerName } from './container-name';
import { containerSpec } from './container-spec';
import { hostConstraintsOf } from './place-instance';
import { DeployFailure } from './deploy-failure';

/**
 * Heroku's release phase: the Procfile's `release:` command runs once per release, in a one-off
 * container of the release's image with the release's env vars (on the app's tier, on a host the
 * scheduler picks), before any instance of the release starts — so before any traffic switches.
 * Every output line streams as deploy progress (the push prints it as `remote:` lines, the UI
 * in its deploy log); the outcome and the last lines are kept on the Release (`releasePhase`).
 * A non-zero exit (or the BERTH_RELEASE_TIMEOUT_SECONDS deadline) throws with that output, which
 * fails the deploy: the previous release keeps serving.
 *
 * Once per release: a retried deploy job finds the phase recorded as succeeded and skips it.
 */
export type ReleasePhaseRecord = {
  status: 'running' | 'succeeded' | 'failed';
  command: string;
  host: string;
  exitCode: number | null;
  output: string;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
};

const KEEP_LINES = 200;
const REASON_LINES = 20;

export function releaseCommandOf(release: Pick<Release, 'processTypes'>): string | null {
  const types = release.processTypes;
  if (!types || typeof types !== 'object' || Array.isArray(types)) return null;
  const command = (types as Record<string, unknown>)[RELEASE_PROCESS];
  return typeof command === 'string' && command.trim() ? command : null;
}

export function releasePhaseOf(release: Pick<Release, 'releasePhase'>): ReleasePhaseRecord | null {
  const value = release.releasePhase;
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as unknown as ReleasePhaseRecord) : null;
}

export async function runReleasePhase(app: App, release: Release, signal?: AbortSignal): Promise<void> {
  const command = releaseCommandOf(release);
  if (!command) return;
  if (releasePhaseOf(release)?.status === 'succeeded') return;

  const say = (message: string, status: 'running' | 'done' | 'failed' = 'running', output = false) =>
    publishProgress(app.id, { step: 'release', status, message, releaseId: release.id, ...(output ? { output } : {}) });
  await say(`Running release command: ${command}`);

  const resources = tierResources(app.tier);
  const { hostId } = await chooseHost({
    appId: app.id,
    releaseId: release.id,
    cpu: resources.cpuRequest,
    memoryMb: resources.memoryRequestMb,
    strategy: app.placement,
    constraints: hostConstraintsOf(app),
  }).catch((error) => {
    throw new Error(`release command could not be placed: ${describeError(error)}`);
  });
  const host = await db.host.findUniqueOrThrow({ where: { id: hostId } });
  await ensureImageOnHost(release.imageTag, host);

  const startedAt = new Date();
  const record = (r: Partial<ReleasePhaseRecord>) =>
    db.release.update({
      where: { id: release.id },
      data: {
        releasePhase: {
          status: 'running',
          command,
          host: host.name,
          exitCode: null,
          output: '',
          startedAt: startedAt.toISOString(),
          finishedAt: null,
          durationMs: null,
          ...r,
        } satisfies ReleasePhaseRecord as unknown as Prisma.InputJsonValue,
      },
    });
  await record({});

  // Published in order (one Redis connection); the deploy does not wait for each line.
  const name = containerName({ app: app.name, version: release.version, processType: RELEASE_PROCESS, index: 0 });
  const network = await ensureAppNetworkOnHost(host, app.id);
  const result = await runOneOff(
    streamDocker(host),
    containerSpec({
      name,
      image: release.imageTag,
      app: app.name,
      appId: app.id,
      releaseId: release.id,
      version: release.version,
      instanceId: null,
      processType: RELEASE_PROCESS,
      command,
      network,
      env: decryptJson<Record<string, string>>(release.env),
      resources,
      hostAddress: host.address,
      hostPort: null,
    }),
    {
      timeoutMs: config().BERTH_RELEASE_TIMEOUT_SECONDS * 1000,
      signal,
      keepLines: KEEP_LINES,
      onLine: (line) => void say(line, 'running', true),
    },
  );

  const ok = result.exitCode === 0 && !result.timedOut && !result.aborted;
  await record({
    status: ok ? 'succeeded' : 'failed',
    exitCode: result.exitCode,
    output: result.tail.join('\n'),
    finishedAt: new Date().toISOString(),
    durationMs: result.durationMs,
  });
  const seconds = (result.durationMs / 1000).toFixed(1);
  if (ok) {
    await say(`Release command finished in ${seconds} s`, 'done');
    return;
  }
  const why = result.timedOut
    ? `timed out after ${config().BERTH_RELEASE_TIMEOUT_SECONDS} s`
    : result.aborted
      ? 'was cancelled'
      : result.oomKilled
        ? `ran out of memory (limit ${resources.memoryLimitMb} MB)`
        : `exited with code ${result.exitCode}`;
  const last = result.tail.slice(-REASON_LINES);
  await say(`Release command ${why}`, 'failed');
  // The reason names the last line (usually the error); the detail keeps the output's tail.
  const reason = `release command ${why}${last.length ? `: ${last.at(-1)}` : ' (no output)'}`;
  throw new DeployFailure('release phase', { reason, detail: last.length ? `${reason}\n\nits output ends with:\n${last.join('\n')}` : null });
}
