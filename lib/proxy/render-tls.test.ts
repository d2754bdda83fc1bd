import { describe, expect, it } from 'vitest';
import { renderNginxConfig } from './render-config';

const tls = {
  port: 8443,
  challengeDir: '/d/acme-challenge',
  servers: {
    'shop.example.com': { cert: '/d/certs/a-1.crt', key: '/d/certs/a-1.key' },
    'blog.example.com': { cert: '/d/certs/b-2.crt', key: '/d/certs/b-2.key' },
  },
};

function render(apps: Parameters<typeof renderNginxConfig>[0]['apps'], withTls = true) {
  return renderNginxConfig({ dir: '/d', port: 8080, apps, tls: withTls ? tls : undefined });
}

describe('renderNginxConfig with TLS', () => {
  const conf = render([
    { name: 'shop', hostnames: ['shop.localhost', 'shop.example.com'], upstreams: ['127.0.0.1:21000'] },
    { name: 'blog', hostnames: ['blog.localhost', 'blog.example.com'], upstreams: ['127.0.0.1:21001'], httpsRedirect: true, hsts: true },
  ]);

  it('has one TLS server per hostname with a certificate, picked by SNI', () => {
    expect(conf).toMatch(/listen 8443 ssl;\n\s+server_name shop\.example\.com;\n\s+ssl_certificate \/d\/certs\/a-1\.crt;\n\s+ssl_certificate_key \/d\/certs\/a-1\.key;/);
    expect(conf).toMatch(/server_name shop\.example\.com;[\s\S]*?proxy_pass http:\/\/berth_app_shop;/);
    expect(conf).not.toMatch(/listen 8443 ssl;\n\s+server_name shop\.localhost/);
  });

  it('refuses the handshake for unknown names on the TLS port', () => {
    expect(conf).toMatch(/listen 8443 ssl default_server;\n\s+server_name _;\n\s+ssl_reject_handshake on;/);
  });

  it('answers ACME HTTP-01 challenges on every plain-HTTP server, before any redirect', () => {
    const httpServers = conf.split('server {').filter((s) => /listen 8080/.test(s));
    expect(httpServers.length).toBeGreaterThanOrEqual(4);
    for (const s of httpServers) expect(s).toContain('location ^~ /.well-known/acme-challenge/ {\n      alias /d/acme-challenge/;');
  });

  it('redirects HTTP to HTTPS only for names that have a certificate, and only when asked', () => {
    expect(conf).toMatch(/listen 8080;\n\s+server_name blog\.example\.com;[\s\S]*?return 308 https:\/\/\$host:8443\$request_uri;/);
    expect(conf).toMatch(/listen 8080;\n\s+server_name blog\.localhost;[\s\S]*?proxy_pass http:\/\/berth_app_blog;/);
    expect(conf).toMatch(/listen 8080;\n\s+server_name shop\.localhost shop\.example\.com;[\s\S]*?proxy_pass/);
  });

  it('sends HSTS on HTTPS responses of apps that asked for it', () => {
    const blog = conf.slice(conf.indexOf('server_name blog.example.com;\n    ssl_certificate'));
    expect(blog.slice(0, 400)).toContain('add_header Strict-Transport-Security "max-age=31536000" always;');
    const shop = conf.slice(conf.indexOf('server_name shop.example.com;\n    ssl_certificate'));
    expect(shop.slice(0, 400)).not.toContain('Strict-Transport-Security');
  });

  it('omits :443 from redirects on the standard port', () => {
    const c = renderNginxConfig({ dir: '/d', port: 80, tls: { ...tls, port: 443 }, apps: [{ name: 'blog', hostnames: ['blog.example.com'], upstreams: [], httpsRedirect: true }] });
    expect(c).toContain('return 308 https://$host$request_uri;');
  });

  it('drops certificate paths that could break out of the directive', () => {
    const c = renderNginxConfig({
      dir: '/d',
      port: 8080,
      tls: { ...tls, servers: { 'x.example.com': { cert: '/d/a.crt; include /etc/passwd', key: '/d/a.key' } } },
      apps: [{ name: 'x', hostnames: ['x.example.com'], upstreams: [] }],
    });
    expect(c).not.toContain('passwd');
    expect(c).not.toMatch(/listen 8443 ssl;\n\s+server_name x\.example\.com/);
  });

  it('renders no TLS at all without a TLS port', () => {
    const plain = render([{ name: 'shop', hostnames: ['shop.example.com'], upstreams: [] }], false);
    expect(plain).not.toContain('ssl');
    expect(plain).not.toContain('acme-challenge');
  });

  it("serves Berth's own UI on its hostname: HTTPS once a certificate is there, streaming and unlimited bodies", () => {
    const ui = { hostname: 'berth.example.com', upstream: '127.0.0.1:3000' };
    const before = renderNginxConfig({ dir: '/d', port: 8080, apps: [], tls, ui });
    expect(before).toMatch(/upstream berth_ui \{\n\s+server 127\.0\.0\.1:3000;/);
    expect(before).toMatch(/listen 8080;\n\s+server_name berth\.example\.com;[\s\S]*?acme-challenge[\s\S]*?client_max_body_size 0;[\s\S]*?proxy_buffering off;[\s\S]*?proxy_pass http:\/\/berth_ui;/);
    expect(before).not.toMatch(/listen 8443 ssl;\n\s+server_name berth\.example\.com/);
    const after = renderNginxConfig({
      dir: '/d',
      port: 8080,
      apps: [],
      tls: { ...tls, servers: { 'berth.example.com': { cert: '/d/certs/u.crt', key: '/d/certs/u.key' } } },
      ui,
    });
    expect(after).toMatch(/listen 8080;\n\s+server_name berth\.example\.com;[\s\S]*?return 308 https:\/\/\$host:8443\$request_uri;/);
    expect(after).toMatch(/listen 8443 ssl;\n\s+server_name berth\.example\.com;\n\s+ssl_certificate \/d\/certs\/u\.crt;[\s\S]*?proxy_read_timeout 900s;[\s\S]*?proxy_pass http:\/\/berth_ui;/);
    expect(renderNginxConfig({ dir: '/d', port: 8080, apps: [], tls, ui: { hostname: 'x.example.com; evil', upstream: '1:2' } })).not.toContain('evil');
  });
});
