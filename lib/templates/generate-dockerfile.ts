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
 * trust store, dependency manifests, dependency install, then the image's labels (one step, a
 * cache hit from an app's second build on), then code, then REVISION. No labels: the text the
 * prebuilt starter images are hashed on (lib/builds/starter-image.ts).
 */
export function generateDockerfile(plan: BuildPlan, options: { labels?: Record<string, string> } = {}): GeneratedDockerfile {
  const lang = languageTemplate(plan.template);
  if (!lang.runtime) throw new Error(`template ${plan.template} has no generated Dockerfile`);
  const b = new DockerfileBuilder(options.labels).header(lang.runtime);
  lang.dockerfile(plan, b, plan.processTypes);
  return { dockerfile: b.text(), steps: b.steps };
}
