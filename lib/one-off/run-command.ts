import { z } from 'zod';
import { findAppForActor } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { decryptJson } from '../crypto/secret-box';
import { db, type Host } from '../db';
import { dockerForHost, streamDocker } from '../docker/host-client';
import { berthLabels } from '../docker/labels';
import { ensureAppNetwork } from '../docker/networks';
import { oneOffSpec, runOneOff, type OneOffResult } from '../docker/one-off';
import { conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { tierResources } from '../model/tiers';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';

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
  const app = await findAppForActor(actor, name, 'write');
  const fresh = await db.app.findUniqueOrThrow({ where: { id: app.id }, include: { currentRelease: true } });
  const release = fresh.currentRelease;
  if (!release) throw conflict(`${app.name} has no live release yet: push code first`);
  const host = await pickHost(release.id);
  const command = input.command;
  const text = command.join(' ');
  return {
    appName: app.name,
    version: release.version,
    start: async ({ onOutput, signal }) => {
      await ensureImageOnHost(release.imageTag, host);
      const started = Date.now();
      await recordEvent({
        kind: 'app.run',
        message: `Run \`${text.slice(0, 200)}\` on ${app.name} (v${release.version})`,
        appId: app.id,
        appName: app.name,
        actor,
        data: { command, release: release.version, host: host.name },
      });
      const resources = tierResources(fresh.tier);
      const env = decryptJson<Record<string, string>>(release.env);
      const network = await ensureAppNetwork(dockerForHost(host), app.id);
      const spec = oneOffSpec({
        image: release.imageTag,
        command,
        env: { ...env, PORT: '5000', BERTH_APP: app.name, BERTH_RELEASE: `v${release.version}`, BERTH_PROCESS: 'run', DYNO: `run.${Math.floor(Math.random() * 9000 + 1000)}` },
        labels: berthLabels({ app: app.name, appId: app.id, release: release.id, version: String(release.version), processType: 'run' }),
        limits: resources,
        network,
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

async function pickHost(releaseId: string): Promise<Host> {
  const instance = await db.instance.findFirst({
    where: { releaseId, status: 'RUNNING' },
    include: { host: true },
    orderBy: { createdAt: 'asc' },
  });
  if (instance && instance.host.status === 'READY') return instance.host;
  return db.host.findFirstOrThrow({ where: { isLocal: true } });
}
