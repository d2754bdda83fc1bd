import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { masterPid, nginxFiles } from '../../lib/proxy/nginx';
import { syncProxy } from '../../lib/proxy/sync-proxy';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, proxyLoad, viaProxy } from './deploy-helpers';

/**
 * nginx reload storm (issue 13): graceful reloads back to back — raw `nginx -s reload` signals
 * 100 ms apart, and bursts of Berth's own syncProxy() calls (which coalesce) — while a bounded
 * loopback request loop runs through nginx to a two-instance app. No request fails, the master
 * stays the same process, and the app still serves its release afterwards.
 */
const run = promisify(execFile);

describe('nginx reload storm', () => {
  beforeAll(async () => {
    await buildTestImage();
  }, 600_000);
  afterAll(cleanupInstallation, 120_000);

  it('loses no request through 40 raw reloads and 5 bursts of 10 concurrent proxy syncs', async () => {
    const app = await createTestApp(undefined, { instances: 2 });
    expect((await deployTestRelease(app.id, { VERSION: 'storm' })).release.status).toBe('LIVE');
    const files = nginxFiles();
    const master = await masterPid(files);
    expect(master).not.toBeNull();

    const traffic = proxyLoad(app.name, { intervalMs: 20, maxRequests: 5_000, maxMs: 240_000 });
    const started = Date.now();
    try {
      await new Promise((r) => setTimeout(r, 1_000));
      for (let i = 0; i < 40; i++) {
        await run(config().BERTH_NGINX_BIN, ['-p', files.dir, '-e', path.join(files.dir, 'error.log'), '-c', files.conf, '-s', 'reload'], {
          timeout: 15_000,
        });
        await new Promise((r) => setTimeout(r, 100));
      }
      for (let burst = 0; burst < 5; burst++) await Promise.all(Array.from({ length: 10 }, () => syncProxy()));
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      const { failures, total } = await traffic.stop();
      console.log(`[reload-storm] ${total} requests during ${Date.now() - started} ms of reloads, ${failures.length} failed`);
      expect(total).toBeGreaterThan(100);
      expect(failures).toEqual([]);
    }
    expect(await masterPid(files), 'reloads never restart the master').toBe(master);
    expect((await viaProxy(app.name)).body).toContain('version=storm');
  }, 600_000);
});
