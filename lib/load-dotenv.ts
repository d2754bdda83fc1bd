import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Reads the repo's .env without overriding variables already set (same rule as scripts/lib.sh). */
export function loadDotEnv(file = path.resolve(import.meta.dirname, '../.env')): void {
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}
