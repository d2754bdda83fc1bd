'use client';
import { useEffect, useReducer } from 'react';
import { initialLaunchState, launchReducer, type LaunchState } from '@/lib/live/launch-state';
import { PROGRESS_EVENT_NAMES, type ProgressEvent } from '@/lib/live/progress-events';

/**
 * Follows GET /api/apps/<name>/progress (SSE) into LaunchState. The first event is the state
 * from Postgres, so opening the page late shows the same picture; EventSource reconnects by
 * itself and the server starts again with a snapshot.
 */
export function useLaunchProgress(name: string, initialUrl?: string): LaunchState {
  const [state, dispatch] = useReducer(launchReducer, initialUrl, initialLaunchState);
  useEffect(() => {
    const source = new EventSource(`/api/apps/${encodeURIComponent(name)}/progress`);
    for (const event of PROGRESS_EVENT_NAMES) {
      source.addEventListener(event, (e) => {
        // Our own API's JSON, typed by the event name (lib/live/progress-events.ts).
        dispatch({ event, data: JSON.parse((e as MessageEvent<string>).data) } as ProgressEvent);
      });
    }
    return () => source.close();
  }, [name]);
  return state;
}
