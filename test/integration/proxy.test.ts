import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { reconcileOnce } from '../../lib/deploys/reconcile';
import { masterPid, nginxFiles, stopNginx } from '../../lib/proxy/nginx';
import { ensureProxy } from '../../lib/proxy/sync-proxy';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, httpGet, viaProxy } from './deploy-helpers';

describe('edge proxy (real nginx)', () => {
  let name: string;
  beforeAll(async () => {
    await buildTestImage();
    const app = await createTestApp();
    name = app.name;
    await db.route.create({ data: { appId: app.id, hostname: `${name}-shop.example.test`, kind: 'CUSTOM' } });
    await deployTestRelease(app.id, { VERSION: '1' });
  });
  afterAll(cleanupInstallation);

  it('routes the default and custom hostnames, with X-Forwarded headers', async () => {
    const res = await viaProxy(name, '/headers');
    expect(res.body).toContain(`host=${name}.${config().BERTH_APPS_DOMAIN}`);
    expect(res.body).toMatch(/xff=127\.0\.0\.1 proto=http xfh=/);
    const custom = await httpGet(config().BERTH_PROXY_PORT, `${name}-shop.example.test`);
    expect(custom.body).toContain('version=1');
  });

  it('writes one JSON access log line per request (parsed by OPS for request stats)', async () => {
    await viaProxy(name);
    await new Promise((r) => setTimeout(r, 1_500)); // access_log buffer flushes every second
    const lines = (await readFile(path.join(config().paths.nginx, 'access.log'), 'utf8')).trim().split('\n');
    const entry = JSON.parse(lines.reverse().find((l) => l.includes(`"app":"${name}"`))!);
    expect(entry).toMatchObject({ app: name, status: 200, method: 'GET' });
    expect(typeof entry.request_time).toBe('number');
  });

  it('is derived state: regenerated from the database and restarted when nginx is gone', async () => {
    await stopNginx(nginxFiles());
    expect(await masterPid(nginxFiles())).toBeNull();
    const report = await reconcileOnce();
    expect(report.proxySynced).toBe(true);
    expect((await viaProxy(name)).body).toContain('version=1');
    await ensureProxy();
    expect((await viaProxy(name)).status).toBe(200);
  });

  it('rejects a broken config without touching the running one', async () => {
    const { testConfig } = await import('../../lib/proxy/nginx');
    const files = nginxFiles();
    const bad = path.join(files.dir, 'broken.conf');
    await import('node:fs/promises').then((fs) => fs.writeFile(bad, 'events {} http { server { listen nope; } }'));
    await expect(testConfig(files, bad)).rejects.toThrow(/nginx -t/);
    expect((await viaProxy(name)).status).toBe(200);
  });
});
