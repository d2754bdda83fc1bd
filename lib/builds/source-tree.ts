import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { SourceTree } from '../templates/types';

const MAX_READ = 1024 * 1024;

/** A SourceTree over an exported commit: detection reads only small files, lazily. */
export function diskSourceTree(root: string, files: string[]): SourceTree {
  const known = new Set(files);
  return {
    files,
    read: (rel) => {
      if (!known.has(rel)) return null;
      const full = path.join(root, rel);
      try {
        if (statSync(full).size > MAX_READ) return null;
        return readFileSync(full, 'utf8');
      } catch {
        return null;
      }
    },
  };
}
