import type { Actor } from '../model/actor';
import { db, type Tx } from '../db';

/**
 * Appends to the timeline/audit log. Kinds are dotted verbs: app.create, app.delete, build.failed,
 * deploy.live, deploy.failed, release.rollback, app.scale, env.change, container.start,
 * container.die, container.oom, container.health, host.unreachable, auth.signin, ...
 */
export type EventInput = {
  kind: string;
  message: string;
  appId?: string | null;
  appName?: string | null;
  hostId?: string | null;
  actor?: Pick<Actor, 'id' | 'email'> | null;
  data?: Record<string, unknown>;
};

export async function recordEvent(input: EventInput, tx: Tx = db): Promise<void> {
  await tx.event.create({
    data: {
      kind: input.kind,
      message: input.message,
      appId: input.appId ?? null,
      appName: input.appName ?? null,
      hostId: input.hostId ?? null,
      actorId: input.actor?.id ?? null,
      actorEmail: input.actor?.email ?? null,
      data: (input.data ?? {}) as object,
    },
  });
}
