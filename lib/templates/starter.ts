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
