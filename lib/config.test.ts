import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';

const valid = {
  DATABASE_URL: 'postgresql://berth:berth@127.0.0.1:5432/berth',
  BERTH_SECRET_KEY: 'a'.repeat(64),
};

function messageFor(env: Record<string, string | undefined>): string {
  try {
    parseConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('fills defaults and derives paths', () => {
    const config = parseConfig({ ...valid, BERTH_DATA_DIR: '/tmp/berth-x' });
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.BERTH_APPS_DOMAIN).toBe('localhost');
    expect(config.BERTH_PROXY_PORT).toBe(8080);
    expect(config.DOCKER_HOST).toBe('unix:///var/run/docker.sock');
    expect(config.paths.repos).toBe('/tmp/berth-x/repos');
    expect(config.BERTH_PROXY_TLS_PORT).toBe(8443);
    expect(config.BERTH_ACME_DIRECTORY_URL).toBe('https://acme-v02.api.letsencrypt.org/directory');
    expect(config.BERTH_EDGE_UI_UPSTREAM).toBe('');
  });

  it('accepts the empty TLS settings .env.example ships', () => {
    const config = parseConfig({ ...valid, BERTH_ACME_EMAIL: '', BERTH_ACME_CA_FILE: '', BERTH_EDGE_UI_UPSTREAM: '', BERTH_PROXY_TLS_PORT: '0' });
    expect(config.BERTH_PROXY_TLS_PORT).toBe(0);
  });

  it('names a missing variable and what it expects, on one line', () => {
    const message = messageFor({ BERTH_SECRET_KEY: valid.BERTH_SECRET_KEY });
    expect(message).toBe('Invalid configuration: DATABASE_URL is required, e.g. postgresql://berth:berth@127.0.0.1:5432/berth');
    expect(message).not.toContain('\n');
  });

  it.each([
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL must be a postgresql:// URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL must be a redis:// URL'],
    [{ BERTH_SECRET_KEY: 'short' }, 'BERTH_SECRET_KEY must be 64 hex characters'],
    [{ BERTH_SECRET_KEY: undefined }, 'BERTH_SECRET_KEY is required'],
    [{ BERTH_PROXY_PORT: '99999' }, 'BERTH_PROXY_PORT'],
    [{ BERTH_APPS_DOMAIN: 'Bad_Domain' }, 'BERTH_APPS_DOMAIN must be a DNS domain'],
    [{ DOCKER_HOST: '/var/run/docker.sock' }, 'DOCKER_HOST must be unix://, tcp:// or ssh://'],
    [{ BERTH_PORT_RANGE: '20000' }, 'BERTH_PORT_RANGE must be a range'],
    [{ BERTH_SECURE_COOKIES: 'yes' }, 'BERTH_SECURE_COOKIES'],
    [{ BERTH_ACME_EMAIL: 'nope' }, 'BERTH_ACME_EMAIL must be an email address'],
    [{ BERTH_EDGE_UI_UPSTREAM: 'http://x' }, 'BERTH_EDGE_UI_UPSTREAM must be host:port'],
    [{ BERTH_ACME_DIRECTORY_URL: 'letsencrypt' }, 'BERTH_ACME_DIRECTORY_URL must be an ACME directory URL'],
  ])('rejects %o', (override, expected) => {
    const message = messageFor({ ...valid, ...override });
    expect(message).toContain(`Invalid configuration: ${expected}`);
    expect(message).not.toContain('\n');
  });
});
