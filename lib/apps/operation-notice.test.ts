import { describe, expect, it } from 'vitest';
import { operationNotice } from './operation-notice';

const op = { deploymentId: 'd1', running: 'Scaling web=2…', done: 'Scaled web=2', failed: 'Scale failed' };
const state = (status: string, reason: string | null = null) => ({
  operations: [{ id: 'd1', kind: 'SCALE', status, reason, releaseVersion: 2 }],
  latestBuild: null,
});

describe('operationNotice', () => {
  it('resolves "Scaling…" when its deployment finishes', () => {
    expect(operationNotice(op, state('QUEUED'))).toEqual({ tone: 'info', text: 'Scaling web=2…' });
    expect(operationNotice(op, state('RUNNING'))).toEqual({ tone: 'info', text: 'Scaling web=2…' });
    expect(operationNotice(op, state('SUCCEEDED'))).toEqual({ tone: 'success', text: 'Scaled web=2' });
    expect(operationNotice(op, state('FAILED', 'Not enough capacity'))).toEqual({ tone: 'error', text: 'Scale failed: Not enough capacity' });
  });

  it('is done at once when nothing was queued', () => {
    expect(operationNotice({ running: 'Saving…', done: 'Saved', failed: 'x' }, state('QUEUED'))).toEqual({ tone: 'success', text: 'Saved' });
  });

  it('follows a build it started', () => {
    const b = { buildId: 'b9', running: 'Building…', done: 'Built', failed: 'Build failed' };
    const build = (status: string) => ({ operations: [], latestBuild: { id: 'b9', number: 9, status, commitSha: 'x', error: 'npm ci failed\nlog' } });
    expect(operationNotice(b, build('RUNNING')).tone).toBe('info');
    expect(operationNotice(b, build('SUCCEEDED'))).toEqual({ tone: 'success', text: 'Built' });
    expect(operationNotice(b, build('FAILED'))).toEqual({ tone: 'error', text: 'Build failed: npm ci failed' });
  });
});
