'use client';
import { useLiveStatus } from './app-live';
import { AppStatusBadge } from './status-badge';

/** The header badge, following the app page's live stream. */
export function LiveStatusBadge() {
  return <AppStatusBadge status={useLiveStatus()} />;
}
