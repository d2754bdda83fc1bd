import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appSummaryInclude, toAppSummary } from '../../lib/apps/app-summary';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { execInContainer } from '../../lib/docker/container-exec';
import { instancesOf } from '../../lib/observe/list-instances';
import { createRelease } from '../../lib/releases/create-release';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, TEST_IMAGE } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * A crash loop injected for real: a release that served (LIVE, healthy) starts failing at every
 * start — the test drops /tmp/crash into its container, as a bad config file would: the running
 * process exits 3, and every restart after it exits 3 at once (CRASH_MODE=oom: allocates past the
 * 256 MB limit instead and is OOM-killed, exit code 137). With the observer and reconcile loops running, Docker's
 * restart policy (`unless-stopped`) brings it back with a doubling delay (100 ms, 200 ms, …, 1 min),
 * which the recorded container.die → container.start events show; the instance turns CRASHED with
 * the exit code (and the OOM flag), the app reads `crashed`, and `instance.crashed` events carry the
 * last log lines.
 */
const run = promisify(execFile);
const image = () => `berth-test/crash-loop:${config().BERTH_INSTALLATION}`;

// The image's CMD. The loop in the foreground is the "app" that dies; nginx (entry.sh) serves meanwhile.
const CMD = [
  'if [ -e /tmp/crash ]; then',
  '  echo "crash-loop: cannot start, /tmp/crash is there" >&2;',
  '  if [ "$CRASH_MODE" = oom ]; then head -c 2000m /dev/zero | tail; exit $?; fi;',
  '  exit 3;',
  'fi;',
  '/bin/sh /entry.sh &',
  'while [ ! -e /tmp/crash ]; do sleep 0.2; done;',
  'echo "crash-loop: fatal, /tmp/crash appeared" >&2; exit 3',
].join(' ');

