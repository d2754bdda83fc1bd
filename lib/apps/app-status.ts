import type { AppDesiredState, BuildStatus, InstanceStatus, ReleaseStatus } from '../db';
import { isUp } from '../model/instance-status';

export const APP_STATUSES = ['building', 'deploying', 'live', 'failed', 'crashed', 'stopped', 'sleeping'] as const;
export type AppStatus = (typeof APP_STATUSES)[number];

export type StatusInputs = {
  desiredState: AppDesiredState;
  /** Put to sleep for being idle (lib/sleep); woken by the first request. */
  sleeping?: boolean;
  latestBuild: { status: BuildStatus; createdAt: Date } | null;
  latestRelease: { status: ReleaseStatus; createdAt: Date } | null;
  /** Whether app.currentReleaseId points at a release (the one the proxy serves). */
  hasCurrentRelease: boolean;
  /** Web instances of the current release. */
  instances: { status: InstanceStatus }[];
  /** Web instances the formation asks for (0: a worker-only app). */
  webQuantity?: number;
};

/**
 * One word for an app, derived from the rows (never stored, so it cannot go stale):
 * stopped by the user (sleeping when put to sleep for being idle) > build or deploy in progress > failed when nothing serves >
 * crashed when the current release has no running instance > deploying while its web instances are
 * being (re)placed > live.
 * A failed build or deploy while an older release keeps serving still reads "live".
 */
export function deriveAppStatus(s: StatusInputs): AppStatus {
  if (s.desiredState === 'STOPPED') return s.sleeping ? 'sleeping' : 'stopped';
  if (s.latestBuild && (s.latestBuild.status === 'QUEUED' || s.latestBuild.status === 'RUNNING')) return 'building';
  if (s.latestRelease && (s.latestRelease.status === 'PENDING' || s.latestRelease.status === 'DEPLOYING')) {
    return 'deploying';
  }
  if (!s.hasCurrentRelease) {
    if (s.latestBuild?.status === 'SUCCEEDED' && !s.latestRelease) return 'deploying';
    if (!s.latestBuild && !s.latestRelease) return 'stopped';
    return 'failed';
  }
  const running = s.instances.filter((i) => isUp(i.status)).length;
  if (s.instances.length > 0 && running === 0 && s.instances.some((i) => i.status === 'CRASHED')) return 'crashed';
  // Running is wanted and a release is current, but no web instance is there right now: between a
  // dead container and its replacement, or while a scale places them. Berth is converging on it —
  // not "stopped", which only the user's stop (or sleep) means. A worker-only app is live.
  if (s.instances.length === 0) return (s.webQuantity ?? 1) > 0 ? 'deploying' : 'live';
  return 'live';
}
