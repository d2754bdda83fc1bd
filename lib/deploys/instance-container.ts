import { config } from '../config';
import { decryptJson } from '../crypto/secret-box';
import { db, type App, type Host, type Instance, type Release } from '../db';
import { describeError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { releaseInstance } from '../scheduler/reserve';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import { hasImage } from '../docker/images';
import {
  containerLiveness,
  containerLogTail,
  createContainer,
  inspectContainer,
  removeContainer,
  startContainer,
  statusCodeOf,
  stopContainer,
} from '../docker/containers';
import { LABEL } from '../docker/labels';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { ensureHostFirewall } from '../firewall/ensure-host-firewall';
import { ensureVolume } from '../docker/volumes';
import { containerSpec } from './container-spec';
import { parseHealthCheck } from '../model/health-check';
import { HealthCheckError, waitHealthy } from './health-check';
import { healthFailureText } from './health-failure-text';
import { DeployFailure } from './deploy-failure';
import { CONTAINER_PORT } from './container-name';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/** Lines of the app's own output quoted in a failed health check's detail. */
const LOG_TAIL_LINES = 20;

export type StartContext = { app: Pick<App, 'id' | 'name'>; release: Release; host: Host };

/**
 * Brings one reserved instance to RUNNING: image on the host → container (reused when a retried
 * job already created it) → started → healthy. Idempotent. Throws with the reason in plain words.
 */
export async function startInstance(instance: Instance, ctx: StartContext, signal?: AbortSignal): Promise<Instance> {
  const { app, release, host } = ctx;
  const docker = dockerForHost(host);
  await ensureImageOnHost(release.imageTag, host);
  if (!(await hasImage(docker, release.imageTag)))
    throw new Error(`image ${release.imageTag} is missing on host ${host.name}`);

  let info = await inspectContainer(docker, instance.containerName);
  if (info && info.Config.Labels?.[LABEL.instance] !== instance.id) {
    // Same name but another instance row (an earlier failed attempt): replace it.
    await removeContainer(docker, instance.containerName).catch(() => undefined);
    info = null;
  }
  if (!info) {
    const network = await ensureAppNetworkOnHost(host, app.id);
    const volumes = await ensureAppVolumes(docker, { app, host, image: release.imageTag });
    const processTypes = (release.processTypes ?? {}) as Record<string, string>;
    info = await createContainer(
      docker,
      containerSpec({
        name: instance.containerName,
        image: release.imageTag,
        app: app.name,
        appId: app.id,
        releaseId: release.id,
        version: release.version,
        instanceId: instance.id,
        processType: instance.processType,
        command: instance.processType === 'web' ? null : processTypes[instance.processType],
        env: decryptJson<Record<string, string>>(release.env),
        resources: instance,
        hostAddress: host.address,
        hostPort: instance.processType === 'web' ? instance.hostPort : null,
        network,
        volumes,
      }),
    );
  }
  const containerId = info.Id;
  // Recorded before the start: logs and events are attributed by this id only (container-owner.ts).
  await db.instance.update({ where: { id: instance.id }, data: { containerId } });
  if (!info.State.Running) {
    await ensureHostFirewall(host); // fail closed for a container made earlier too (checked once a minute)
    await startContainer(docker, containerId);
  }
  await db.instance.update({
    where: { id: instance.id },
    data: { startedAt: new Date(), status: 'STARTING' },
  });

  const restartsBefore = info.RestartCount;
  const isAlive = () => containerLiveness(docker, containerId, restartsBefore);
  if (instance.processType === 'web' && instance.hostPort) {
    try {
      const startupDeadlineMs = config().BERTH_HEALTH_STARTUP_SECONDS * 1000;
      await waitHealthy({ address: host.address, port: instance.hostPort, isAlive, signal, startupDeadlineMs }, parseHealthCheck(release.healthcheck));
    } catch (error) {
      if (!(error instanceof HealthCheckError)) throw error;
      // What the app printed is usually the answer ("listening on 3999"): quote it.
      const logTail = await containerLogTail(docker, containerId, LOG_TAIL_LINES, 5_000);
      const instanceLabel = `${instance.processType}.${instance.index}`;
      throw new DeployFailure(
        'health check',
        healthFailureText({ kind: error.kind, problem: error.message, port: CONTAINER_PORT, instance: instanceLabel, logTail }),
      );
    }
  } else {
    // No port to probe: running after a short settle is the best signal a worker gives. A
    // process that already exited with code 0 is done (Dokku's `custom: echo -n`): EXITED, its
    // container removed, not restarted — it never crash-loops the app. A failing one fails.
    await new Promise((r) => setTimeout(r, 1_500));
    const state = await isAlive();
    if (!state.alive && state.exitCode === 0) {
      await removeContainer(docker, containerId, { missingOk: true });
      return db.instance.update({ where: { id: instance.id }, data: { status: 'EXITED', exitCode: 0, stoppedAt: new Date() } });
    }
    if (!state.alive) throw new Error(`${instance.processType} process stopped right after starting (${state.why})`);
  }
  return db.instance.update({ where: { id: instance.id }, data: { status: 'RUNNING' } });
}

/**
 * SIGTERM, up to `graceSeconds` for the process to exit, then SIGKILL (docker stop), then remove
 * the container and free the reservation. The caller has already taken the instance out of the
 * proxy. Idempotent: a missing container or host only frees the row.
 */
export async function stopInstance(instance: Instance, host: Host, graceSeconds = 10): Promise<void> {
  await db.instance.updateMany({
    where: { id: instance.id, status: { in: [...WANTED_INSTANCE_STATUSES] } },
    data: { status: 'STOPPING' },
  });
  try {
    const docker = dockerForHost(host, (graceSeconds + 30) * 1000);
    await stopContainer(docker, instance.containerName, graceSeconds);
    await removeContainer(docker, instance.containerName, { missingOk: true });
  } catch (error) {
    // The host may be gone; the reconciler removes the container if it ever comes back.
    console.warn(`[deploys] could not stop ${instance.containerName} on ${host.name}: ${describeError(error)}`);
  }
  await releaseInstance(instance.id);
}

/** Removes a failed instance's container right away (no grace: it never had traffic). */
export async function discardInstance(instance: Instance, host: Host): Promise<void> {
  try {
    await removeContainer(dockerForHost(host), instance.containerName);
  } catch (error) {
    if (statusCodeOf(error) !== 404) console.warn(`[deploys] could not remove ${instance.containerName}: ${describeError(error)}`);
  }
  await releaseInstance(instance.id);
}

/**
 * The app's volumes, created on this host when missing. The scheduler placed the instance on the
 * host the volumes are pinned to (lib/scheduler/volume-pin.ts); a volume pinned elsewhere means
 * that pin changed under us, and starting without its data would look like data loss: refuse.
 */
async function ensureAppVolumes(
  docker: ReturnType<typeof dockerForHost>,
  ctx: { app: Pick<App, 'id' | 'name'>; host: Host; image: string },
): Promise<{ dockerName: string; path: string }[]> {
  // A volume added after this instance was placed is pinned here now, before Docker creates it.
  await db.appVolume.updateMany({ where: { appId: ctx.app.id, hostId: null }, data: { hostId: ctx.host.id } });
  const volumes = await db.appVolume.findMany({ where: { appId: ctx.app.id }, orderBy: { path: 'asc' } });
  for (const volume of volumes) {
    if (volume.hostId && volume.hostId !== ctx.host.id)
      throw new Error(`volume ${volume.path} lives on another host than ${ctx.host.name}; not starting without its data`);
    await ensureVolume(docker, { dockerName: volume.dockerName, path: volume.path, appId: ctx.app.id, app: ctx.app.name, image: ctx.image });
  }
  return volumes.map((v) => ({ dockerName: v.dockerName, path: v.path }));
}
