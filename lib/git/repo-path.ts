import path from 'node:path';
import { config } from '../config';
import { isValidAppName } from '../model/app-names';

/**
 * Where an app's bare repository lives: <data>/repos/<name>.git. The name is validated again
 * here and the result checked to stay inside the repos root, so no caller can build a path
 * that escapes it.
 */
export function repoDir(name: string): string {
  if (!isValidAppName(name)) throw new Error(`Invalid app name for a repository: ${JSON.stringify(name)}`);
  const root = config().paths.repos;
  const dir = path.resolve(root, `${name}.git`);
  if (path.dirname(dir) !== root) throw new Error('Repository path escapes the repos root');
  return dir;
}

/** Path stored in Repository.path: relative to the data directory. */
export function repoRelativePath(name: string): string {
  return path.relative(config().paths.data, repoDir(name));
}
