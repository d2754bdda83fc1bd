// Client-safe (type imports only): the launch progress UI's state machine, pure so it is tested
// without a browser. Server and client share the event types in progress-events.ts.
import type { Progress } from '../model/progress';
import type { BuildEvent, ProgressEvent, ProgressSnapshot, ReleaseEvent } from './progress-events';

export type StepState = 'pending' | 'running' | 'done' | 'failed';
export type LaunchStep = 'repository' | 'build' | 'start' | 'health' | 'live';
export type LaunchSteps = Record<LaunchStep, StepState>;

export type LaunchState = {
  steps: LaunchSteps;
  /** Build log and deploy messages, newest last. */
  lines: string[];
  url?: string;
  /** Why the build or deploy failed. */
  message: string | null;
  /** The release whose failure `message` tells: a newer live release resolves it. */
  failedVersion: number | null;
  /** The newest release known live (snapshots, LIVE events): an older one's failure is resolved. */
  liveVersion: number | null;
  build: { number: number; commitSha: string } | null;
  /** The build being shown: events of a new one start the picture over. */
  followedBuild: string | null;
};

/** The repository exists as soon as the app does (one transaction). */
const FRESH: LaunchSteps = { repository: 'done', build: 'pending', start: 'pending', health: 'pending', live: 'pending' };
const ALL_DONE: LaunchSteps = { repository: 'done', build: 'done', start: 'done', health: 'done', live: 'done' };
/** Keeps a long build log from growing the page without bound. */
const MAX_LINES = 2000;
const KEEP_LINES = 1500;

export function initialLaunchState(url?: string): LaunchState {
  return { steps: FRESH, lines: [], url, message: null, failedVersion: null, liveVersion: null, build: null, followedBuild: null };
}

export function launchReducer(state: LaunchState, event: ProgressEvent): LaunchState {
  return withResolvedFailure(applyEvent(state, event));
}

/**
 * A deploy failure is resolved once a newer release is known live (a LIVE event, a snapshot; on a
 * reopened page the build's old failure is replayed after the snapshot): no longer shown.
 */
function withResolvedFailure(s: LaunchState): LaunchState {
  if (s.failedVersion === null || s.liveVersion === null || s.liveVersion <= s.failedVersion) return s;
  return { ...s, steps: ALL_DONE, message: null, failedVersion: null };
}

const newestLive = (state: LaunchState, version: number) => Math.max(version, state.liveVersion ?? 0);

function applyEvent(state: LaunchState, event: ProgressEvent): LaunchState {
  switch (event.event) {
    case 'snapshot':
      return onSnapshot(state, event.data);
    case 'build':
      return onBuild(state, event.data);
    case 'log':
      return { ...state, lines: append(state.lines, event.data.line) };
    case 'release':
      return onRelease(state, event.data);
    case 'progress':
      return onProgress(state, event.data.progress);
    case 'end':
    case 'ping':
      return state;
  }
}

/** The state in Postgres: an app that is live and not being rebuilt shows every step done. */
function onSnapshot(state: LaunchState, app: ProgressSnapshot): LaunchState {
  const live = app.status === 'live' ? app.currentRelease?.version : undefined;
  const steps = app.status === 'live' && !state.followedBuild ? ALL_DONE : state.steps;
  return { ...state, url: app.url, steps, liveVersion: live === undefined ? state.liveVersion : newestLive(state, live) };
}

function onBuild(state: LaunchState, b: BuildEvent): LaunchState {
  const base: LaunchState =
    b.buildId === state.followedBuild ? state : { ...state, followedBuild: b.buildId, lines: [], message: null, failedVersion: null, steps: FRESH };
  return {
    ...base,
    build: { number: b.number, commitSha: b.commitSha },
    steps: { ...base.steps, build: b.status === 'SUCCEEDED' ? 'done' : b.status === 'FAILED' || b.status === 'CANCELLED' ? 'failed' : 'running' },
    message: buildMessage(b) ?? base.message,
  };
}

function buildMessage(b: BuildEvent): string | null {
  if (b.status === 'FAILED') return `Build failed${b.failedStep ? ` at ${b.failedStep}` : ''}: ${b.error ?? 'see the log'}`;
  if (b.status === 'CANCELLED') return 'Superseded by a newer push';
  return null;
}

function onRelease(state: LaunchState, r: ReleaseEvent): LaunchState {
  const { steps } = state;
  switch (r.status) {
    case 'PENDING':
    case 'DEPLOYING':
      return { ...state, steps: { ...steps, start: steps.start === 'done' ? 'done' : 'running' } };
    case 'LIVE':
      return { ...state, liveVersion: newestLive(state, r.version), steps: { ...steps, build: 'done', start: 'done', health: 'done', live: 'done' } };
    case 'FAILED': {
      // Failed while starting, or (once started) at the health check.
      const started = steps.start === 'done';
      return {
        ...state,
        steps: { ...steps, start: started ? 'done' : 'failed', health: started ? 'failed' : steps.health },
        message: `Deploy of v${r.version} failed: ${r.failureReason ?? 'unknown reason'}`,
        failedVersion: r.version,
      };
    }
    default:
      return state;
  }
}

function onProgress(state: LaunchState, p: Progress): LaunchState {
  const next = { ...state, lines: p.message && p.step !== 'live' ? append(state.lines, p.output ? `       ${p.message}` : `-----> ${p.message}`) : state.lines };
  switch (p.step) {
    case 'deploy':
    case 'start':
      return { ...next, steps: { ...next.steps, start: stepState(p.status) } };
    case 'health':
      return { ...next, steps: { ...next.steps, start: 'done', health: stepState(p.status) } };
    case 'live':
      return { ...next, url: p.url ?? next.url, steps: ALL_DONE };
    case 'failed':
      return { ...next, message: p.message };
    default:
      return next;
  }
}

const stepState = (status: Progress['status']): StepState => (status === 'failed' ? 'failed' : status === 'done' ? 'done' : 'running');

function append(lines: string[], line: string): string[] {
  return lines.length > MAX_LINES ? [...lines.slice(-KEEP_LINES), line] : [...lines, line];
}
