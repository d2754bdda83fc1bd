import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { listHostsWithUsage } from '../../lib/hosts/list-hosts';
import { sampleMetrics } from '../../lib/metrics/ingest/sample-metrics';
import { invalidateMeasuredUse } from '../../lib/scheduler/cluster-state';
import { TIERS } from '../../lib/model/tiers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease, viaProxy } from './deploy-helpers';

/**
 * Density (#10): 40 apps on the default tier live at once on the one local host (2 CPUs here),
 * which used to hold 7 (each reserved 250 millicores). Deploys the tiny prebuilt test image —
 * not 40 builds — 8 at a time; every app must answer through nginx. Bounded: the whole test has
 * 10 minutes, and it prints its figures.
 */
const APPS = 40;
const PARALLEL = 8;

describe('density: 40 default-tier apps on one host', () => {
  beforeAll(buildTestImage);
  // This file's database is dropped after the run: removing the containers (and nginx) is enough.
  afterAll(cleanupInstallation);

  it('deploys 40 small apps and all of them serve at once', { timeout: 600_000 }, async () => {
    const started = Date.now();
    const apps = await Promise.all(Array.from({ length: APPS }, (_, i) => createTestApp(`dense${i}-${Math.random().toString(36).slice(2, 6)}`)));
    const failures: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        while (next < apps.length) {
          const app = apps[next++];
          const { release } = await deployTestRelease(app.id, { VERSION: app.name });
          if (release.status !== 'LIVE') failures.push(`${app.name}: ${release.failureReason}`);
        }
      }),
    );
    const deployedIn = (Date.now() - started) / 1000;
    expect(failures).toEqual([]);

    for (const app of apps) {
      const res = await viaProxy(app.name);
      expect(res.status, app.name).toBe(200);
      expect(res.body).toContain(`version=${app.name}`);
    }

    const running = await db.instance.findMany({ where: { status: 'RUNNING' } });
    expect(running).toHaveLength(APPS);
    expect(new Set(running.map((i) => i.hostId)).size).toBe(1);
    const small = TIERS.SMALL;
    expect(running.every((i) => i.cpuRequest === small.cpuRequest && i.memoryRequestMb === small.memoryRequestMb)).toBe(true);

    await sampleMetrics();
    invalidateMeasuredUse();
    const [host] = await listHostsWithUsage();
    expect(host.requested).toEqual({ cpu: APPS * small.cpuRequest, memoryMb: APPS * small.memoryRequestMb });
    expect(host.limits.memoryMb).toBe(APPS * small.memoryLimitMb);
    expect(host.requested.cpu).toBeLessThanOrEqual(host.requestable.cpu);
    const cores = (m: number) => (m / 1000).toFixed(2);
    console.log(
      `density: ${APPS} apps live on ${host.name} in ${deployedIn.toFixed(1)} s (${PARALLEL} deploys at a time); ` +
        `CPU requested ${cores(host.requested.cpu)} of ${cores(host.requestable.cpu)} (allocatable ${cores(host.allocatable.cpu)} × ${host.overcommit.cpu}), ` +
        `limits ${cores(host.limits.cpu)}, used ${cores(host.used.cpu)} of ${cores(host.capacity.cpu)} cores; ` +
        `memory requested ${host.requested.memoryMb} MB, limits ${host.limits.memoryMb} MB, used ${host.used.memoryMb} MB of ${host.capacity.memoryMb} MB`,
    );
  });
});
