const BASE = 'http://berth.invalid';

/**
 * Where to go after sign-in: only a path on Berth itself, else /apps. The value is parsed the way
 * the browser will parse it (the URL parser drops tabs and newlines and reads `\` as `/`, so
 * `/%09/evil.example` would become `//evil.example`), must stay on the same origin, and is
 * returned re-serialised, so what was checked is exactly what the browser follows.
 */
export function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  // Control characters, spaces and backslashes never appear in a path Berth links to.
  // eslint-disable-next-line no-control-regex
  if (!next || !next.startsWith('/') || /[\u0000-\u0020\u007f\\]/.test(next)) return '/apps';
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return '/apps';
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return '/apps';
  return url.pathname + url.search + url.hash;
}
