import { DEPLOY_STEP_ADVICE, isDeployStep } from '../model/deploy-failure';

/**
 * The last line of a failed push — git prints it as `remote: …` and exits non-zero. It names the
 * step that failed, says what to do, and what keeps serving. Pure, from the rows' fields.
 */
export type PushFailureInput = {
  commit: string;
  /** A failed build (step as stored on the Build row, first line of its error). */
  build?: { failedStep: string | null; error: string | null } | null;
  /** A release that did not go live. */
  release?: { version: number; failedStep: string | null; failureReason: string | null } | null;
  /** The version that keeps serving, if any. */
  serving: number | null;
};

const MAX_REASON = 300;

export function pushFailureMessage(input: PushFailureInput): string {
  const short = input.commit.slice(0, 7);
  const keeps = input.serving !== null ? `v${input.serving} keeps serving.` : 'Nothing is deployed yet.';
  if (input.build) {
    const step = input.build.failedStep ? ` at step "${input.build.failedStep}"` : '';
    const why = firstLine(input.build.error);
    return `Push failed: the build of ${short} failed${step}${why ? ` (${why})` : ''}. Fix it (the build log above says why) and push again. ${keeps}`;
  }
  const release = input.release;
  const version = release ? `v${release.version}` : `the release of ${short}`;
  const step = release && isDeployStep(release.failedStep) ? release.failedStep : null;
  const why = firstLine(release?.failureReason ?? null);
  const advice = step ? DEPLOY_STEP_ADVICE[step] : 'Fix it and push again, or roll back in the dashboard.';
  return `Push failed: ${short} built, but ${version} did not go live${step ? ` — it failed at ${step}` : ''}${why ? `: ${why}` : ''}. ${advice} ${keeps}`;
}

function firstLine(text: string | null): string {
  const line = (text ?? '').split('\n')[0].trim();
  return line.length > MAX_REASON ? `${line.slice(0, MAX_REASON - 1)}…` : line;
}
