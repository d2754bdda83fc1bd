import { systemClock, type Clock } from '../background/clock';
import { db, Prisma, type App, type Host, type Instance, type ProcessFormation, type Release } from '../db';
import { containerNameOf, inspectContainer, listBerthContainers, removeContainer, type ContainerSummary } from '../docker/containers';
import { describeError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { masterPid, nginxFiles } from '../proxy/nginx';
import { loadProxyApps, syncProxy } from '../proxy/sync-proxy';
import { tryAppLock } from './app-lock';
import { converge } from './converge';
import { processTypesOf } from './deploy-release';
import { desiredSlots } from './desired-slots';
import { startInstance } from './instance-container';
import { PRESENT_INSTANCE_STATUSES, SLOT_INSTANCE_STATUSES } from '../model/instance-status';
import { isStray, STRAY_GRACE_MS } from './strays';
import { keptContainerKeys } from './kept-containers';
import { isOrphanHolder } from './held-network';
import { spareIdOf, sweepSpares, unclaimedSpareIds } from './spare-network';
import { sweepNetworkPool } from './network-pool';
import { removeStrayVolumes } from './stray-volumes';
import { writeOffLostInstances } from './lost-instances';
import { CrashLedger } from './crash-backoff';
import { capBoostedInstances } from './cpu-boost';
import { markCrashed } from './mark-crashed';

/**
 * One level-based pass: desired state (PostgreSQL) against the containers Docker actually runs
 * (found by this installation's label on every reachable host). Correct even if every Docker
 * event was missed. Steps, in order:
 *  0. writeOffLostInstances — instances on UNREACHABLE hosts are STOPPED (out of the proxy, slot
 *     free), so step 2 places them again on hosts with room (lib/deploys/lost-instances.ts);
 *  1. observeContainers — what runs where, keyed by host and name (hosts that do not answer are
 *     left alone);
 *  2. per app with instance rows or slots wanted (a sleeping or stopped app has neither),
 *     skipping apps with a deploy in progress (app lock held) until the next pass:
 *     repairInstances — an instance of the live release whose container is gone is recreated,
 *     a stopped one started; convergeSlots — an app running fewer/more slots than desired is
 *     converged (scale, crashed-and-removed rows);
 *  2b. capBoostedInstances — an instance still boosted past its startup window (the process that
 *     started it died before capping it) is capped to its tier's CPU limit (cpu-boost.ts);
 *  3. removeStrays — containers of this installation that no active instance row claims on that
 *     host (a lost instance placed elsewhere no longer claims its old host's container) and
 *     that are older than the grace period (a deploy may be creating them) are removed — except
 *     a sleeping app's stopped containers, kept for its wake (kept-containers.ts); orphan network
 *     holders, spares and networks made ahead for new apps go too (network-pool.ts);
 *  3b. removeStrayVolumes — app volumes no row names any more (deleted), once unmounted;
 *  4. syncProxyIfChanged — the proxy is rewritten when the routed set changed, and restarted if
 *     nginx is not running.
 * Queued builds are the builds' own outbox loop (lib/builds/requeue-queued-builds.ts).
 * The loop around it (every few seconds and at once when a container dies) is workers/reconcile.ts.
 */
export type ReconcileReport = {
  restarted: string[];
  removed: string[];
  converged: string[];
  lost: string[];
  crashed: string[];
  /** Instances still boosted past their startup window, capped to their tier (cpu-boost.ts). */
  capped: string[];
  proxySynced: boolean;
  errors: string[];
};

export type ReconcileOptions = {
  /** "Now" for the stray grace period; tests shift it instead of sleeping. */
  clock?: Clock;
  strayGraceMs?: number;
};

/** Keyed by onHost(hostId, containerName): a slot moved off a lost host has the same name on two hosts. */
type Actual = Map<string, { host: Host; info: ContainerSummary }>;
const onHost = (hostId: string, name: string) => `${hostId}/${name}`;
type InstanceRow = Instance & { app: App & { currentRelease: Release | null }; release: Release; host: Host };

export async function reconcileOnce(opts: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { restarted: [], removed: [], converged: [], lost: [], crashed: [], capped: [], proxySynced: false, errors: [] };
  report.lost = await writeOffLostInstances().catch((error) => {
    report.errors.push(`lost hosts: ${describeError(error)}`);
    return [];
  });
  const { actual, reachable } = await observeContainers(report);

  const rows: InstanceRow[] = await db.instance.findMany({
    where: { status: { in: [...SLOT_INSTANCE_STATUSES] } },
    include: { app: { include: { currentRelease: true } }, release: true, host: true },
  });
  const apps = await db.app.findMany({ include: { currentRelease: true, formation: true } });
  const byApp = new Map<string, InstanceRow[]>();
  for (const r of rows) {
    const list = byApp.get(r.appId);
    if (list) list.push(r);
    else byApp.set(r.appId, [r]);
  }
  for (const app of apps) {
    const mine = byApp.get(app.id) ?? [];
    // No instance row and none wanted (asleep, stopped, not deployed yet): nothing to repair or
    // converge, so no lock to take — most of a large fleet sleeps, and this runs every few seconds.
    if (mine.length === 0 && wantedSlots(app) === 0) continue;
    await tryAppLock(app.id, async () => {
      await repairInstances(app, mine, actual, reachable, report, opts.clock ?? systemClock);
      await convergeSlots(app, mine, report);
    });
  }

  report.capped = await capBoostedInstances(rows).catch((error) => {
    report.errors.push(`startup CPU boost: ${describeError(error)}`);
    return [];
  });
  const claimed = new Set(rows.map((r) => onHost(r.hostId, r.containerName)));
  await removeStrays(actual, claimed, report, {
    now: (opts.clock ?? systemClock).now(),
    graceMs: opts.strayGraceMs ?? STRAY_GRACE_MS,
  });
  const reachableHosts = await db.host.findMany({ where: { id: { in: [...reachable] } } });
  report.removed.push(...(await removeStrayVolumes(reachableHosts, report.errors, OBSERVE_TIMEOUT_MS)));
  await syncProxyIfChanged(report);
  return report;
}

/**
 * Step 1: this installation's containers on every READY or DRAINING host, keyed by host and name.
 * Hosts are asked in parallel with a short timeout: a frozen or partitioned engine must not hold
 * the pass (and with it host-loss recovery) for the default Docker timeout.
 */
export const OBSERVE_TIMEOUT_MS = 3_000;

async function observeContainers(report: ReconcileReport): Promise<{ actual: Actual; reachable: Set<string> }> {
  const hosts = await db.host.findMany({ where: { status: { in: ['READY', 'DRAINING'] } } });
  const actual: Actual = new Map();
  const reachable = new Set<string>();
  await Promise.all(
    hosts.map(async (host) => {
      try {
        const list = await listBerthContainers(dockerForHost(host, OBSERVE_TIMEOUT_MS));
        for (const info of list) actual.set(onHost(host.id, containerNameOf(info)), { host, info });
        reachable.add(host.id);
      } catch (error) {
        report.errors.push(`${host.name}: ${describeError(error)}`);
      }
    }),
  );
  return { actual, reachable };
}

/**
 * Step 2a: instances of the live release whose container is missing, exited or left STARTING.
 * A container that exited or is being restarted by Docker's policy makes its instance CRASHED
 * (exit code, OOM, last log lines, event: lib/deploys/mark-crashed.ts). Docker's `restarting`
 * is left to Docker; a missing or exited container is started again by the reconciler with an
 * exponential backoff per instance (lib/deploys/crash-backoff.ts), never in a tight loop.
 */
const crashes = new CrashLedger();

async function repairInstances(
  app: App & { currentRelease: Release | null },
  mine: InstanceRow[],
  actual: Actual,
  reachable: Set<string>,
  report: ReconcileReport,
  clock: Clock,
) {
  const live = app.currentRelease;
  if (!live || app.desiredState !== 'RUNNING') return;
  // EXITED: a process that finished at once is done, not repaired (no crash loop).
  for (const row of mine.filter((r) => r.releaseId === live.id && r.status !== 'STOPPING' && r.status !== 'EXITED' && reachable.has(r.hostId))) {
    const found = actual.get(onHost(row.hostId, row.containerName));
    const state = found?.info.State;
    if (state === 'running' && row.status !== 'STARTING') {
      // Docker's restart policy brought a crashed one back.
      if (row.status === 'CRASHED') await db.instance.update({ where: { id: row.id }, data: { status: 'RUNNING' } });
      crashes.running(row.id, clock.now());
      continue;
    }
    if (found && (state === 'restarting' || state === 'exited' || state === 'dead') && row.status !== 'CRASHED') {
      const details = await inspectContainer(dockerForHost(row.host), found.info.Id, 5_000).catch(() => null);
      // The listing is a moment old: Docker's policy may have restarted the container since,
      // and a running container reports ExitCode 0. Only a stopped one's exit code is the
      // crash's (the die event recorded the real one already; 0 must not overwrite it).
      const backAlready = Boolean(details?.State.Running) && !details?.State.Restarting;
      // Back already (or not inspectable): the crash's exit code and OOM flag are the ones the
      // die/oom events wrote on the row (read now: the pass's rows are older than the wake-up).
      const recorded =
        details && !backAlready ? null : await db.instance.findUnique({ where: { id: row.id }, select: { exitCode: true, oomKilled: true } });
      if (
        await markCrashed(row, {
          appName: app.name,
          exitCode: recorded ? recorded.exitCode : details!.State.ExitCode,
          oomKilled: recorded ? recorded.oomKilled : Boolean(details!.State.OOMKilled),
          restarts: 1,
        })
      )
        report.crashed.push(row.containerName);
      if (backAlready) {
        await db.instance.updateMany({ where: { id: row.id, status: 'CRASHED' }, data: { status: 'RUNNING' } });
        continue;
      }
    }
    if (state === 'restarting') continue; // Docker's policy backs off and restarts it
    // Missing, exited, or left STARTING by an interrupted deploy (we hold the app lock, so
    // nobody else is starting it): recreate/start and health-check it — unless it is crash-looping.
    const next = crashes.action(row.id, clock.now());
    if (!next.restart) continue;
    if (found || row.status === 'CRASHED') crashes.restarted(row.id, clock.now());
    try {
      await startInstance(row, { app: row.app, release: row.release, host: row.host });
      report.restarted.push(row.containerName);
    } catch (error) {
      await markCrashed({ ...row, status: 'STARTING' }, { appName: app.name, reason: describeError(error) });
      await db.instance.update({ where: { id: row.id }, data: { status: 'CRASHED' } });
      crashes.restarted(row.id, clock.now());
      report.errors.push(`${row.containerName}: ${describeError(error)}`);
    }
  }
}

/** Step 2b: an app whose live release runs another number of slots than desired, or old ones. */
type AppWithFormation = App & { currentRelease: Release | null; formation: ProcessFormation[] };

/** How many slots of its live release the app should run (none unless it is meant to run). */
const wantedSlots = (app: AppWithFormation) =>
  app.currentRelease && app.desiredState === 'RUNNING' ? desiredSlots(app, processTypesOf(app.currentRelease)).length : 0;

async function convergeSlots(app: AppWithFormation, mine: InstanceRow[], report: ReconcileReport) {
  const live = app.currentRelease;
  const wanted = wantedSlots(app);
  const current = mine.filter((r) => r.releaseId === live?.id && r.status !== 'STOPPING').length;
  const others = mine.filter((r) => r.releaseId !== live?.id).length;
  if (wanted === current && others === 0) return;
  try {
    await converge(app.id);
    report.converged.push(app.name);
  } catch (error) {
    report.errors.push(`${app.name}: ${describeError(error)}`);
  }
}

/**
 * Step 3: ours by label, claimed by no active instance (deleted app, failed cleanup, stop).
 * Rows created since the pass began (a deploy running meanwhile) count as claims too.
 */
async function removeStrays(
  actual: Actual,
  claimed: Set<string>,
  report: ReconcileReport,
  opts: { now: number; graceMs: number },
) {
  // Claimed and kept from one snapshot: a wake moves its row from STOPPED (kept) to STARTING
  // (claimed) at any moment, and two reads a moment apart could see it as neither — the woken
  // container was then removed mid-start (the density bench's wakes right after a sleep's stop).
  const { fresh, kept } = await db.$transaction(
    async (tx) => ({
      fresh: await tx.instance.findMany({ where: { status: { in: [...PRESENT_INSTANCE_STATUSES] } }, select: { containerName: true, hostId: true } }),
      kept: await keptContainerKeys(tx),
    }),
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
  for (const r of fresh) claimed.add(onHost(r.hostId, r.containerName));
  const gone = new Set<string>();
  for (const [key, { host, info }] of actual) {
    const name = containerNameOf(info);
    if (claimed.has(key) || !isStray(info, new Set(), opts)) continue;
    // A sleeping app's stopped containers are kept for its wake (kept-containers.ts); one that
    // runs although its instance is STOPPED is not wanted and goes like any stray — as it is now:
    // seen running when the pass began, it may have been stopped for the sleep since.
    if (kept.has(key) && (info.State !== 'running' || !(await inspectContainer(dockerForHost(host), info.Id, OBSERVE_TIMEOUT_MS))?.State.Running)) continue;
    try {
      await removeContainer(dockerForHost(host), info.Id);
      report.removed.push(name);
      gone.add(key);
    } catch (error) {
      report.errors.push(`${name}: ${describeError(error)}`);
    }
  }
  // A network holder (held-network.ts) goes with its container; a spare (spare-network.ts) or a
  // pooled network (network-pool.ts) with its row, unless an app or instance took it meanwhile.
  const present = (hostId: string) => (name: string) => actual.has(onHost(hostId, name)) && !gone.has(onHost(hostId, name));
  const spareIds = [...actual.values()].map(({ info }) => spareIdOf(info)).filter((id): id is string => id !== null);
  const unclaimed = await unclaimedSpareIds(spareIds);
  report.removed.push(...(await sweepSpares(opts)));
  report.removed.push(...(await sweepNetworkPool([...actual.values()], opts)));
  for (const [, { host, info }] of actual) {
    const spareId = spareIdOf(info);
    const orphan = spareId ? unclaimed.has(spareId) : isOrphanHolder(info, present(host.id));
    if (!orphan || opts.now - info.Created * 1000 < opts.graceMs) continue;
    try {
      // The list is from the pass's start: a spare taken since is a holder whose container may
      // have been made only now (its age is the spare's, past the grace).
      if (!spareId && (await inspectContainer(dockerForHost(host), containerNameOf(info).slice(0, -'-net'.length), OBSERVE_TIMEOUT_MS))) continue;
      await removeContainer(dockerForHost(host), info.Id, { missingOk: true });
      report.removed.push(containerNameOf(info));
    } catch (error) {
      report.errors.push(`${containerNameOf(info)}: ${describeError(error)}`);
    }
  }
}


/** Step 4: the proxy follows the routed set (level-based: compares the whole derived config input). */
let lastProxyFingerprint: string | null = null;

async function syncProxyIfChanged(report: ReconcileReport) {
  const fingerprint = JSON.stringify(await loadProxyApps());
  if (fingerprint === lastProxyFingerprint && (await masterPid(nginxFiles())) !== null) return;
  try {
    await syncProxy();
    lastProxyFingerprint = fingerprint;
    report.proxySynced = true;
  } catch (error) {
    report.errors.push(`proxy: ${describeError(error)}`);
  }
}
