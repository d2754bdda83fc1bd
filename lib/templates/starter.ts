import fs from 'node:fs/promises';
import path from 'node:path';
import { templatesDir } from './templates-dir';
import type { Template } from './types';

/**
 * The starter code a new app's repository is seeded with (first commit), as path → content.
 * Each starter prints its language, the runtime version and the commit it runs (/app/REVISION).
 */
export async function starterFiles(template: Template): Promise<Record<string, Buffer | string>> {
  const dir = path.join(templatesDir(), template.toLowerCase(), 'starter');
  const files: Record<string, Buffer> = {};
  await collect(dir, '', files);
  return files;
}

async function collect(root: string, rel: string, out: Record<string, Buffer>): Promise<void> {
  for (const entry of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const relPath = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) await collect(root, relPath, out);
    else if (entry.isFile()) out[relPath] = await fs.readFile(path.join(root, relPath));
  }
}

/**
 * Who and when of every starter's first commit. Fixed on purpose: every new app of a template
 * then gets the same commit (same tree, author, time and message → same SHA), so the starter
 * image prebuilt at setup (lib/builds/starter-image.ts) carries exactly that commit in
 * /app/REVISION and New app can deploy it without a build.
 */
export const STARTER_COMMIT = {
  author: { name: 'Berth', email: 'berth@localhost' },
  /** 2026-01-01T00:00:00Z, in seconds. */
  timestamp: 1_767_225_600,
} as const;

/** The first commit's message of a new app from `template` ("php", "node", …). */
export const starterCommitMessage = (template: string) => `Initial ${template} app from Berth`;
