import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import type { Actor } from '../../lib/auth/actor';
import { restartApp } from '../../lib/deploys/app-operations';
import { scaleApp } from '../../lib/deploys/scale-app';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, httpGet, retryStats } from './deploy-helpers';

/**
 * While a bounded load loop (loopback only; runs ≥ 5 s and until the deploy finished, hard
 * limits 90 s / 250,000 requests) hits the app through nginx, deploy a new version, then a version
 * failing its health check: not one non-2xx or failed request, the new content at the end of
 * the first, the same content after the second; then a rolling restart and a scale-down.
 */
// The loop outlives the operation by at least this much: deploys retire the old instances before
// they return (lib/deploys/deploy-release.ts), so a few seconds of tail see the settled routes;
// thousands of requests are sent meanwhile (~4k/s here).
const LOOP_MS = 5_000;
const HARD_LIMIT_MS = 90_000;
// High enough that the whole deploy always runs under load (~5k req/s here), yet bounded.
const MAX_REQUESTS = 250_000;
const CONCURRENCY = 4;

const admin: Actor = { id: 'zd-admin', email: 'zd@example.test', role: 'ADMIN' };
async function run(p: Promise<{ deploymentId: string }>) {
  await runDeployment((await p).deploymentId);
}

type Tally = { ok: number; non2xx: number; errors: string[]; bodies: Set<string> };

async function loadWhile(host: string, work: () => Promise<unknown>): Promise<Tally> {
  const tally: Tally = { ok: 0, non2xx: 0, errors: [], bodies: new Set() };
  const start = Date.now();
  let sent = 0;
  let done = false;
  const loop = async () => {
    while ((!done || Date.now() < start + LOOP_MS) && Date.now() < start + HARD_LIMIT_MS && sent < MAX_REQUESTS) {
      sent++;
      try {
        const res = await httpGet(config().BERTH_PROXY_PORT, host);
        if (res.status >= 200 && res.status < 300) tally.ok++;
        else tally.non2xx++;
        tally.bodies.add(res.body.trim());
      } catch (error) {
        tally.errors.push(String(error));
      }
    }
  };
  const loops = Array.from({ length: CONCURRENCY }, loop);
  await work();
  done = true;
  // The deploy must have finished while requests were still being sent, or it proves nothing.
  expect(sent, 'request cap reached before the deploy finished').toBeLessThan(MAX_REQUESTS);
  expect(Date.now() - start, 'hard time limit reached before the deploy finished').toBeLessThan(HARD_LIMIT_MS);
  await Promise.all(loops);
  return tally;
}

describe('zero downtime', () => {
  beforeAll(buildTestImage);
  afterAll(cleanupInstallation);

  it('deploys and failed deploys cause no errors under load', async () => {
    const app = await createTestApp(undefined, { instances: 2 });
    const host = `${app.name}.${config().BERTH_APPS_DOMAIN}`;
    const first = await deployTestRelease(app.id, { VERSION: '1' });
    expect(first.release.status).toBe('LIVE');

    const deploy = await loadWhile(host, () => deployTestRelease(app.id, { VERSION: '2' }));
    console.log(`deploy under load: ${deploy.ok} ok, ${deploy.non2xx} non-2xx, ${deploy.errors.length} errors, ${retryStats.retries} keep-alive retries`);
    expect(deploy.errors.slice(0, 3)).toEqual([]);
    expect(deploy.non2xx).toBe(0);
    expect(deploy.ok).toBeGreaterThan(100);
    expect((await httpGet(config().BERTH_PROXY_PORT, host)).body).toContain('version=2');

    const failing = await loadWhile(host, async () => {
      const bad = await deployTestRelease(
        app.id,
        { VERSION: '3', FAIL: '1' },
        { healthcheck: { path: '/', expectedStatus: 200, timeoutMs: 2000, attempts: 3 } },
      );
      expect(bad.release.status).toBe('FAILED');
    });
    console.log(`failed deploy under load: ${failing.ok} ok, ${failing.non2xx} non-2xx, ${failing.errors.length} errors, ${retryStats.retries} keep-alive retries (cumulative)`);
    expect(failing.errors.slice(0, 3)).toEqual([]);
    expect(failing.non2xx).toBe(0);
    expect([...failing.bodies]).toEqual(['version=2 greeting=']);

    // Rolling restart, then scale 2 → 1, under load: still not one error.
    const ops = await loadWhile(host, async () => {
      await run(restartApp(admin, app.name));
      await run(scaleApp(admin, app.name, { web: { quantity: 1 } }));
    });
    console.log(`restart + scale down under load: ${ops.ok} ok, ${ops.non2xx} non-2xx, ${ops.errors.length} errors, ${retryStats.retries} keep-alive retries (cumulative)`);
    expect(ops.errors.slice(0, 3)).toEqual([]);
    expect(ops.non2xx).toBe(0);
    expect([...ops.bodies]).toEqual(['version=2 greeting=']);
  });
});
