import { describe, expect, it } from 'vitest';
import { bearerToken, generateApiToken, looksLikeApiToken, normalizeEmail, sha256Hex } from './tokens';

describe('API tokens', () => {
  it('are berth_ + 43 base64url characters, hashed with sha256, with a short display prefix', () => {
    const { token, tokenHash, prefix } = generateApiToken();
    expect(token).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);
    expect(looksLikeApiToken(token)).toBe(true);
    expect(tokenHash).toBe(sha256Hex(token));
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token.startsWith(prefix)).toBe(true);
    expect(prefix).toHaveLength('berth_'.length + 6);
  });

  it('are random', () => {
    expect(generateApiToken().token).not.toBe(generateApiToken().token);
  });

  it('rejects things that are not tokens', () => {
    expect(looksLikeApiToken('berth_short')).toBe(false);
    expect(looksLikeApiToken(`ghp_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeApiToken(`berth_${'a'.repeat(42)}!`)).toBe(false);
  });
});

describe('bearerToken', () => {
  it('reads Authorization: Bearer headers', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('bearer  abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('trims and lowercases', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
