/**
 * One live progress message of an app's build/deploy (published on channel.app by the build and
 * deploy workers, shown by the UI and `git push`). Only a live signal: every state it reports is
 * also in Postgres (Build, Release, Instance). A plain type so client components can import it.
 */
export type ProgressStep = 'repository' | 'build' | 'deploy' | 'release' | 'start' | 'health' | 'live' | 'failed';
export type Progress = {
  step: ProgressStep;
  status: 'running' | 'done' | 'failed';
  message: string;
  buildId?: string;
  releaseId?: string;
  url?: string;
  /** A line the app printed (release phase output), not a Berth message. */
  output?: boolean;
  at: string;
};
