import type { Actor } from '../auth/actor';
import { db, type App } from '../db';
import { findAppForActor } from '../auth/app-access';
import { channel } from '../events/channels';
import { followDeploy } from '../live/follow-deploy';
import { toProgressEvent, type FollowEvent, type ProgressEvent } from '../live/progress-events';
import type { SseOptions } from '../live/sse-response';
import { subscribe, type Subscription } from '../live/subscribe';
import { appChangeStamp } from './app-change-stamp';
import { readAppLiveState, type AppLiveState } from './app-live-state';

/** No heartbeat comments: the stream sends `ping` events while it waits for a build. */
export const progressStreamOptions: SseOptions = { heartbeat: false };

/** How often an idle stream asks Postgres whether anything changed (Redis messages wake it sooner). */
const CHECK_MS = 500;
/** A `ping` at least this often keeps proxies from closing an idle stream. */
const PING_MS = 15_000;

/**
 * The app page's one live stream (SSE), for an actor who may read the app: access is checked
 * here, before the stream starts (another team's app is a 404).
 */
export async function openAppProgress(actor: Actor, name: string): Promise<(signal: AbortSignal) => AsyncGenerator<ProgressEvent<AppLiveState>>> {
  const app = await findAppForActor(actor, name, 'read');
  return (signal) => appProgress(app, signal);
}

/**
 * First the state from Postgres (`snapshot`), then the active build's log and its build → deploy
 * → live events as they happen, and a fresh snapshot whenever the app's rows change (a build or
 * release status, a scale, restart or rollback finishing, an instance starting or crashing), so
 * the header badge, banners and lists follow within a second. A build that finished more than
 * a minute before the stream opened is not replayed (its log is on the Deploys tab).
 */
async function* appProgress(app: App, signal: AbortSignal): AsyncGenerator<ProgressEvent<AppLiveState>> {
  const snapshots = new SnapshotGate(app.id);
  yield { event: 'snapshot', data: (await snapshots.read())! };
  let followed = (await recentBuildId(app.id)) === null ? await latestBuildId(app.id) : null;
  // Redis only wakes the idle loop early (deploy progress of rollbacks, env changes, scales);
  // without it the loop still sees every change by polling.
  const wake: Subscription = await subscribe([channel.app(app.id)], { tolerateFailure: true, maxRetriesPerRequest: 1 });
  let lastPing = Date.now();
  try {
    while (!signal.aborted) {
      const latest = await latestBuildId(app.id);
      if (latest && latest !== followed) {
        followed = latest;
        yield* followBuild(app.id, latest, snapshots, signal);
      }
      const fresh = await snapshots.ifChanged();
      if (fresh) yield { event: 'snapshot', data: fresh };
      if (Date.now() - lastPing > PING_MS) {
        lastPing = Date.now();
        yield { event: 'ping', data: { at: new Date().toISOString() } };
      }
      await wake.wait(CHECK_MS, signal);
      while (wake.next()); // only a wake-up: the rows say what changed
    }
  } finally {
    wake.close();
  }
}

/**
 * One build from queue to live, with a snapshot after each status change it brings (and, while
 * its log flows, at most every CHECK_MS for anything else that changed meanwhile).
 */
async function* followBuild(appId: string, buildId: string, snapshots: SnapshotGate, signal: AbortSignal): AsyncGenerator<ProgressEvent<AppLiveState>> {
  let checked = Date.now();
  for await (const e of followDeploy({ appId, buildId, signal, timeoutMs: 30 * 60 * 1000 })) {
    yield toProgressEvent(e);
    if (changesState(e) || Date.now() - checked > CHECK_MS) {
      checked = Date.now();
      const fresh = await snapshots.ifChanged();
      if (fresh) yield { event: 'snapshot', data: fresh };
    }
  }
}

const changesState = (e: FollowEvent) => e.type === 'build' || e.type === 'release' || e.type === 'end' || (e.type === 'progress' && e.progress.step === 'live');

/** Reads the live state, and tells whether it changed since the last one sent. */
class SnapshotGate {
  private stamp: string | null = null;
  constructor(private readonly appId: string) {}

  async read(): Promise<AppLiveState | null> {
    const state = await readAppLiveState(this.appId).catch(() => null); // deleted meanwhile
    if (state) this.stamp = state.stamp;
    return state;
  }

  async ifChanged(): Promise<AppLiveState | null> {
    if ((await appChangeStamp(this.appId)) === this.stamp) return null;
    return this.read();
  }
}

async function latestBuildId(appId: string): Promise<string | null> {
  return (await db.build.findFirst({ where: { appId }, orderBy: { number: 'desc' }, select: { id: true } }))?.id ?? null;
}

/** A finished build is still worth replaying this long (a client that opened just after it ended). */
const RECENT_MS = 60_000;

/** The newest build when it is on its way (queued, running, its release deploying) or just finished. */
async function recentBuildId(appId: string): Promise<string | null> {
  const build = await db.build.findFirst({
    where: { appId },
    orderBy: { number: 'desc' },
    select: {
      id: true,
      status: true,
      deployAfter: true,
      finishedAt: true,
      releases: { orderBy: { version: 'desc' }, take: 1, select: { status: true, deployedAt: true } },
    },
  });
  if (!build) return null;
  if (build.status === 'QUEUED' || build.status === 'RUNNING') return build.id;
  const ended = build.releases[0]?.deployedAt ?? build.finishedAt;
  if (ended && Date.now() - ended.getTime() < RECENT_MS) return build.id;
  const release = build.releases[0];
  if (build.status === 'SUCCEEDED' && build.deployAfter && (!release || release.status === 'PENDING' || release.status === 'DEPLOYING')) return build.id;
  return null;
}
