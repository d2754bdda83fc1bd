import type { Actor } from '../auth/actor';
import { db, type App } from '../db';
import { findAppForActor } from '../auth/app-access';
import { appSummaryInclude, toAppSummary, type AppSummary } from './app-summary';
import { followDeploy } from '../live/follow-deploy';
import { toProgressEvent, type ProgressEvent } from '../live/progress-events';
import type { SseOptions } from '../live/sse-response';

/** No heartbeat comments: the stream sends `ping` events while it waits for a build. */
export const progressStreamOptions: SseOptions = { heartbeat: false };

/**
 * The app's launch progress for the UI (SSE), for an actor who may read the app: access is
 * checked here, before the stream starts (another team's app is a 404).
 */
export async function openAppProgress(
  actor: Actor,
  name: string,
): Promise<(signal: AbortSignal) => AsyncGenerator<ProgressEvent<AppSummary>>> {
  const app = await findAppForActor(actor, name, 'read');
  return (signal) => appProgress(app, signal);
}

/**
 * First the state from Postgres, then the latest build's log and its build → deploy → live
 * events as they happen; when that ends, it waits for the next build (a push) and follows it
 * too, until the client goes away.
 */
async function* appProgress(app: App, signal: AbortSignal): AsyncGenerator<ProgressEvent<AppSummary>> {
  const snapshot = async () =>
    toAppSummary(await db.app.findUniqueOrThrow({ where: { id: app.id }, include: appSummaryInclude }));
  yield { event: 'snapshot', data: await snapshot() };

  let followed: string | null = null;
  while (!signal.aborted) {
    const latest = await db.build.findFirst({ where: { appId: app.id }, orderBy: { number: 'desc' } });
    if (latest && latest.id !== followed) {
      followed = latest.id;
      for await (const e of followDeploy({ appId: app.id, buildId: latest.id, signal, timeoutMs: 30 * 60 * 1000 })) {
        yield toProgressEvent(e);
      }
      if (!signal.aborted) yield { event: 'snapshot', data: await snapshot() };
    }
    await sleep(2000, signal);
    yield { event: 'ping', data: { at: new Date().toISOString() } };
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    // The listener goes when the sleep ends: a tab left open would otherwise add one every 2 s.
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
