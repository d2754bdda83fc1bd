import { LABEL } from '../../docker/labels';

/** The part of a Docker engine event message Berth reads (GET /events, Type "container"). */
export type DockerEvent = {
  Type: string;
  Action: string;
  id?: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  time: number;
  timeNano: number;
};

/** Splits Docker's event stream (one JSON object per line, possibly split across chunks). */
export class EventLineParser {
  private partial = '';

  push(chunk: Buffer | string): DockerEvent[] {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    const out: DockerEvent[] = [];
    for (const part of parts) {
      if (!part.trim()) continue;
      try {
        const event = JSON.parse(part) as DockerEvent;
        if (event && typeof event.Action === 'string' && event.Actor?.ID) out.push(event);
      } catch {
        // A malformed line is skipped; the reconciler is level-based and corrects anything missed.
      }
    }
    return out;
  }
}

/** An app instance's container died or was OOM-killed: the reconciler should look at once. */
export function isInstanceDeath(event: DockerEvent): boolean {
  return (event.Action === 'die' || event.Action === 'oom') && Boolean(event.Actor.Attributes?.[LABEL.instance]);
}

/** An app instance's container started (a deploy, or Docker's restart policy after a crash). */
export function isInstanceStart(event: DockerEvent): boolean {
  return event.Action === 'start' && Boolean(event.Actor.Attributes?.[LABEL.instance]);
}

/**
 * Whether an instance's container event, once recorded, calls for a reconcile pass now rather
 * than at the next period, given its Instance row's status after recording (null: no row names
 * that container). A start matters only when Docker's policy brought back a CRASHED instance (it
 * turns RUNNING again); a death only when it hit an instance meant to be serving (RUNNING, or
 * marked CRASHED just now). Berth's own starts (STARTING) and stops (STOPPING, STOPPED) are the
 * deploy's to handle: each wake and sleep of a large fleet would otherwise cost a full pass, at
 * the moment the woken app boots.
 */
export function reconcileAfter(event: DockerEvent, status: string | null): boolean {
  if (isInstanceStart(event)) return status === 'CRASHED';
  if (isInstanceDeath(event)) return status === 'RUNNING' || status === 'CRASHED';
  return false;
}
