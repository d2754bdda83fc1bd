import { channel } from '../events/channels';
import { DeployProgressInbox } from './deploy-progress-inbox';
import type { DeployWatch } from './deploy-watch';
import { followBuild } from './follow-build';
import { followRelease } from './follow-release';
import type { FollowEvent } from './progress-events';
import { subscribe } from './subscribe';
import { waitForRelease } from './wait-for-release';

export type FollowDeployOptions = {
  appId: string;
  buildId: string;
  signal?: AbortSignal;
  /** Give up after this long (the push must end sometime). */
  timeoutMs?: number;
  pollMs?: number;
};

/**
 * What happens to one build from queue to live (or failure), as FollowEvents shared by the
 * `git push` output and the UI's SSE, ending with one `end` event (none when `signal` aborts).
 * Postgres is read first and polled (source of truth, nothing is missed by joining late); Redis
 * pub/sub brings log lines early, wakes the polls and carries the transient deploy progress.
 * One subscription serves all steps, so no message falls between them.
 */
export async function* followDeploy(options: FollowDeployOptions): AsyncGenerator<FollowEvent> {
  const { appId, buildId } = options;
  // Polling still works without Redis.
  const subscription = await subscribe([channel.build(buildId), channel.app(appId)], { tolerateFailure: true, maxRetriesPerRequest: 1 });
  const watch: DeployWatch = {
    appId,
    buildId,
    subscription,
    progress: new DeployProgressInbox(channel.app(appId), buildId),
    deadline: Date.now() + (options.timeoutMs ?? 14 * 60 * 1000),
    pollMs: options.pollMs ?? 500,
    signal: options.signal,
  };
  try {
    if (!(yield* followBuild(watch))) return;
    const release = yield* waitForRelease(watch);
    if (release) yield* followRelease(watch, release);
  } finally {
    subscription.close();
  }
}
