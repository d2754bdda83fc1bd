import { config } from '../config';
import { db } from '../db';
import { AppError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { hasImage, pushImage, tagImage } from '../docker/images';
import { registryRef, splitImageTag } from './image-ref';

export const IMAGE_TRANSFER_TIMEOUT_MS = 10 * 60_000;
const REGISTRY_CHECK_TIMEOUT_MS = 5_000;

/**
 * Pushes a freshly built image from the build host (the local one) to BERTH_REGISTRY as
 * `<registry>/<imageTag>`, so other hosts can pull it. Does nothing with a single host, or
 * when the registry already has that tag (tags are commits: same tag, same image). The build
 * worker may call it right after a build; `ensureImageOnHost` calls it lazily otherwise.
 * Returns whether the image is (now) in the registry.
 */
export async function publishImage(imageTag: string, opts: { force?: boolean } = {}): Promise<boolean> {
  if (!opts.force && (await db.host.count()) <= 1) return false;
  const registry = config().BERTH_REGISTRY;
  if (await registryHas(registry, imageTag)) return true;
  const buildHost = await db.host.findFirst({ where: { isLocal: true } });
  if (!buildHost) throw new AppError('UNAVAILABLE', 'No local build host registered');
  const source = dockerForHost(buildHost);
  if (!(await hasImage(source, imageTag)))
    throw new AppError('UNAVAILABLE', `Image ${imageTag} is not on the build host`);
  const remoteRef = registryRef(registry, imageTag);
  await tagImage(source, imageTag, splitImageTag(remoteRef));
  await pushImage(source, remoteRef, IMAGE_TRANSFER_TIMEOUT_MS);
  return true;
}

/** HEAD the manifest in the registry (HTTP v2 API); any failure just means "push it". */
export async function registryHas(registry: string, imageTag: string): Promise<boolean> {
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
