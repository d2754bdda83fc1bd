import { createHash, randomBytes } from 'node:crypto';

/** Personal API tokens look like `berth_<43 base64url chars>` (32 random bytes). */
export const API_TOKEN_PREFIX = 'berth_';
const API_TOKEN_RE = /^berth_[A-Za-z0-9_-]{43}$/;

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 32 random bytes as base64url: session cookie values and the secret part of tokens. */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function generateApiToken(): { token: string; tokenHash: string; prefix: string } {
  const token = `${API_TOKEN_PREFIX}${randomSecret()}`;
  return { token, tokenHash: sha256Hex(token), prefix: token.slice(0, API_TOKEN_PREFIX.length + 6) };
}

export function looksLikeApiToken(value: string): boolean {
  return API_TOKEN_RE.test(value);
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/** Normalises an email for lookups and uniqueness: trimmed, lowercase. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
