import { describe, expect, it } from 'vitest';
import { isSafeHostname, renderNginxConfig } from './render-config';

describe('renderNginxConfig', () => {
  const conf = renderNginxConfig({
    dir: '/d',
    port: 8080,
    apps: [
      { name: 'shop', hostnames: ['shop.localhost', 'shop.example.com'], upstreams: ['127.0.0.1:21000', '127.0.0.1:21001'] },
      { name: 'idle', hostnames: ['idle.localhost'], upstreams: [] },
      { name: 'evil', hostnames: ['evil.localhost; include /etc/passwd'], upstreams: ['127.0.0.1:1'] },
    ],
  });
  it('routes each app to its instances with keepalive', () => {
    expect(conf).toContain('server_name shop.localhost shop.example.com;');
    expect(conf).toMatch(/upstream berth_app_shop \{\n\s+server 127.0.0.1:21000[^\n]*\n\s+server 127.0.0.1:21001[^\n]*\n\s+keepalive/);
  });
  it('answers 503 for an app without instances and 404 for unknown hosts', () => {
    expect(conf).toMatch(/server_name idle.localhost;[\s\S]*?return 503/);
    expect(conf).toMatch(/default_server;[\s\S]*?return 404/);
  });
  it('hands a sleeping app to the waker with the body buffered, never a redirect', () => {
    const sleepy = renderNginxConfig({ dir: '/d', port: 8080, waker: '127.0.0.1:8079', apps: [{ name: 'nap', hostnames: ['nap.localhost'], upstreams: [], sleeping: true }] });
    const server = sleepy.slice(sleepy.indexOf('server_name nap.localhost;'));
    expect(server).toMatch(/location \/ \{\s+proxy_pass http:\/\/127.0.0.1:8079;\s+proxy_request_buffering on;/);
    expect(server).not.toMatch(/return 30\d|proxy_set_header/);
    // Without a waker address (or once instances run again) it is the plain 503 / upstream.
    expect(renderNginxConfig({ dir: '/d', port: 8080, apps: [{ name: 'nap', hostnames: ['nap.localhost'], upstreams: [], sleeping: true }] })).toContain('return 503');
  });
  it('keeps everything under the given dir', () => {
    expect(conf).toContain('pid /d/nginx.pid;');
    expect(conf).toContain('access_log /d/access.log berth');
  });
  it('sizes the server-name hash to the names (hundreds of apps reload without a warning)', () => {
    expect(conf).toContain('server_names_hash_max_size 512;');
    const apps = Array.from({ length: 1000 }, (_, i) => ({ name: `app${i}`, hostnames: [`app${i}.apps.example.com`], upstreams: [] }));
    expect(renderNginxConfig({ dir: '/d', port: 8080, apps })).toContain('server_names_hash_max_size 2048;');
  });
  it('drops unsafe hostnames', () => {
    expect(conf).not.toContain('passwd');
    expect(isSafeHostname('a.b-c.example')).toBe(true);
    expect(isSafeHostname('a b')).toBe(false);
  });
});