let stopWorkers: (() => Promise<void>) | undefined;
beforeAll(async () => {
  await buildTestImage();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-crash-loop-'));
  try {
    await writeFile(path.join(dir, 'Dockerfile'), `FROM ${TEST_IMAGE}\nCMD ["/bin/sh", "-c", ${JSON.stringify(CMD)}]\n`);
    await run('docker', ['build', '-q', '-t', image(), dir], { timeout: 120_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}, 600_000);
afterAll(async () => {
  await stopWorkers?.();
  await cleanupInstallation();
  await localDocker().getImage(image()).remove().catch(() => undefined);
});

async function deployLive(name: string, env: Record<string, string>) {
  const app = await createTestApp(name);
  const { release, deploymentId } = await createRelease({
    appId: app.id,
    buildId: null,
    imageTag: image(),
    commitSha: 'abcdef1234567890',
    env: { plain: env },
    processTypes: {},
    healthcheck: null,
    description: 'crash loop',
  });
  await runDeployment(deploymentId);
  expect((await db.release.findUniqueOrThrow({ where: { id: release.id } })).status).toBe('LIVE');
  const instance = await db.instance.findFirstOrThrow({ where: { appId: app.id, status: 'RUNNING' } });
  return { app, instance };
}

/** The app's container events in engine order, as the observer recorded them. */
async function containerEvents(appId: string) {
  const rows = await db.event.findMany({ where: { appId, kind: { in: ['container.start', 'container.die'] } } });
  return rows
    .map((e) => ({ kind: e.kind, at: BigInt(String((e.data as { timeNano?: string }).timeNano ?? '0')) }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** ms from each death to the start that followed it. */
function restartGaps(events: { kind: string; at: bigint }[]): number[] {
  const gaps: number[] = [];
  for (let i = 0; i < events.length - 1; i++)
    if (events[i].kind === 'container.die' && events[i + 1].kind === 'container.start')
      gaps.push(Number(events[i + 1].at - events[i].at) / 1e6);
  return gaps;
}

// Docker's delays 100 ms … 12.8 s: 25.5 s of back-off in all. Each gap also holds the container's
// start (1–3 s on a loaded machine), so the doubling shows clearly only in the later gaps.
const RESTARTS = 8;

describe('crash loop of a release that was live', () => {
  it('backs off exponentially; the instance is CRASHED with exit code, OOM flag, last lines and events', async () => {
    stopWorkers = await startWorkers(['hosts', 'reconcile', 'observe']);
    const exit = await deployLive(`cl${Math.random().toString(36).slice(2, 8)}`, { VERSION: '1' });
    const oom = await deployLive(`co${Math.random().toString(36).slice(2, 8)}`, { VERSION: '1', CRASH_MODE: 'oom' });

    for (const { instance } of [exit, oom]) {
      const r = await execInContainer(localDocker(), instance.containerName, ['touch', '/tmp/crash'], { timeoutMs: 15_000 });
      // 137: the app saw the file and took the container (and `touch`, still exiting) down first.
      expect([0, 137]).toContain(r.exitCode);
    }

    // Back-off: each death → start gap is at least Docker's delay for that restart, which doubles.
    const events = await waitFor(
      async () => {
        const ev = await containerEvents(exit.app.id);
        return restartGaps(ev).length >= RESTARTS ? ev : null;
      },
      90_000,
      `${RESTARTS} restarts of the crash-looping instance`,
    );
    const gaps = restartGaps(events).slice(0, RESTARTS);
    console.log(`[crash-loop] death → restart gaps: ${gaps.map((g) => `${g.toFixed(0)} ms`).join(', ')}`);
    gaps.forEach((gap, k) => expect(gap, `gap ${k + 1}`).toBeGreaterThanOrEqual(0.9 * 100 * 2 ** k));
    // …and grows: the last (12.8 s of delay) against the shortest early one (0.1–0.8 s of delay).
    // Only the early gaps' start overhead varies much (once 18.8 s at load average 13), hence the minimum.
    expect(gaps[RESTARTS - 1]).toBeGreaterThan(2 * Math.min(...gaps.slice(0, 4)));

    // What the user sees: the app `crashed`, its instance CRASHED with exit code 3 and the restarts.
    const row = await waitFor(
      async () => {
        const [dto] = await instancesOf(exit.app.id);
        return dto?.state === 'CRASHED' && dto.exitCode === 3 ? dto : null;
      },
      30_000,
      'the instance CRASHED with exit code 3',
    );
    expect(row.restarts).toBeGreaterThanOrEqual(RESTARTS - 1);
    expect(row.oomKilled).toBe(false);
    await waitFor(
      async () => {
        const app = await db.app.findUniqueOrThrow({ where: { id: exit.app.id }, include: appSummaryInclude });
        return toAppSummary(app).status === 'crashed';
      },
      15_000,
      'the app to read crashed',
    );
    const crashed = await waitFor(
      async () => {
        const all = await db.event.findMany({ where: { appId: exit.app.id, kind: 'instance.crashed' }, orderBy: { id: 'asc' } });
        return all.some((e) => lastLines(e.data).some((l) => l.includes('crash-loop:'))) ? all : null;
      },
      30_000,
      'an instance.crashed event with the last log lines',
    );
    expect(crashed[0].message).toContain('exit code 3');
    expect((crashed[0].data as { exitCode?: number }).exitCode).toBe(3);
    // One event per RUNNING → CRASHED transition, not one per restart attempt.
    const deaths = (await containerEvents(exit.app.id)).filter((e) => e.kind === 'container.die').length;
    expect(crashed.length).toBeLessThanOrEqual(deaths);

    // The OOM variant: exit code 137, the OOM flag, "out of memory" in the event.
    const oomRow = await waitFor(
      async () => {
        const [dto] = await instancesOf(oom.app.id);
        return dto?.state === 'CRASHED' && dto.oomKilled && dto.exitCode === 137 ? dto : null;
      },
      60_000,
      'the OOM-looping instance CRASHED with the OOM flag',
    ).catch(async (error) => {
      const events = await db.event.findMany({ where: { appId: oom.app.id }, orderBy: { id: 'asc' } });
      console.log('[crash-loop] OOM app:', JSON.stringify(await instancesOf(oom.app.id)), events.map((e) => `${e.kind}: ${e.message}`).join('\n'));
      throw error;
    });
    expect(oomRow.oomKilled).toBe(true);
    const oomEvent = await waitFor(
      () => db.event.findFirst({ where: { appId: oom.app.id, kind: 'instance.crashed', message: { contains: 'out of memory' } } }),
      30_000,
      'an instance.crashed event saying out of memory',
    );
    expect((oomEvent.data as { oomKilled?: boolean }).oomKilled).toBe(true);
    expect(await db.event.count({ where: { appId: oom.app.id, kind: 'container.oom' } })).toBeGreaterThan(0);
  }, 240_000); // ~75 s on a quiet machine; 160 s seen at load average 16 (each start takes 5–7 s)
});

const lastLines = (data: unknown): string[] => ((data as { lastLines?: string[] }).lastLines ?? []);
