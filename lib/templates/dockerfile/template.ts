import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { DockerfilePlan } from '../types';

/** A Dockerfile at the repository root is used as is, with the repository as build context. */
export const dockerfile: LanguageTemplate<DockerfilePlan> = {
  template: 'DOCKERFILE',
  runtime: null,
  looksFor: 'a Dockerfile at the repository root',
  matches: (tree) => (hasFile(tree, 'Dockerfile') ? 'Dockerfile' : null),
  plan: () => ({ template: 'DOCKERFILE' }),
  // Anything may be fetched: the repo's RUN steps keep the filtered build network.
  needsNetwork: () => true,
  dockerfile: () => {
    throw new Error('a repository Dockerfile is used as is; nothing to generate');
  },
};
