// Pure and client-safe (type imports only): what a "Scaling…" / "Rolling back…" notice says now, from the app page's live state.
import type { AppLiveState } from './app-live-state';

/** An operation the user started: a queued deployment or build, and what to say about it. */
export type TrackedOperation = {
  deploymentId?: string;
  buildId?: string;
  running: string;
  done: string;
  /** Prefix of the failure text ("Scale failed"); the stored reason follows. */
  failed: string;
};

export type OperationNotice = { tone: 'info' | 'success' | 'error'; text: string };

/** Running until the live state shows its deployment or build finished; done at once when it queued neither. */
export function operationNotice(op: TrackedOperation, state: Pick<AppLiveState, 'operations' | 'latestBuild'>): OperationNotice {
  if (!op.deploymentId && !op.buildId) return { tone: 'success', text: op.done };
  if (op.deploymentId) {
    const d = state.operations.find((o) => o.id === op.deploymentId);
    if (d?.status === 'SUCCEEDED') return { tone: 'success', text: op.done };
    if (d?.status === 'FAILED') return { tone: 'error', text: `${op.failed}: ${d.reason ?? 'see the activity feed'}` };
    return { tone: 'info', text: op.running };
  }
  if (op.buildId) {
    const b = state.latestBuild;
    if (!b || b.id !== op.buildId) return { tone: 'info', text: op.running };
    if (b.status === 'SUCCEEDED') return { tone: 'success', text: op.done };
    if (b.status === 'FAILED') return { tone: 'error', text: `${op.failed}: ${b.error?.split('\n')[0] ?? 'see the build log'}` };
    if (b.status === 'CANCELLED') return { tone: 'info', text: 'Superseded by a newer build' };
  }
  return { tone: 'info', text: op.running };
}
