import { decryptJson } from '../crypto/secret-box';
import { db, type App, type Release } from '../db';
import { streamDocker } from '../docker/host-client';
import { berthLabels } from '../docker/labels';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { oneOffSpec, runOneOff } from '../docker/one-off';
import { publishProgress } from '../events/progress';
import { recordEvent } from '../events/record-event';
import { tierResources } from '../model/tiers';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import type { DeployScripts } from '../templates/app-json';

const SCRIPT_TIMEOUT_MS = 30 * 60_000;

export function deployScriptsOf(release: Pick<Release, 'scripts'>): DeployScripts {
  const v = release.scripts;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const s = v as Record<string, unknown>;
  return {
    ...(typeof s.predeploy === 'string' ? { predeploy: s.predeploy } : {}),
    ...(typeof s.postdeploy === 'string' ? { postdeploy: s.postdeploy } : {}),
  };
}

/**
 * Runs an app.json deploy script (`predeploy` before the new instances start, `postdeploy` after
 * they are healthy and before traffic moves) in a one-off container of the release: its image,
 * env and the app's limits, on the local host, `/bin/sh -c`. Output goes to the deploy progress
 * (and `git push`). A non-zero exit throws with the last lines, so the deploy fails and the
 * previous release keeps serving.
 */
export async function runDeployScript(
  app: App,
  release: Release,
  which: keyof DeployScripts,
  command: string,
  signal?: AbortSignal,
): Promise<void> {
  const host = await db.host.findFirstOrThrow({ where: { isLocal: true } });
  await ensureImageOnHost(release.imageTag, host);
  await publishProgress(app.id, { step: 'deploy', status: 'running', message: `Running ${which}: ${command}`, releaseId: release.id });
  const network = await ensureAppNetworkOnHost(host, app.id);
  const spec = oneOffSpec({
    image: release.imageTag,
    command: ['/bin/sh', '-c', command],
    env: {
      ...decryptJson<Record<string, string>>(release.env),
      PORT: '5000',
      BERTH_APP: app.name,
      BERTH_RELEASE: `v${release.version}`,
      BERTH_PROCESS: which,
    },
    labels: berthLabels({ app: app.name, appId: app.id, release: release.id, version: String(release.version), processType: which }),
    limits: tierResources(app.tier),
    network,
  });
  const result = await runOneOff(streamDocker(host), spec, {
    timeoutMs: SCRIPT_TIMEOUT_MS,
    signal,
    keepLines: 20,
    onLine: (line) =>
      void publishProgress(app.id, { step: 'deploy', status: 'running', message: `${which}: ${line}`.slice(0, 500), releaseId: release.id }).catch(() => {}),
  });
  const tail = result.tail;
  await recordEvent({
    kind: `deploy.${which}`,
    message: `${which} of v${release.version} exited with ${result.exitCode}`,
    appId: app.id,
    appName: app.name,
    data: { releaseId: release.id, command, exitCode: result.exitCode },
  }).catch(() => {});
  if (result.exitCode !== 0) {
    const why = result.timedOut ? 'timed out' : `exited with ${result.exitCode}`;
    const last = tail.filter(Boolean).slice(-5).join(' | ');
    throw new Error(`${which} \`${command}\` ${why}${last ? `: ${last}` : ''}`);
  }
}
