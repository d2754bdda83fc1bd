import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { createRelease } from '../../lib/releases/create-release';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { teardownApp } from '../../lib/deploys/teardown-app';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, TEST_IMAGE, viaProxy } from './deploy-helpers';

const run = promisify(execFile);

/**
 * Issue #17, fail fast: a release whose process exits at start (a syntax error, say) fails as
 * soon as its container exits — with the exit code — instead of waiting out the 60 s health-check
 * deadline; the previous release keeps serving.
 */
describe('a release that crashes at start', () => {
  // This file's own image (the deploy fixture with a command that exits 3), removed at the end.
  const crashImage = `berth-test/crash-app:${Math.random().toString(36).slice(2, 10)}`;

  beforeAll(async () => {
    await buildTestImage();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-crash-'));
    try {
      await writeFile(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCMD ["/bin/sh", "-c", "echo crashing on purpose >&2; exit 3"]\n`);
      await run('docker', ['build', '-q', '-t', crashImage, dir], { timeout: 300_000 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);

  afterAll(async () => {
    for (const app of await db.app.findMany({ select: { id: true } })) await teardownApp(app.id);
    await cleanupInstallation();
    await run('docker', ['rmi', '-f', crashImage], { timeout: 60_000 }).catch(() => undefined);
  });

  it('is FAILED with its exit code well before the health-check deadline', { timeout: 120_000 }, async () => {
    const app = await createTestApp();
    await deployTestRelease(app.id, { VERSION: '1' });
    const { release, deploymentId } = await createRelease({
      appId: app.id,
      buildId: null,
      imageTag: crashImage,
      commitSha: 'abcdef1234567890',
      env: { plain: { VERSION: '2' } },
      processTypes: {},
      healthcheck: null,
      description: 'Deploy a crashing release',
    });
    const started = Date.now();
    await runDeployment(deploymentId);
    const took = Date.now() - started;

    const failed = await db.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(failed.status).toBe('FAILED');
    expect(failed.failedStep).toBe('health check');
    expect(`${failed.failureReason}\n${failed.failureDetail}`).toMatch(/exit code 3|restarting after exit code 3/);
    expect(failed.failureDetail ?? '').toContain('crashing on purpose');
    // Create + start + the exit + the report, on a loaded 2-core machine; the deadline is 60 s.
    expect(took).toBeLessThan(20_000);
    expect((await viaProxy(app.name)).body).toContain('version=1');
  });
});
