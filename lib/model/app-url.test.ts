import { beforeEach, describe, expect, it, vi } from 'vitest';

describe('app URLs', () => {
  beforeEach(() => vi.resetModules());
  const load = async (env: Record<string, string>) => {
    vi.stubEnv('BERTH_SECRET_KEY', 'a'.repeat(64));
    vi.stubEnv('DATABASE_URL', 'postgresql://x@127.0.0.1/x');
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    return import('./app-url');
  };

  it('includes the proxy port unless it is 80', async () => {
    const m = await load({ BERTH_APPS_DOMAIN: 'localhost', BERTH_PROXY_PORT: '8080' });
    expect(m.appUrl('shop')).toBe('http://shop.localhost:8080');
    const m80 = await (async () => {
      vi.resetModules();
      return load({ BERTH_APPS_DOMAIN: 'apps.example.com', BERTH_PROXY_PORT: '80' });
    })();
    expect(m80.appUrl('shop')).toBe('http://shop.apps.example.com');
  });

  it('builds the clone URL from the public URL', async () => {
    const m = await load({ BERTH_PUBLIC_URL: 'http://berth.test:3000/' });
    expect(m.gitUrl('shop')).toBe('http://berth.test:3000/git/shop.git');
  });
});
