import { describe, expect, it } from 'vitest';
import { initialLaunchState, launchReducer, type LaunchState } from './launch-state';
import type { BuildEvent, ProgressEvent, ReleaseEvent } from './progress-events';
import type { Progress } from '../model/progress';

const build = (status: BuildEvent['status'], extra: Partial<BuildEvent> = {}): ProgressEvent => ({
  event: 'build',
  data: { type: 'build', buildId: 'b1', number: 3, status, commitSha: 'abcdef1234', failedStep: null, error: null, ...extra },
});
const release = (status: ReleaseEvent['status'], failureReason: string | null = null): ProgressEvent => ({
  event: 'release',
  data: { type: 'release', releaseId: 'r1', version: 2, status, failureReason },
});
const progress = (step: Progress['step'], status: Progress['status'], message: string, url?: string): ProgressEvent => ({
  event: 'progress',
  data: { type: 'progress', progress: { step, status, message, url, releaseId: 'r1', at: '2026-01-01T00:00:00Z' } },
});
const log = (line: string, seq = 1): ProgressEvent => ({ event: 'log', data: { type: 'log', buildId: 'b1', seq, line } });
const play = (events: ProgressEvent[], from: LaunchState = initialLaunchState('http://a.localhost')) => events.reduce(launchReducer, from);

describe('launch progress state', () => {
  it('walks repository → building → starting → health check → live', () => {
    let s = play([{ event: 'snapshot', data: { url: 'http://a.localhost', status: 'building' } }, build('QUEUED'), build('RUNNING'), log('-----> Build #3')]);
    expect(s.steps).toEqual({ repository: 'done', build: 'running', start: 'pending', health: 'pending', live: 'pending' });
    expect(s.build).toEqual({ number: 3, commitSha: 'abcdef1234' });
    expect(s.lines).toEqual(['-----> Build #3']);

    s = play([build('SUCCEEDED'), release('PENDING'), progress('deploy', 'running', 'Deploying v2')], s);
    expect(s.steps).toMatchObject({ build: 'done', start: 'running', health: 'pending' });
    s = play([progress('health', 'done', 'Health check passed')], s);
    expect(s.steps).toMatchObject({ start: 'done', health: 'done', live: 'pending' });
    expect(s.lines.slice(-2)).toEqual(['-----> Deploying v2', '-----> Health check passed']);

    s = play([release('LIVE'), progress('live', 'done', 'v2 is live', 'http://a.localhost:8080'), { event: 'end', data: { type: 'end', outcome: 'live' } }], s);
    expect(s.steps).toEqual({ repository: 'done', build: 'done', start: 'done', health: 'done', live: 'done' });
    expect(s.url).toBe('http://a.localhost:8080');
    expect(s.message).toBeNull();
    expect(s.lines.at(-1)).toBe('-----> Health check passed'); // "live" is shown as the URL, not a line
  });

  it('shows a live app as done until a new build starts the picture over', () => {
    const live = play([{ event: 'snapshot', data: { url: 'http://a.localhost', status: 'live' } }]);
    expect(live.steps.live).toBe('done');
    const rebuilding = play([build('RUNNING', { buildId: 'b2' }), log('x')], live);
    expect(rebuilding.steps).toEqual({ repository: 'done', build: 'running', start: 'pending', health: 'pending', live: 'pending' });
    // A snapshot while following a build does not claim it is done.
    expect(play([{ event: 'snapshot', data: { url: 'http://a.localhost', status: 'live' } }], rebuilding).steps.build).toBe('running');
  });

  it('says why a build failed or was superseded', () => {
    expect(play([build('FAILED', { failedStep: 'install', error: 'npm ci failed' })]).message).toBe('Build failed at install: npm ci failed');
    expect(play([build('FAILED')]).message).toBe('Build failed: see the log');
    const cancelled = play([build('CANCELLED')]);
    expect(cancelled.message).toBe('Superseded by a newer push');
    expect(cancelled.steps.build).toBe('failed');
  });

  it('fails the start, or the health check once started, when the release fails', () => {
    const atStart = play([build('SUCCEEDED'), release('DEPLOYING'), release('FAILED', 'no capacity')]);
    expect(atStart.steps).toMatchObject({ start: 'failed', health: 'pending' });
    expect(atStart.message).toBe('Deploy of v2 failed: no capacity');
    const atHealth = play([build('SUCCEEDED'), progress('start', 'done', 'Started'), release('FAILED')]);
    expect(atHealth.steps).toMatchObject({ start: 'done', health: 'failed' });
    expect(atHealth.message).toBe('Deploy of v2 failed: unknown reason');
    expect(play([build('SUCCEEDED'), progress('failed', 'failed', 'Deploy failed: boom')]).message).toBe('Deploy failed: boom');
  });

  it('clears a deploy failure once a newer release is live (event or snapshot), not an older one', () => {
    const failed = play([build('SUCCEEDED'), release('DEPLOYING'), release('FAILED', 'health check failed')]);
    expect(failed.message).toBe('Deploy of v2 failed: health check failed');
    const liveEvent: ProgressEvent = { event: 'release', data: { type: 'release', releaseId: 'r3', version: 3, status: 'LIVE', failureReason: null } };
    expect(play([liveEvent], failed)).toMatchObject({ message: null, steps: { start: 'done', health: 'done', live: 'done' } });
    // An env change or rollback went live (v5): the page's snapshot says so.
    const snapshot = (version: number): ProgressEvent => ({ event: 'snapshot', data: { url: 'http://a.localhost', status: 'live', currentRelease: { version } } });
    expect(play([snapshot(5)], failed)).toMatchObject({ message: null, steps: { live: 'done' } });
    // The release that was live before the failure (v1) resolves nothing.
    expect(play([snapshot(1)], failed).message).toBe('Deploy of v2 failed: health check failed');
    // A reopened page: the snapshot (v5 live) comes first, then the build's replayed v2 failure.
    const reopened = play([snapshot(5), build('SUCCEEDED'), release('DEPLOYING'), release('FAILED', 'health check failed')]);
    expect(reopened).toMatchObject({ message: null, steps: { live: 'done' } });
  });

  it('starts a new build with an empty log and no old error', () => {
    const failed = play([build('FAILED', { error: 'e' }), log('old')]);
    const next = play([build('QUEUED', { buildId: 'b2', number: 4 })], failed);
    expect(next.lines).toEqual([]);
    expect(next.message).toBeNull();
    expect(next.build?.number).toBe(4);
  });

  it('keeps the last lines of a long log', () => {
    const s = play(Array.from({ length: 2100 }, (_, i) => log(`l${i}`, i)));
    expect(s.lines.length).toBeLessThanOrEqual(2001);
    expect(s.lines.at(-1)).toBe('l2099');
  });

  it('ignores pings', () => {
    const s = initialLaunchState();
    expect(launchReducer(s, { event: 'ping', data: { at: 'now' } })).toBe(s);
  });
});
