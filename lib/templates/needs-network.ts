import { languageTemplate } from './detect';
import type { BuildPlan } from './types';

/**
 * Whether a build of this plan runs RUN steps that fetch from the internet (dependency installs,
 * Maven, a repository's own Dockerfile). When false the build's RUN steps get no network at all
 * (docs/security.md, "Builds"): a Java `javac` build compiles against local jars only.
 */
export function planNeedsNetwork(plan: BuildPlan): boolean {
  return languageTemplate(plan.template).needsNetwork(plan);
}
