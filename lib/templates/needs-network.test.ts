import { describe, expect, it } from 'vitest';
import { detectTemplate } from './detect';
import { generateDockerfile } from './generate-dockerfile';
import { planNeedsNetwork } from './needs-network';
import type { SourceTree } from './types';

const tree = (files: Record<string, string>): SourceTree => ({ files: Object.keys(files), read: (p) => files[p] ?? null });
const MAIN = 'public class Main { public static void main(String[] a) {} }';

// Which builds get the filtered build network for their RUN steps, and which get none at all.
const cases: Array<[string, Record<string, string>, boolean]> = [
  ['java javac', { 'src/Main.java': MAIN }, false],
  ['java javac with lib/*.jar', { 'src/Main.java': MAIN, 'lib/dep.jar': '' }, false],
  ['java prebuilt jar', { 'app.jar': '' }, false],
  ['java maven', { 'pom.xml': '<project/>', 'src/main/java/Main.java': MAIN }, true],
  ['node', { 'package.json': '{}' }, true],
  ['node with lockfile', { 'package.json': '{}', 'package-lock.json': '{}' }, true],
  ['python with requirements.txt', { 'requirements.txt': 'flask', 'app.py': '' }, true],
  ['python without requirements.txt', { 'app.py': 'print(1)' }, false],
  ['php with composer.json', { 'composer.json': '{}', 'index.php': '' }, true],
  ['php without composer.json', { 'index.php': '<?php' }, false],
  ['static', { 'index.html': '<p>hi' }, false],
  ['repository Dockerfile', { Dockerfile: 'FROM scratch', 'src/Main.java': MAIN }, true],
];

describe('planNeedsNetwork', () => {
  it.each(cases)('%s → %s', (_name, files, expected) => {
    expect(planNeedsNetwork(detectTemplate(tree(files)))).toBe(expected);
  });

  it('every generated Dockerfile with a dependency install step keeps the network', () => {
    // Guards the rule against a template that adds a fetching RUN step but forgets needsNetwork.
    for (const [name, files] of cases) {
      const plan = detectTemplate(tree(files));
      if (plan.template === 'DOCKERFILE') continue;
      const installs = Object.values(generateDockerfile(plan).steps).includes('install dependencies');
      if (installs) expect(planNeedsNetwork(plan), name).toBe(true);
    }
  });
});
