/** Only same-site paths are followed after sign-in (no `//evil.example` open redirects). */
export function safeNext(value: string | string[] | undefined): string {
  const next = Array.isArray(value) ? value[0] : value;
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/apps';
  return next;
}
