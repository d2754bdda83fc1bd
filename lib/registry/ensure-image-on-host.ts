import { config } from '../config';
import { db, type Host } from '../db';
import { dockerForHost } from '../docker/host-client';
import { hasImage, pullImage, tagImage } from '../docker/images';
import { registryRef, splitImageTag } from './image-ref';
import { IMAGE_TRANSFER_TIMEOUT_MS, publishImage } from './publish-image';

export { IMAGE_TRANSFER_TIMEOUT_MS } from './publish-image';

type TargetHost = Pick<Host, 'id' | 'name' | 'dockerUrl' | 'tls' | 'sshHostKey' | 'isLocal'>;

/** One transfer per (host, image) at a time: parallel instance starts share it. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Makes `imageTag` available on `host` before a container is created there. Images are built
 * on the local host; with several hosts they travel through the registry (BERTH_REGISTRY):
 * published from the build host (skipped when the registry already has it), pulled on the
 * target, tagged back to `imageTag` so containers use one name everywhere. No-op when the image
 * is already there, on the local host, or when Berth has a single host.
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
  await publishImage(imageTag, { force: true });
  const remoteRef = registryRef(config().BERTH_REGISTRY, imageTag);
  await pullImage(target, remoteRef, IMAGE_TRANSFER_TIMEOUT_MS, `pull ${remoteRef} on ${host.name}`);
  await tagImage(target, remoteRef, splitImageTag(imageTag));
}
