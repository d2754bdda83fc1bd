import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { StarterName, TemplateName } from '../model/templates';
import type { Template } from '../templates/types';
import { STARTER_COMMIT, starterCommitMessage, starterFiles } from '../templates/starter';
import { initRepo } from './init-repo';

/**
 * Creates a new app's bare repository at `gitdir` holding the template's starter as its first
 * commit. The commit is reproducible (fixed author and time, see STARTER_COMMIT): the same SHA for
 * every app of a template, which is what lets a prebuilt starter image stand in for its build.
 */
export async function initStarterRepo(gitdir: string, template: StarterName, defaultBranch: string): Promise<{ commitSha: string }> {
  const files = await starterFiles(template.toUpperCase() as Template);
  return initRepo({
    gitdir,
    defaultBranch,
    files: Object.entries(files).map(([p, content]) => ({ path: p, content })),
    message: starterCommitMessage(template),
    author: STARTER_COMMIT.author,
    timestamp: STARTER_COMMIT.timestamp,
  });
}

/** The SHA every new app of `template` starts at, computed in a throwaway repository. */
export async function starterCommitSha(template: TemplateName): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-starter-'));
  try {
    return (await initStarterRepo(path.join(dir, 'repo.git'), template, 'main')).commitSha;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
