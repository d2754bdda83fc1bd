import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import { config } from '../config';
import { checkDockerfile } from './dockerfile-policy';
import { BuildFailure } from './failure';

const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/**
 * Applies the Dockerfile policy (dockerfile-policy.ts) to the repository's Dockerfile before it
 * is built; a refusal fails the build at step "dockerfile", naming each offending line.
 */
export async function checkRepoDockerfile(file: string, appName: string): Promise<void> {
  const handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW).catch(() => {
    throw new BuildFailure('dockerfile', 'the Dockerfile must be a regular file');
  });
  let text: string;
  try {
    if ((await handle.stat()).size > MAX_DOCKERFILE_BYTES) throw new BuildFailure('dockerfile', 'the Dockerfile is larger than 1 MB');
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  const allowedPrefixes = config()
    .BERTH_BUILD_ALLOWED_IMAGES.split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const problems = checkDockerfile(text, { appName, allowedPrefixes });
  if (problems.length === 0) return;
  const list = problems.slice(0, 10).map((p) => (p.line ? `line ${p.line}: ${p.message}` : p.message));
  throw new BuildFailure('dockerfile', list.join('; '));
}
