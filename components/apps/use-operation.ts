'use client';
import { useState } from 'react';
import type { ApiRequest } from '@/lib/http/api-client';
import { useApi } from '@/components/ui/use-api';
import { useAppLive } from './app-live';
import { operationNotice, type OperationNotice, type TrackedOperation } from '@/lib/apps/operation-notice';

type Texts = Omit<TrackedOperation, 'deploymentId' | 'buildId'>;

/**
 * useApi for operations that queue a deployment or build: the notice starts as "Scaling…" and
 * resolves to done or failed (with the reason) when the app page's live stream says so.
 */
export function useOperation() {
  const api = useApi();
  const { state } = useAppLive();
  const [tracked, setTracked] = useState<TrackedOperation | null>(null);

  async function run(label: string, method: NonNullable<ApiRequest['method']>, url: string, body: unknown, texts: Texts | ((json: Record<string, unknown>) => Texts)) {
    setTracked(null);
    const json = (await api.call(label, method, url, body)) as Record<string, unknown> | null;
    if (!json) return null;
    const t = typeof texts === 'function' ? texts(json) : texts;
    const id = (key: string) => (typeof json[key] === 'string' ? (json[key] as string) : undefined);
    setTracked({ ...t, deploymentId: id('deploymentId'), buildId: id('buildId') });
    return json;
  }

  const notice: OperationNotice | null = tracked ? operationNotice(tracked, state) : null;
  return { run, busy: api.busy, error: api.error, notice };
}
