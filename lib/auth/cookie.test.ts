import { describe, expect, it } from 'vitest';
import { readCookie, secureCookies, SESSION_COOKIE, SESSION_TTL_DAYS, sessionCookieOptions } from './cookie';

describe('session cookie', () => {
  it('is called berth_session and lives 30 days', () => {
    expect(SESSION_COOKIE).toBe('berth_session');
    expect(SESSION_TTL_DAYS).toBe(30);
  });

  it('is httpOnly, SameSite=Lax, path /', () => {
    const expires = new Date('2030-01-01T00:00:00Z');
    expect(sessionCookieOptions(expires, false)).toEqual({ httpOnly: true, sameSite: 'lax', secure: false, path: '/', expires });
    expect(sessionCookieOptions(expires, true).secure).toBe(true);
  });

  it('is Secure when forced, or automatically behind an https public URL', () => {
    expect(secureCookies('true', 'http://localhost:3000')).toBe(true);
    expect(secureCookies('false', 'https://berth.example.com')).toBe(false);
    expect(secureCookies('auto', 'https://berth.example.com')).toBe(true);
    expect(secureCookies('auto', 'http://localhost:3000')).toBe(false);
  });

  it('is read from a Cookie header', () => {
    expect(readCookie('a=1; berth_session=xyz%3D; b=2', 'berth_session')).toBe('xyz=');
    expect(readCookie('berth_session_old=1', 'berth_session')).toBeNull();
    expect(readCookie(null, 'berth_session')).toBeNull();
  });
});
