import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { streamDocker } from '../docker/host-client';
import { runOneOff, type OneOffResult } from '../docker/one-off';
import { recordEvent } from '../events/record-event';
import { liveRunTarget, runContainerSpec } from './run-target';

/** POST /api/apps/<name>/run {command: ["rake", "db:migrate"], tty?, timeoutSeconds?} */
export const ZRunCommand = z.object({
  command: z.array(z.string().max(4096)).min(1).max(256),
  tty: z.boolean().default(false),
  timeoutSeconds: z.number().int().min(1).max(24 * 3600).default(3600),
});
export type RunCommand = z.infer<typeof ZRunCommand>;

export type PreparedRun = {
  appName: string;
  version: number;
  /** Runs the command; resolves with its exit code when it ends (container removed). */
  start: (io: { onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => void; signal?: AbortSignal }) => Promise<OneOffResult>;
};

/**
 * A one-off container from the app's live release (`heroku run`): its image and env, the app's
 * tier limits, on the host of a running instance (else the local host). Write access. Checked
 * before anything streams, so a refusal is an ordinary error response; the run itself is
 * audited when it starts and when it ends (who, what, exit code).
 */
export async function prepareRun(actor: Actor, name: string, input: RunCommand): Promise<PreparedRun> {
  const target = await liveRunTarget(await findAppForActor(actor, name, 'write'));
  const { app, release, host } = target;
  const command = input.command;
  const text = command.join(' ');
  return {
    appName: app.name,
    version: release.version,
    start: async ({ onOutput, signal }) => {
      const spec = await runContainerSpec(target, command);
      const started = Date.now();
      await recordEvent({
        kind: 'app.run',
        message: `Run \`${text.slice(0, 200)}\` on ${app.name} (v${release.version})`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { command, release: release.version, host: host.name },
      });
      const result = await runOneOff(streamDocker(host), spec, { timeoutMs: input.timeoutSeconds * 1000, signal, onOutput, keepLines: 0 });
      await recordEvent({
        kind: 'app.run.exit',
        message: `Run \`${text.slice(0, 200)}\` on ${app.name} exited with ${result.exitCode}${result.timedOut ? ' (timed out)' : result.aborted ? ' (interrupted)' : ''}`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { command, exitCode: result.exitCode, seconds: Math.round((Date.now() - started) / 1000) },
      }).catch(() => undefined);
      return result;
    },
  };
}
