import type { DeployProgressInbox } from './deploy-progress-inbox';
import type { DeployOutcome, EndEvent } from './progress-events';
import type { Subscription } from './subscribe';

/** What the steps of followDeploy share: one subscription (build log + app progress) for all. */
export type DeployWatch = {
  appId: string;
  buildId: string;
  subscription: Subscription;
  progress: DeployProgressInbox;
  /** Epoch ms after which the follow ends with `timeout`. */
  deadline: number;
  pollMs: number;
  signal?: AbortSignal;
};

export const end = (outcome: DeployOutcome): EndEvent => ({ type: 'end', outcome });

export const pastDeadline = (watch: DeployWatch) => Date.now() > watch.deadline;
