import { db } from '../db';
import { LABEL } from './labels';

/**
 * Which app/instance a Berth container belongs to, from its labels and name. `berth.app` may hold
 * the app id or its name and `berth.instance` the Instance id; the container name is the fallback
 * (Instance.containerName is unique). Cached per container: labels never change.
 */
export type ContainerOwner = {
  appId: string;
  appName: string;
  instanceId: string | null;
  /** The container name (Instance.containerName). */
  instanceName: string;
  /** For people: "web.1 (v3)", or the container name when no Instance row matches. */
  label: string;
};

const cache = new Map<string, ContainerOwner | null>();
const CACHE_MAX = 5000;

export async function containerOwner(
  containerId: string,
  labels: Record<string, string | undefined>,
  name: string,
): Promise<ContainerOwner | null> {
  const key = containerId;
  const hit = cache.get(key);
  if (hit) return hit;
  const instanceName = name.replace(/^\//, '');
  const instanceLabel = labels[LABEL.instance];
  const instance = await db.instance.findFirst({
    where: {
      OR: [
        { containerName: instanceName },
        ...(instanceLabel ? [{ id: instanceLabel }] : []),
        { containerId },
      ],
    },
    select: {
      id: true,
      processType: true,
      index: true,
      release: { select: { version: true } },
      app: { select: { id: true, name: true } },
    },
  });
  let owner: ContainerOwner | null = null;
  if (instance) {
    owner = {
      appId: instance.app.id,
      appName: instance.app.name,
      instanceId: instance.id,
      instanceName,
      label: `${instance.processType}.${instance.index} (v${instance.release.version})`,
    };
  } else {
    const appLabel = labels[LABEL.app];
    const app = appLabel
      ? await db.app.findFirst({ where: { OR: [{ id: appLabel }, { name: appLabel }] }, select: { id: true, name: true } })
      : null;
    if (app) owner = { appId: app.id, appName: app.name, instanceId: null, instanceName, label: instanceName };
  }
  // Only fully resolved owners are cached: the Instance row may simply not be written yet.
  if (owner?.instanceId) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, owner);
  }
  return owner;
}
