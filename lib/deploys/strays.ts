import { containerNameOf, type ContainerSummary } from '../docker/containers';
import { LABEL } from '../docker/labels';

/** A container younger than this is never a stray: a deploy may be creating its instance row. */
export const STRAY_GRACE_MS = 15_000;

/**
 * A stray is a container of this installation that no active instance row claims. Only app
 * instance containers (berth.instance) are ours to remove — build containers are not — and only
 * once older than the grace period.
 */
export function isStray(
  info: Pick<ContainerSummary, 'Labels' | 'Created' | 'Names' | 'Id'>,
  claimed: Set<string>,
  opts: { now: number; graceMs: number },
): boolean {
  if (!info.Labels?.[LABEL.instance]) return false;
  if (claimed.has(containerNameOf(info))) return false;
  return opts.now - info.Created * 1000 >= opts.graceMs;
}
