'use client';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useEffect, useReducer, useRef, useState } from 'react';
import type { AppLiveState } from '@/lib/apps/app-live-state';
import { initialLaunchState, launchReducer, type LaunchState } from '@/lib/live/launch-state';
import { PROGRESS_EVENT_NAMES, type ProgressEvent } from '@/lib/live/progress-events';

type AppLive = { state: AppLiveState; launch: LaunchState };

const AppLiveContext = createContext<AppLive | null>(null);

/** Re-render the server-rendered parts this long after a change (coalesces a burst of snapshots). */
const REFRESH_AFTER_MS = 100;

/**
 * The app page's one live subscription (GET /api/apps/<name>/progress, SSE), shared by every tab
 * through context: the header badge, the launch progress, banners and notices read it directly;
 * server-rendered parts (lists, instances, the activity feed) re-render (router.refresh) whenever
 * the snapshot's change stamp moves. EventSource reconnects by itself; the server starts again
 * with a snapshot, so nothing is missed.
 */
export function AppLiveProvider({ name, initial, children }: { name: string; initial: AppLiveState; children: React.ReactNode }) {
  const router = useRouter();
  const [launch, dispatch] = useReducer(launchReducer, initial.url, initialLaunchState);
  const [state, setState] = useState(initial);
  const stamp = useRef(initial.stamp);

  useEffect(() => {
    const source = new EventSource(`/api/apps/${encodeURIComponent(name)}/progress`);
    let timer: ReturnType<typeof setTimeout> | undefined;
    for (const event of PROGRESS_EVENT_NAMES) {
      source.addEventListener(event, (e) => {
        // Our own API's JSON, typed by the event name (lib/live/progress-events.ts).
        const message = { event, data: JSON.parse((e as MessageEvent<string>).data) } as ProgressEvent<AppLiveState>;
        dispatch(message);
        if (message.event !== 'snapshot') return;
        setState(message.data);
        if (message.data.stamp === stamp.current) return;
        stamp.current = message.data.stamp;
        clearTimeout(timer);
        timer = setTimeout(() => router.refresh(), REFRESH_AFTER_MS);
      });
    }
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [name, router]);

  return <AppLiveContext.Provider value={{ state, launch }}>{children}</AppLiveContext.Provider>;
}

/** The app's live state; only inside the app page (AppLiveProvider). */
export function useAppLive(): AppLive {
  const live = useContext(AppLiveContext);
  if (!live) throw new Error('useAppLive outside AppLiveProvider');
  return live;
}

/** The change stamp when inside an app page, else null: a dependency for client lists that load themselves. */
export function useAppLiveStamp(): string | null {
  return useContext(AppLiveContext)?.state.stamp ?? null;
}

/**
 * The header's word for the app. The server sends a fresh snapshot right after the release event
 * that tells the progress panel "Live", so the two never disagree for longer than one read.
 */
export function useLiveStatus(): string {
  return useAppLive().state.status;
}
