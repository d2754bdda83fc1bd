import { ensureStarterImage } from '../builds/starter-image';
import { starterCommitSha } from '../git/starter-commit';
import type { TemplateName } from '../model/templates';

/**
 * Makes `berth/starter-<template>` current for the commit every new app of `template` starts at,
 * so New app deploys it without a build (lib/builds/starter-image.ts). Run by `npm run images`
 * (scripts/setup.sh), the launch benchmark and tests; a no-op when the image is current.
 */
export async function prebuildStarter(
  template: TemplateName,
  options: { rebuild?: boolean; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  return ensureStarterImage(template, await starterCommitSha(template), options);
}
