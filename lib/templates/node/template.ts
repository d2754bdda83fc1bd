import type { LanguageTemplate } from '../language';
import { hasFile } from '../language';
import type { NodePlan } from '../types';

/**
 * Node: Debian nodejs + npm. `npm ci --omit=dev` with a lockfile, else `npm install --omit=dev`;
 * runs the Procfile's web command or `npm start` (which falls back to `node server.js`). A start
 * script that is only `node <file> [plain args]`, with no prestart/poststart, runs as that argv
 * directly: the same process without npm in front, which starts about half a second sooner on a
 * busy 2-core host and gets SIGTERM itself.
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
    directStart: directStart(tree.read('package.json')),
  }),
  needsNetwork: () => true, // npm ci / npm install, on every dependency change
  dockerfile: (plan, b, processTypes) => {
    b.copyFiles(plan.lockfile ? ['package.json', plan.lockfile] : ['package.json']);
    b.run(plan.lockfile ? 'npm ci --omit=dev' : 'npm install --omit=dev', 'install dependencies');
    if (processTypes.web) b.shellCmd(processTypes.web);
    else if (plan.directStart) b.add(`CMD ${JSON.stringify(plan.directStart)}`);
    else b.add('CMD ["npm", "start"]');
    b.copySource();
  },
};

const PLAIN_ARG = /^[\w./@=:,+-]+$/;

/** `scripts.start` as argv when it is just `node …` with plain words; null otherwise. */
export function directStart(packageJson: string | null): string[] | null {
  if (packageJson === null) return null;
  let scripts: unknown;
  try {
    scripts = (JSON.parse(packageJson) as { scripts?: unknown }).scripts;
  } catch {
    return null;
  }
  if (!scripts || typeof scripts !== 'object') return null;
  const { start, prestart, poststart } = scripts as Record<string, unknown>;
  if (typeof start !== 'string' || prestart !== undefined || poststart !== undefined) return null;
  const argv = start.trim().split(/\s+/);
  if (argv[0] !== 'node' || argv.length < 2 || !argv.every((a) => PLAIN_ARG.test(a))) return null;
  return argv;
}
