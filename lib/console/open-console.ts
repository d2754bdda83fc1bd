import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { streamDocker } from '../docker/host-client';
import { execTty, runTtyContainer, type TtySession, type TtySize } from '../docker/tty-session';
import { AppError, conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { liveRunTarget, runContainerSpec } from '../one-off/run-target';

/**
 * What a console opens into: a running instance (`docker exec` with a TTY; `instance` is
 * "web.1" or the container name, default: the first running web instance) or a fresh one-off
 * container from the live release (`run`, like `heroku run bash`). `command` replaces the
 * shell (argv, never a shell string).
 */
export const ZConsoleTarget = z.object({
  kind: z.enum(['instance', 'run']).default('instance'),
  instance: z.string().min(1).max(128).regex(/^[a-z0-9][a-z0-9._-]*$/i).optional(),
  command: z.array(z.string().max(4096)).min(1).max(256).optional(),
  cols: z.coerce.number().int().min(2).max(1000).default(80),
  rows: z.coerce.number().int().min(2).max(500).default(24),
});
export type ConsoleTarget = z.infer<typeof ZConsoleTarget>;

export type OpenConsole = {
  session: TtySession;
  /** For people: "web.1 (v3) on local" or "one-off (v3) on local". */
  label: string;
  /** Records the end of the session (audit), once. */
  finish(reason: string, exitCode: number | null): Promise<void>;
};

/**
 * Opens a console for `actor` into app `name`: admins and app members with write access only
 * (others get NOT_FOUND, like every app route). Audited when it opens and when it ends.
 */
export async function openConsole(actor: Actor, name: string, target: ConsoleTarget): Promise<OpenConsole> {
  const app = await findAppForActor(actor, name, 'write');
  const size: TtySize = { cols: target.cols, rows: target.rows };
  let session: TtySession;
  let label: string;
  let hostId: string;
  if (target.kind === 'instance') {
    const instance = await pickInstance(app.id, target.instance);
    session = await execTty(streamDocker(instance.host), instance.containerId, { command: target.command ?? null, size });
    label = `${instance.processType}.${instance.index} (v${instance.release.version}) on ${instance.host.name}`;
    hostId = instance.host.id;
  } else {
    const run = await liveRunTarget(app);
    const { release, host } = run;
    const spec = await runContainerSpec(run, target.command ?? ['/bin/sh', '-c', 'if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi']);
    session = await runTtyContainer(streamDocker(host), spec, size);
    label = `one-off (v${release.version}) on ${host.name}`;
    hostId = host.id;
  }
  const started = Date.now();
  const what = target.command ? target.command.join(' ').slice(0, 200) : 'shell';
  await recordEvent({
    kind: 'console.open',
    message: `Console into ${app.name}: ${what} in ${label}`,
    appId: app.id,
    appName: app.name,
    hostId,
    actor,
    data: { target: target.kind, label, command: target.command ?? null },
  });
  let finished = false;
  return {
    session,
    label,
    finish: async (reason, exitCode) => {
      if (finished) return;
      finished = true;
      await recordEvent({
        kind: 'console.close',
        message: `Console into ${app.name} (${label}) closed: ${reason}${exitCode !== null ? `, exit code ${exitCode}` : ''}`,
        appId: app.id,
        appName: app.name,
        hostId,
        actor,
        data: { label, reason, exitCode, seconds: Math.round((Date.now() - started) / 1000) },
      }).catch(() => undefined);
    },
  };
}

async function pickInstance(appId: string, wanted: string | undefined) {
  const running = await db.instance.findMany({
    where: { appId, status: 'RUNNING', containerId: { not: null } },
    include: { host: true, release: { select: { version: true } } },
    orderBy: [{ processType: 'asc' }, { index: 'asc' }],
  });
  const match = wanted
    ? running.find((i) => `${i.processType}.${i.index}` === wanted || i.containerName === wanted)
    : (running.find((i) => i.processType === 'web') ?? running[0]);
  if (!match || !match.containerId) {
    throw new AppError(
      wanted ? 'NOT_FOUND' : 'CONFLICT',
      wanted ? `No running instance ${wanted}` : 'No running instance: open a one-off console instead',
    );
  }
  if (match.host.status !== 'READY') throw conflict(`Host ${match.host.name} is ${match.host.status.toLowerCase()}`);
  return { ...match, containerId: match.containerId };
}
