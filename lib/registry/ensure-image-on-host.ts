import type Docker from 'dockerode';
import { config } from '../config';
import { db, type Host } from '../db';
import { dockerForHost } from '../hosts/docker-for-host';
import { AppError } from '../errors';
import { followStream } from './follow-stream';
import { registryRef, splitImageTag } from './image-ref';

export const IMAGE_TRANSFER_TIMEOUT_MS = 10 * 60_000;
const REGISTRY_CHECK_TIMEOUT_MS = 5_000;

type TargetHost = Pick<Host, 'id' | 'name' | 'dockerUrl' | 'tls' | 'isLocal'>;

/** One transfer per (host, image) at a time: parallel instance starts share it. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Makes `imageTag` available on `host` before a container is created there. Images are built
 * on the local host; with several hosts they travel through the registry (BERTH_REGISTRY):
 * tag `<registry>/<imageTag>` and push from the build host (skipped when the registry already
 * has it), pull on the target, tag back to `imageTag` so containers use one name everywhere.
 * No-op when the image is already there or Berth has a single host.
 */
export async function ensureImageOnHost(imageTag: string, host: TargetHost): Promise<void> {
  const key = `${host.id}|${imageTag}`;
  let running = inFlight.get(key);
  if (!running) {
    running = transfer(imageTag, host).finally(() => inFlight.delete(key));
    inFlight.set(key, running);
  }
  return running;
}

async function transfer(imageTag: string, host: TargetHost): Promise<void> {
  const target = dockerForHost(host);
  if (await hasImage(target, imageTag)) return;
  if (host.isLocal || (await db.host.count()) <= 1) return; // nothing to distribute from
  const buildHost = await db.host.findFirst({ where: { isLocal: true } });
  if (!buildHost) throw new AppError('UNAVAILABLE', 'No local build host registered');
  const registry = config().BERTH_REGISTRY;
  const remoteRef = registryRef(registry, imageTag);

  if (!(await registryHas(registry, imageTag))) await pushToRegistry(dockerForHost(buildHost), imageTag, remoteRef);

  const stream = await target.pull(remoteRef, { authconfig: {} } as object);
  await followStream(target, stream, IMAGE_TRANSFER_TIMEOUT_MS, `pull ${remoteRef} on ${host.name}`);
  const { repo, tag } = splitImageTag(imageTag);
  await target.getImage(remoteRef).tag({ repo, tag });
}

async function pushToRegistry(source: Docker, imageTag: string, remoteRef: string): Promise<void> {
  if (!(await hasImage(source, imageTag)))
    throw new AppError('UNAVAILABLE', `Image ${imageTag} is not on the build host`);
  const remote = splitImageTag(remoteRef);
  await source.getImage(imageTag).tag({ repo: remote.repo, tag: remote.tag });
  // Docker 20.10 insists on an X-Registry-Auth header even for registries without auth.
  const stream = await source.getImage(remoteRef).push({ authconfig: {} } as object);
  await followStream(source, stream, IMAGE_TRANSFER_TIMEOUT_MS, `push ${remoteRef}`);
}

export async function hasImage(docker: Docker, imageTag: string): Promise<boolean> {
  try {
    await docker.getImage(imageTag).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** HEAD the manifest in the registry (HTTP v2 API); any failure just means "push it". */
async function registryHas(registry: string, imageTag: string): Promise<boolean> {
  const { repo, tag } = splitImageTag(imageTag);
  try {
    const res = await fetch(`http://${registry}/v2/${repo}/manifests/${encodeURIComponent(tag)}`, {
      method: 'HEAD',
      headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' },
      signal: AbortSignal.timeout(REGISTRY_CHECK_TIMEOUT_MS),
    });
    return res.ok;
  } catch {
    return false;
  }
}
