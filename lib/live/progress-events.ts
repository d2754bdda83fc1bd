// Types only (and one list of names), shared by the server and client components: nothing here
// may pull server code into a browser bundle. Type imports are erased; the enums file is plain.
import type { BuildStatus, ReleaseStatus } from '../generated/prisma/enums';
import type { Progress } from '../model/progress';

/** How following one build ends. */
export type DeployOutcome = 'live' | 'build-failed' | 'deploy-failed' | 'superseded' | 'built' | 'timeout';

/** The build's status changed (first seen, running, finished). */
export type BuildEvent = {
  type: 'build';
  buildId: string;
  number: number;
  status: BuildStatus;
  commitSha: string;
  failedStep: string | null;
  error: string | null;
};
export type LogEvent = { type: 'log'; buildId: string; seq: number; line: string };
/** The build's release changed status. */
export type ReleaseEvent = { type: 'release'; releaseId: string; version: number; status: ReleaseStatus; failureReason: string | null };
/** A transient deploy step (starting, health check, live) as published by the deploy worker. */
export type ProgressUpdate = { type: 'progress'; progress: Progress };
export type EndEvent = { type: 'end'; outcome: DeployOutcome };

/**
 * What happens to one build from queue to live (or failure), in order: shared by the `git push`
 * output and the UI's progress stream. Field order is wire format (JSON on both).
 */
export type FollowEvent = BuildEvent | LogEvent | ReleaseEvent | ProgressUpdate | EndEvent;

/** What the UI needs of the app's state (the server sends its whole AppSummary). */
export type ProgressSnapshot = { url: string; status: string; currentRelease?: { version: number } | null };

/** A FollowEvent as the progress stream sends it: its type is the event name. */
export type FollowProgressEvent = { [T in FollowEvent['type']]: { event: T; data: Extract<FollowEvent, { type: T }> } }[FollowEvent['type']];

/**
 * The events of GET /api/apps/<name>/progress (SSE event name → JSON data): the app's state
 * first, then every FollowEvent of its latest build, a fresh snapshot after each build, and
 * `ping` while nothing happens.
 */
export type ProgressEvent<Snapshot extends ProgressSnapshot = ProgressSnapshot> =
  | { event: 'snapshot'; data: Snapshot }
  | FollowProgressEvent
  | { event: 'ping'; data: { at: string } };

export type ProgressEventName = ProgressEvent['event'];
// A Record, so adding an event type without listing it here does not compile.
const EVENT_NAMES: Record<ProgressEventName, true> = { snapshot: true, build: true, log: true, release: true, progress: true, end: true, ping: true };
/** Every event name, for EventSource listeners. */
export const PROGRESS_EVENT_NAMES = Object.keys(EVENT_NAMES) as ProgressEventName[];

export function toProgressEvent(data: FollowEvent): FollowProgressEvent {
  return { event: data.type, data } as FollowProgressEvent;
}
