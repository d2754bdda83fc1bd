/**
 * App names become DNS labels (<name>.<apps-domain>), directory names (<data>/repos/<name>.git),
 * container names and git URLs, so the rule is strict: lower-case letter first, then letters,
 * digits and dashes, ending with a letter or digit, 3–40 characters. Nothing a shell, a path
 * or a command-line parser could misread (no dots, slashes, `$`, `;`, leading `-`).
 */
export const APP_NAME_PATTERN = /^[a-z][a-z0-9-]{1,38}[a-z0-9]$/;

/** Names that would collide with Berth's own hostnames or common infrastructure. */
export const RESERVED_NAMES: Record<string, string> = {
  www: 'is the conventional web hostname',
  api: "is used by Berth's API",
  git: "is used by Berth's git server",
  admin: 'is reserved for administration',
  app: 'is reserved for Berth itself',
  apps: 'is reserved for Berth itself',
  berth: 'is reserved for Berth itself',
  dashboard: 'is reserved for Berth itself',
  static: 'is reserved for static assets',
  assets: 'is reserved for static assets',
  cdn: 'is reserved for static assets',
  mail: 'is a mail hostname',
  smtp: 'is a mail hostname',
  imap: 'is a mail hostname',
  pop: 'is a mail hostname',
  ftp: 'is an FTP hostname',
  ns1: 'is a name-server hostname',
  ns2: 'is a name-server hostname',
  localhost: 'always means this machine',
  registry: 'is used by the image registry',
  proxy: 'is used by the edge proxy',
  status: 'is reserved for status pages',
  docs: 'is reserved for documentation',
  auth: 'is reserved for sign-in',
  login: 'is reserved for sign-in',
};

/** Null when `name` is a valid, unreserved app name; else a sentence for the form field. */
export function appNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'Name is required';
  if (name.length < 3) return 'Name must be at least 3 characters';
  if (name.length > 40) return 'Name must be at most 40 characters';
  if (name !== name.toLowerCase()) return 'Name must be lower-case';
  if (!/^[a-z0-9-]*$/.test(name)) return 'Name may only contain lower-case letters, digits and dashes';
  if (!/^[a-z]/.test(name)) return 'Name must start with a letter';
  if (!/[a-z0-9]$/.test(name)) return 'Name must end with a letter or digit';
  if (!APP_NAME_PATTERN.test(name)) return 'Name is not a valid DNS label';
  if (name.includes('--')) return 'Name must not contain two dashes in a row';
  const reserved = RESERVED_NAMES[name];
  if (reserved) return `"${name}" is reserved: it ${reserved}`;
  return null;
}

export function isValidAppName(name: unknown): name is string {
  return appNameProblem(name) === null;
}
