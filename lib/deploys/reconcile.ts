import { db, type Host, type Instance } from '../db';
import { containerNameOf, listBerthContainers, removeContainer, type ContainerSummary } from '../docker/containers';
import { LABEL } from '../docker/labels';
import { describeError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { enqueueBuild } from '../queue/queues';
import { masterPid, nginxFiles } from '../proxy/nginx';
import { loadProxyApps, syncProxy } from '../proxy/sync-proxy';
import { tryAppLock } from './app-lock';
import { converge } from './converge';
import { processTypesOf } from './deploy-release';
import { desiredSlots } from './desired-slots';
import { startInstance } from './instance-container';
import { PRESENT_INSTANCE_STATUSES, SLOT_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * One level-based pass: desired state (PostgreSQL) against the containers Docker actually runs
 * (found by this installation's label on every reachable host). Correct even if every Docker
 * event was missed:
 *  - an instance of a live release whose container is gone is recreated, a stopped one started;
 *  - an app running fewer/more slots than desired is converged (scale, crashed-and-removed rows);
 *  - containers of this installation that no active instance row claims are removed (strays);
 *  - the proxy is rewritten when the routed set changed, and restarted if nginx is not running;
 *  - QUEUED builds get their queue job back (the Build row is the outbox; enqueue is idempotent).
 * Apps with a deploy in progress (app lock held) are skipped until the next pass.
 */
export type ReconcileReport = { restarted: string[]; removed: string[]; converged: string[]; proxySynced: boolean; errors: string[] };

const STRAY_GRACE_MS = 15_000;
let lastProxyFingerprint: string | null = null;

export async function reconcileOnce(): Promise<ReconcileReport> {
  const report: ReconcileReport = { restarted: [], removed: [], converged: [], proxySynced: false, errors: [] };
  const hosts = await db.host.findMany({ where: { status: { in: ['READY', 'DRAINING'] } } });
  const actual = new Map<string, { host: Host; info: ContainerSummary }>();
  const reachable = new Set<string>();
  for (const host of hosts) {
    try {
      const list = await listBerthContainers(dockerForHost(host));
      for (const info of list) actual.set(containerNameOf(info), { host, info });
      reachable.add(host.id);
    } catch (error) {
      report.errors.push(`${host.name}: ${describeError(error)}`);
    }
  }

  const rows = await db.instance.findMany({
    where: { status: { in: [...SLOT_INSTANCE_STATUSES] } },
    include: { app: { include: { currentRelease: true } }, release: true, host: true },
  });
  const claimed = new Set(rows.map((r) => r.containerName));

  // Instances and slots, per app, skipping apps that are being deployed right now.
  const apps = await db.app.findMany({ include: { currentRelease: true, formation: true } });
  for (const app of apps) {
    await tryAppLock(app.id, async () => {
      const mine = rows.filter((r) => r.appId === app.id);
      const live = app.currentRelease;
      if (live && app.desiredState === 'RUNNING') {
        // EXITED: a process that finished at once is done, not repaired (no crash loop).
        for (const row of mine.filter((r) => r.releaseId === live.id && r.status !== 'STOPPING' && r.status !== 'EXITED' && reachable.has(r.hostId))) {
          const found = actual.get(row.containerName);
          if (found?.info.State === 'running' && row.status !== 'STARTING') {
            // Docker's restart policy brought a crashed one back.
            if (row.status === 'CRASHED') await db.instance.update({ where: { id: row.id }, data: { status: 'RUNNING' } });
            continue;
          }
          if (found?.info.State === 'restarting') continue;
          // Missing, exited, or left STARTING by an interrupted deploy (we hold the app lock, so
          // nobody else is starting it): recreate/start and health-check it.
          try {
            await repair(row);
            report.restarted.push(row.containerName);
          } catch (error) {
            await db.instance.update({ where: { id: row.id }, data: { status: 'CRASHED' } });
            report.errors.push(`${row.containerName}: ${describeError(error)}`);
          }
        }
      }
      const wanted = live && app.desiredState === 'RUNNING' ? desiredSlots(app, processTypesOf(live)).length : 0;
      const current = mine.filter((r) => r.releaseId === live?.id && r.status !== 'STOPPING').length;
      const others = mine.filter((r) => r.releaseId !== live?.id).length;
      if (wanted !== current || others > 0) {
        try {
          await converge(app.id);
          report.converged.push(app.name);
        } catch (error) {
          report.errors.push(`${app.name}: ${describeError(error)}`);
        }
      }
    });
  }

  // Strays: ours by label, claimed by no active instance (deleted app, failed cleanup, stop).
  const fresh = await db.instance.findMany({
    where: { status: { in: [...PRESENT_INSTANCE_STATUSES] } },
    select: { containerName: true },
  });
  for (const r of fresh) claimed.add(r.containerName);
  for (const [name, { host, info }] of actual) {
    // Only app instance containers (berth.instance) are ours to remove; build containers are not.
    if (!info.Labels?.[LABEL.instance]) continue;
    if (claimed.has(name) || Date.now() - info.Created * 1000 < STRAY_GRACE_MS) continue;
    try {
      await removeContainer(dockerForHost(host), info.Id);
      report.removed.push(name);
    } catch (error) {
      report.errors.push(`${name}: ${describeError(error)}`);
    }
  }

  // The proxy follows the routed set (level-based: compares the whole derived config input).
  const fingerprint = JSON.stringify(await loadProxyApps());
  if (fingerprint !== lastProxyFingerprint || (await masterPid(nginxFiles())) === null) {
    try {
      await syncProxy();
      lastProxyFingerprint = fingerprint;
      report.proxySynced = true;
    } catch (error) {
      report.errors.push(`proxy: ${describeError(error)}`);
    }
  }

  // Build outbox.
  const queued = await db.build.findMany({ where: { status: 'QUEUED' }, select: { id: true } });
  for (const b of queued) await enqueueBuild(b.id).catch((e) => report.errors.push(`build ${b.id}: ${describeError(e)}`));
  return report;
}

/** Recreates or restarts one instance's container and waits until it is healthy again. */
async function repair(row: Instance & { app: { id: string; name: string }; release: Parameters<typeof startInstance>[1]['release']; host: Host }) {
  await startInstance(row, { app: row.app, release: row.release, host: row.host });
}
