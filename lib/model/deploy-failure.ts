/**
 * Where a deploy stopped and what to do about it: the vocabulary shared by the deploy worker
 * (which stores Release.failedStep), the push output and the UI. Plain data, so client components
 * can import it.
 */
export type DeployStep = 'predeploy' | 'release phase' | 'placement' | 'start' | 'health check' | 'postdeploy';

export const DEPLOY_STEPS: readonly DeployStep[] = ['predeploy', 'release phase', 'placement', 'start', 'health check', 'postdeploy'];

export function isDeployStep(value: unknown): value is DeployStep {
  return typeof value === 'string' && (DEPLOY_STEPS as readonly string[]).includes(value);
}

/** One sentence of advice per step: what the person who pushed should do next. */
export const DEPLOY_STEP_ADVICE: Record<DeployStep, string> = {
  predeploy: "Fix the app.json predeploy command (its output is in the release's log) and push again.",
  'release phase': "Fix the Procfile release command (its output is in the release's log) and push again.",
  placement: 'Free capacity on the Hosts page (scale something down, add a host) or choose a smaller tier, then redeploy.',
  start: 'Check the details below; if the host is at fault, redeploy once it is fixed.',
  'health check': 'Make the web process listen on $PORT and answer the health check, then push again.',
  postdeploy: "Fix the app.json postdeploy command (its output is in the release's log) and push again.",
};

/** A short reason for the UI's status line and a detail for a collapsible section. */
export type FailureText = { reason: string; detail: string | null };
