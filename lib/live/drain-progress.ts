import type { DeployWatch } from './deploy-watch';
import type { ProgressUpdate } from './progress-events';

/** The deploy progress that arrived since the last call (other messages are dropped). */
export function* drainProgress(watch: DeployWatch, releaseId: string | null): Generator<ProgressUpdate> {
  for (let m = watch.subscription.next(); m; m = watch.subscription.next()) {
    const update = watch.progress.afterBuild(m, releaseId);
    if (update) yield update;
  }
}
