import { DockerfileBuilder } from './dockerfile-builder';
import { languageTemplate } from './detect';
import type { BuildPlan, BuildStep } from './types';

export type GeneratedDockerfile = {
  dockerfile: string;
  /** Dockerfile instruction number (Docker's "Step n/m") → build step name. */
  steps: Record<number, BuildStep>;
};

/**
 * The Dockerfile for a detected plan. Layer order is what keeps warm rebuilds fast: runtime,
 * trust store, dependency manifests, dependency install, then code, then REVISION.
 */
export function generateDockerfile(plan: BuildPlan): GeneratedDockerfile {
  const lang = languageTemplate(plan.template);
  if (!lang.runtime) throw new Error(`template ${plan.template} has no generated Dockerfile`);
  const b = new DockerfileBuilder().header(lang.runtime);
  lang.dockerfile(plan, b, plan.processTypes);
  return { dockerfile: b.text(), steps: b.steps };
}
