import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { NodePlan } from '../types';

/**
 * Node: Debian nodejs + npm. `npm ci --omit=dev` with a lockfile, else `npm install --omit=dev`;
 * runs the Procfile's web command or `npm start` (which falls back to `node server.js`).
 */
export const node: LanguageTemplate<NodePlan> = {
  template: 'NODE',
  runtime: 'node',
  looksFor: 'package.json (Node)',
  matches: (tree) => (hasFile(tree, 'package.json') ? 'package.json' : null),
  plan: (tree) => ({
    template: 'NODE',
    lockfile: hasFile(tree, 'npm-shrinkwrap.json')
      ? 'npm-shrinkwrap.json'
      : hasFile(tree, 'package-lock.json')
        ? 'package-lock.json'
        : null,
  }),
  dockerfile: (plan, b, processTypes) => {
    b.copyFiles(plan.lockfile ? ['package.json', plan.lockfile] : ['package.json']);
    b.run(plan.lockfile ? 'npm ci --omit=dev' : 'npm install --omit=dev', 'install dependencies');
    if (processTypes.web) b.shellCmd(processTypes.web);
    else b.add('CMD ["npm", "start"]');
    b.copySource();
  },
};
