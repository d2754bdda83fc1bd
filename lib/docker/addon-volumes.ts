import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { statusCodeOf } from './containers';
import { berthLabels } from './labels';

/** Named volumes of add-ons (their data): created before the container, removed with the add-on. */
const TIMEOUT_MS = 30_000;

export async function ensureNamedVolume(docker: Docker, name: string, labels: { appId: string; addonId: string }): Promise<void> {
  const existing = await withTimeout(docker.getVolume(name).inspect(), TIMEOUT_MS, `inspect volume ${name}`).catch((error: unknown) =>
    statusCodeOf(error) === 404 ? null : Promise.reject(error),
  );
  if (existing) return;
  await withTimeout(
    docker.createVolume({ Name: name, Labels: { ...berthLabels({ appId: labels.appId }), 'berth.addon': labels.addonId } }),
    TIMEOUT_MS,
    `create volume ${name}`,
  );
}

/** Removes a named volume (no-op when missing). The container using it must be gone. */
export async function removeNamedVolume(docker: Docker, name: string): Promise<void> {
  await withTimeout(docker.getVolume(name).remove(), TIMEOUT_MS, `remove volume ${name}`).catch((error: unknown) =>
    statusCodeOf(error) === 404 ? undefined : Promise.reject(error),
  );
}
