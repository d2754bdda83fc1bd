'use client';
import { useEffect, useState } from 'react';
import type { AppListEvent, AppListItem } from '@/lib/apps/app-list-events';

/**
 * The apps list, kept current by GET /api/live/apps (SSE): starts from the server-rendered rows,
 * then takes every list the stream sends. EventSource reconnects by itself and the server starts
 * again with the whole list, so a dropped connection heals without a reload.
 */
export function useLiveApps(initial: AppListItem[]): { apps: AppListItem[]; connected: boolean } {
  const [apps, setApps] = useState(initial);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/live/apps');
    source.addEventListener('apps', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as AppListEvent['data'];
      setApps(data.apps);
      setConnected(true);
    });
    source.addEventListener('error', () => setConnected(false));
    return () => source.close();
  }, []);
  return { apps, connected };
}
