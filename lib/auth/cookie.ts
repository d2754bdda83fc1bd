/** Name and attributes of the session cookie; pure so it can be unit-tested. */
export const SESSION_COOKIE = 'berth_session';
export const SESSION_TTL_DAYS = 30;
export const SESSION_TTL_MS = SESSION_TTL_DAYS * 24 * 60 * 60 * 1000;

export type CookieOptions = {
  httpOnly: true;
  sameSite: 'lax';
  secure: boolean;
  path: '/';
  expires: Date;
};

/** Secure when forced on, or in `auto` mode when the public URL is https (i.e. behind TLS). */
export function secureCookies(setting: 'auto' | 'true' | 'false', publicUrl: string): boolean {
  if (setting === 'true') return true;
  if (setting === 'false') return false;
  return publicUrl.startsWith('https://');
}

export function sessionCookieOptions(expires: Date, secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: 'lax', secure, path: '/', expires };
}

/** Reads one cookie from a raw `Cookie:` header. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const raw = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return null;
}
