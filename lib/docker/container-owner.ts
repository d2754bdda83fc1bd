import { db } from '../db';

/**
 * Which app/instance a Berth container belongs to. Only containers Berth itself created count: the
 * container id must be the one recorded on an Instance row (`Instance.containerId`, written right
 * after the container is created and before it starts). Labels and names are never trusted — an
 * image built from a user's Dockerfile can carry any label, so a container labelled
 * `berth.app=<victim>` is not the victim's. Cached per container id.
 */
export type ContainerOwner = {
  appId: string;
  appName: string;
  instanceId: string | null;
  /** The container name (Instance.containerName). */
  instanceName: string;
  /** For people: "web.1 (v3)". */
  label: string;
  /** Set when the container is an add-on's server (then instanceId is null). */
  addonId?: string;
};

const cache = new Map<string, ContainerOwner | null>();
const CACHE_MAX = 5000;

export async function containerOwner(containerId: string): Promise<ContainerOwner | null> {
  const hit = cache.get(containerId);
  if (hit) return hit;
  if (!containerId) return null;
  const instance = await db.instance.findFirst({
    where: { containerId },
    select: {
      id: true,
      containerName: true,
      processType: true,
      index: true,
      release: { select: { version: true } },
      app: { select: { id: true, name: true } },
    },
  });
  if (!instance) return null; // not (yet) recorded: looked up again next time, never cached
  const owner: ContainerOwner = {
    appId: instance.app.id,
    appName: instance.app.name,
    instanceId: instance.id,
    instanceName: instance.containerName,
    label: `${instance.processType}.${instance.index} (v${instance.release.version})`,
  };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(containerId, owner);
  return owner;
}

/**
 * The same for an add-on's container: its id must be the one recorded on the Addon row
 * (`Addon.containerId`, written when provisioning or repair started it). Logs and metrics of
 * add-ons are stored under the app with `addonId` set, named after the container.
 */
export async function addonContainerOwner(containerId: string): Promise<ContainerOwner | null> {
  const hit = cache.get(containerId);
  if (hit) return hit;
  if (!containerId) return null;
  const addon = await db.addon.findFirst({
    where: { containerId },
    select: { id: true, type: true, containerName: true, app: { select: { id: true, name: true } } },
  });
  if (!addon) return null;
  const owner: ContainerOwner = {
    appId: addon.app.id,
    appName: addon.app.name,
    instanceId: null,
    instanceName: addon.containerName,
    label: `${addon.type.toLowerCase()} add-on`,
    addonId: addon.id,
  };
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(containerId, owner);
  return owner;
}
