import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Host } from '../db';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import { directoryHash, ensureDirectoryImage } from '../templates/runtime-images';

/**
 * `berth/nettools`: iptables and iproute2 from Debian on the base image, for the container that
 * installs the app firewall on a remote host (lib/docker/nettools-container.ts). Built on this
 * machine like the add-on images (tagged with the hash of its build directory, rebuilt when that
 * changes) and carried to remote hosts through the registry like an app image.
 */
export const NETTOOLS_IMAGE = 'berth/nettools';

export function nettoolsImageDir(): string {
  const here = typeof import.meta.dirname === 'string' ? import.meta.dirname : '';
  if (here && existsSync(path.join(here, 'nettools'))) return path.join(here, 'nettools');
  return path.join(process.cwd(), 'lib', 'firewall', 'nettools');
}

/** Builds it on this machine unless it exists with the hash of its build directory. */
export function ensureNettoolsImage(
  options: { rebuild?: boolean; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  return ensureDirectoryImage(NETTOOLS_IMAGE, nettoolsImageDir(), options);
}

/**
 * Makes the current nettools image present on `host` and returns its reference there: the hash
 * tag, so a host never runs an outdated one kept under `latest`.
 */
export async function ensureNettoolsOnHost(host: Pick<Host, 'id' | 'name' | 'dockerUrl' | 'tls' | 'sshHostKey' | 'isLocal'>): Promise<string> {
  await ensureNettoolsImage();
  const image = `${NETTOOLS_IMAGE}:${await directoryHash(nettoolsImageDir())}`;
  await ensureImageOnHost(image, host);
  return image;
}
