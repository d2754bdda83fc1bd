import { describe, expect, it } from 'vitest';
import { addonEnvKeys, nextEnvSuffix } from './env-keys';
import { connectionUrl, generateCredentials, maskUrl } from './credentials';

describe('add-on env keys', () => {
  it('gives the first add-on of a type no suffix, then _2, _3, reusing gaps', () => {
    expect(nextEnvSuffix([])).toBe('');
    expect(nextEnvSuffix([''])).toBe('_2');
    expect(nextEnvSuffix(['', '_2'])).toBe('_3');
    expect(nextEnvSuffix(['', '_3'])).toBe('_2');
  });
  it('sets DATABASE_URL only for the add-on that owns it', () => {
    expect(addonEnvKeys({ type: 'POSTGRES', envSuffix: '', setsDatabaseUrl: true })).toEqual(['DATABASE_URL', 'POSTGRES_URL']);
    expect(addonEnvKeys({ type: 'MYSQL', envSuffix: '_2', setsDatabaseUrl: false })).toEqual(['MYSQL_URL_2']);
    expect(addonEnvKeys({ type: 'REDIS', envSuffix: '', setsDatabaseUrl: false })).toEqual(['REDIS_URL']);
  });
});

describe('add-on credentials', () => {
  it('are URL-safe and masked in connection strings', () => {
    const c = generateCredentials();
    expect(c.password).toMatch(/^[A-Za-z0-9]{20,}$/);
    const url = connectionUrl('postgres', 'berth-x', c);
    expect(url).toBe(`postgres://${c.user}:${c.password}@berth-x:5432/${c.database}`);
    expect(maskUrl(url)).not.toContain(c.password);
    expect(maskUrl(connectionUrl('redis', 'r', c))).toBe('redis://default:••••••••@r:6379');
  });
});
