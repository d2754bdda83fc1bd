import path from 'node:path';

/**
 * Where a volume may be mounted in an app container (pure, unit-tested). Absolute, already
 * normalised (no `.`, `..`, `//` or trailing `/`), plain characters only, not `/`, not in or over
 * the system's directories, and not over the app's code: a volume at /app or /usr would hide
 * what the image put there. Returns the reason, or null when the path is fine.
 */
export const MAX_VOLUME_PATH = 200;

/** A volume may be neither here nor below. */
const SYSTEM_DIRS = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/proc', '/run', '/sbin', '/sys', '/usr',
  '/var/run', '/var/lock', '/var/lib/apt', '/var/lib/dpkg', '/var/cache/apt', '/opt/venv',
];
/** A volume may be below these but not at them or above them (it would cover their content). */
const COVERED_DIRS = [...SYSTEM_DIRS, '/app', '/home/app'];

const within = (child: string, parent: string) => child === parent || child.startsWith(`${parent}/`);

export function volumePathProblem(input: string): string | null {
  if (input.length === 0) return 'is empty';
  if (input.length > MAX_VOLUME_PATH) return `is longer than ${MAX_VOLUME_PATH} characters`;
  if (!input.startsWith('/')) return 'must be absolute (start with /)';
  if (input === '/') return 'cannot be / (the whole file system)';
  if (!/^[A-Za-z0-9._@+/-]+$/.test(input)) return 'may contain only letters, digits, / and . _ @ + -';
  if (input.split('/').some((part) => part === '..')) return 'must not contain ..';
  if (path.posix.normalize(input) !== input || input.endsWith('/')) return `must be normalised (${path.posix.normalize(input).replace(/(.)\/$/, '$1')})`;
  const system = SYSTEM_DIRS.find((dir) => within(input, dir));
  if (system) return `is a system directory (${system})`;
  const covered = COVERED_DIRS.find((dir) => within(dir, input));
  if (covered) return `would hide ${covered}; mount a directory below it, e.g. ${covered === '/app' ? '/app/storage' : `${covered}/data`}`;
  return null;
}

/** Two volume paths that are equal or nested cannot both be mounted sensibly. */
export function pathsOverlap(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}
