import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Directory of lib/templates on disk (starters, runtime Dockerfiles). Under tsx this is the
 * module's own directory; inside a Next.js server bundle import.meta.dirname points into .next,
 * so fall back to the project root, which is the working directory of `next start`.
 */
export function templatesDir(): string {
  const here = typeof import.meta.dirname === 'string' ? import.meta.dirname : '';
  if (here && existsSync(path.join(here, 'runtimes'))) return here;
  return path.join(process.cwd(), 'lib', 'templates');
}
