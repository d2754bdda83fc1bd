import type Docker from 'dockerode';
import { decryptJson } from '../crypto/secret-box';
import { db, type App, type Host, type Release } from '../db';
import { berthLabels } from '../docker/labels';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { oneOffSpec } from '../docker/one-off';
import { conflict } from '../errors';
import { tierResources } from '../model/tiers';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';

/**
 * Where and how a one-off container of an app runs (`berth run`, the console's one-off shell):
 * its live release, on the host of a running instance (else the local host).
 */
export type RunTarget = { app: App; release: Release; host: Host };

export async function liveRunTarget(app: App): Promise<RunTarget> {
  const fresh = await db.app.findUniqueOrThrow({ where: { id: app.id }, include: { currentRelease: true } });
  const release = fresh.currentRelease;
  if (!release) throw conflict(`${app.name} has no live release yet: push code first`);
  return { app: fresh, release, host: await hostForRun(release.id) };
}

/**
 * The container spec: the release's image and env (plus PORT, BERTH_APP, BERTH_RELEASE,
 * BERTH_PROCESS=run, DYNO), the app's tier limits, on the app's own network. The image is
 * brought to the host first.
 */
export async function runContainerSpec(target: RunTarget, command: string[]): Promise<Docker.ContainerCreateOptions> {
  const { app, release, host } = target;
  await ensureImageOnHost(release.imageTag, host);
  const env = decryptJson<Record<string, string>>(release.env);
  return oneOffSpec({
    image: release.imageTag,
    command,
    env: { ...env, PORT: '5000', BERTH_APP: app.name, BERTH_RELEASE: `v${release.version}`, BERTH_PROCESS: 'run', DYNO: `run.${Math.floor(Math.random() * 9000 + 1000)}` },
    labels: berthLabels({ app: app.name, appId: app.id, release: release.id, version: String(release.version), processType: 'run' }),
    limits: tierResources(app.tier),
    network: await ensureAppNetworkOnHost(host, app.id),
  });
}

async function hostForRun(releaseId: string): Promise<Host> {
  const instance = await db.instance.findFirst({
    where: { releaseId, status: 'RUNNING' },
    include: { host: true },
    orderBy: { createdAt: 'asc' },
  });
  if (instance && instance.host.status === 'READY') return instance.host;
  return db.host.findFirstOrThrow({ where: { isLocal: true } });
}
