// Pure: how the app's activity feed groups and colours an event. Type-only imports.
import type { EventDto } from './list-events';

/** What the feed's filter chips choose between. */
export type ActivityGroup = 'build' | 'release' | 'config' | 'scale' | 'container' | 'other';
/** good: something went live or succeeded · bad: failed or crashed · neutral: routine. */
export type ActivityTone = 'good' | 'bad' | 'neutral' | 'info';

export type ActivityEntry = EventDto & { group: ActivityGroup; tone: ActivityTone; who: string | null };

const GROUPS: [prefix: string, group: ActivityGroup][] = [
  ['git.', 'build'],
  ['build.', 'build'],
  ['deploy.', 'release'],
  ['release.', 'release'],
  ['env.', 'config'],
  ['app.healthcheck', 'config'],
  ['app.tier', 'config'],
  ['app.webhook', 'config'],
  ['domain.', 'config'],
  ['addon.', 'config'],
  ['app.scale', 'scale'],
  ['app.restart', 'scale'],
  ['app.stop', 'scale'],
  ['app.start', 'scale'],
  ['app.sleep', 'scale'],
  ['app.wake', 'scale'],
  ['container.', 'container'],
  ['instance.', 'container'],
];

export function activityGroup(kind: string): ActivityGroup {
  return GROUPS.find(([prefix]) => kind.startsWith(prefix))?.[1] ?? 'other';
}

/** A container that exited with 0 stopped on purpose (a rollout retiring it): not an alarm. */
export function activityTone(e: Pick<EventDto, 'kind' | 'data'>): ActivityTone {
  if (e.kind === 'container.die') return e.data.exitCode === 0 && !e.data.oomKilled ? 'neutral' : 'bad';
  if (/(fail|crash|oom|unavailable|lost)/.test(e.kind)) return 'bad';
  if (e.kind === 'deploy.live' || e.kind === 'build.succeeded') return 'good';
  if (e.kind.startsWith('container.') || e.kind.startsWith('instance.')) return 'neutral';
  return 'info';
}

/** Who did it: the signed-in person, else the commit author a push named, else the system. */
export function activityWho(e: Pick<EventDto, 'actor' | 'data'>): string | null {
  if (e.actor) return e.actor;
  return typeof e.data.author === 'string' ? e.data.author : null;
}

export function toActivityEntry(e: EventDto): ActivityEntry {
  return { ...e, group: activityGroup(e.kind), tone: activityTone(e), who: activityWho(e) };
}
