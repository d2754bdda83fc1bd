import { decryptJson } from '../crypto/secret-box';
import { db, type App, type Host, type Instance, type Release } from '../db';
import { createContainer, inspectContainer, removeContainer, startContainer, type ContainerDetails } from '../docker/containers';
import type { dockerForHost } from '../docker/host-client';
import { requireImage } from '../docker/images';
import { LABEL } from '../docker/labels';
import { appNetworkName } from '../docker/networks';
import { ensureVolume, type VolumeMount } from '../docker/volumes';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import { matchesSpec, withFingerprint } from './container-fingerprint';
import { containerSpec } from './container-spec';
import { instanceStartupCpu } from './cpu-boost';
import { holderNameOf, holderServes, holderSpec, isJoined, joinedSpec, removeWithHolder } from './held-network';
import { takeSpare } from './spare-network';

type Docker = ReturnType<typeof dockerForHost>;
export type ContainerContext = { app: Pick<App, 'id' | 'name'>; release: Release; host: Host };

/**
 * The container for a reserved instance. An existing one (same name, same instance row) is reused
 * only when it was made from exactly the spec the instance gets now (container-fingerprint.ts):
 * a retried job's container, or a sleeping app's kept one — so a wake is `docker start`, not
 * image check + network + volumes + create + start (the image cannot be gone: Docker keeps an
 * image a container uses). Anything else with that name is removed and the container created
 * afresh, its image brought to the host first. Idempotent.
 */
export async function ensureInstanceContainer(docker: Docker, instance: Instance, ctx: ContainerContext): Promise<{ info: ContainerDetails; reused: boolean }> {
  const existing = await inspectContainer(docker, instance.containerName);
  if (existing && existing.Config.Labels?.[LABEL.instance] === instance.id) {
    // Only database reads here: the network and volumes exist while their container does.
    const volumes = await db.appVolume.findMany({ where: { appId: ctx.app.id }, orderBy: { path: 'asc' } });
    const pinnedHere = volumes.every((v) => v.hostId === ctx.host.id);
    const spec = specFor(instance, ctx, appNetworkName(ctx.app.id), volumes);
    if (pinnedHere && !isJoined(existing) && matchesSpec(existing.Config.Labels, spec)) return { info: existing, reused: true };
    if (pinnedHere && isJoined(existing) && instance.hostPort !== null && matchesSpec(existing.Config.Labels, joinedSpec(spec))) {
      // A sleeping app's kept container and its network holder (held-network.ts): usable while
      // the wake got the same host port back, which the holder publishes.
      const holder = await inspectContainer(docker, holderNameOf(instance.containerName));
      if (holderServes(existing, holder, { instanceId: instance.id, hostAddress: ctx.host.address, hostPort: instance.hostPort })) {
        if (!holder!.State.Running) await startContainer(docker, holder!.Id);
        return { info: existing, reused: true };
      }
    }
  }
  // A joined container's holder goes with it: it would keep the port the new container publishes.
  if (existing) await (isJoined(existing) ? removeWithHolder : removeContainer)(docker, instance.containerName, { missingOk: true });
  // Placed on the network made for it while its build ran (spare-network.ts): joined, no network to make.
  const joined = await takeSpare(docker, instance, { appName: ctx.app.name, hostAddress: ctx.host.address });
  await ensureImageOnHost(ctx.release.imageTag, ctx.host);
  // Still missing (removed by hand, a single host with nothing to pull from): the engine's 404
  // propagates and the banner reads "the app's image is missing on the host", its text collapsed.
  await requireImage(docker, ctx.release.imageTag);
  const network = joined ? appNetworkName(ctx.app.id) : await ensureAppNetworkOnHost(ctx.host, ctx.app.id);
  const volumes = await ensureAppVolumes(docker, { app: ctx.app, host: ctx.host, image: ctx.release.imageTag });
  const spec = specFor(instance, ctx, network, volumes);
  return { info: await createContainer(docker, withFingerprint(joined ? joinedSpec(spec) : spec)), reused: false };
}

/**
 * The spec of a sleeping app's kept container joined to its network holder, and the holder's
 * (held-network.ts), from the rows alone: the network and volumes exist while the container does.
 */
export async function heldSpecs(instance: Instance & { hostPort: number }, ctx: ContainerContext) {
  const volumes = await db.appVolume.findMany({ where: { appId: ctx.app.id }, orderBy: { path: 'asc' } });
  const network = appNetworkName(ctx.app.id);
  return {
    spec: withFingerprint(joinedSpec(specFor(instance, ctx, network, volumes))),
    holder: holderSpec({
      containerName: instance.containerName,
      image: ctx.release.imageTag,
      appId: ctx.app.id,
      instanceId: instance.id,
      network,
      hostAddress: ctx.host.address,
      hostPort: instance.hostPort,
    }),
  };
}

function specFor(instance: Instance, { app, release, host }: ContainerContext, network: string, volumes: readonly VolumeMount[]) {
  const processTypes = (release.processTypes ?? {}) as Record<string, string>;
  return containerSpec({
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
    startupCpuLimit: instanceStartupCpu(instance.cpuLimit, host.cpuTotal),
    hostAddress: host.address,
    hostPort: instance.processType === 'web' ? instance.hostPort : null,
    network,
    volumes: volumes.map((v) => ({ dockerName: v.dockerName, path: v.path })),
  });
}

/**
 * The app's volumes, created on this host when missing. The scheduler placed the instance on the
 * host the volumes are pinned to (lib/scheduler/volume-pin.ts); a volume pinned elsewhere means
 * that pin changed under us, and starting without its data would look like data loss: refuse.
 */
async function ensureAppVolumes(docker: Docker, ctx: { app: Pick<App, 'id' | 'name'>; host: Host; image: string }): Promise<VolumeMount[]> {
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
