import type Docker from 'dockerode';
import { berthLabels, LABEL } from '../docker/labels';
import { cpuSharesFor } from '../model/tiers';
import { ADDON_KINDS, type AddonType } from './catalogue';
import type { AddonCredentials } from './credentials';

/** Label carrying the add-on id on its container and volume (Hosts page, repair, strays). */
export const ADDON_LABEL = LABEL.addon;

export type AddonSpecInput = {
  addonId: string;
  type: AddonType;
  app: string;
  appId: string;
  containerName: string;
  volumeName: string;
  network: string;
  credentials: AddonCredentials;
  cpuRequest: number;
  cpuLimit: number | null;
  memoryRequestMb: number;
  memoryLimitMb: number;
};

/**
 * The add-on's container (pure). Hardened like app instances: the server runs as its package's
 * unprivileged user, so every capability is dropped; no-new-privileges, limits from the add-on's
 * requests/limits, on the app's own network only and nothing published on the host. The named
 * volume holds its data; Docker restarts it unless stopped (reconcile repairs the rest).
 */
export function addonContainerSpec(input: AddonSpecInput): Docker.ContainerCreateOptions {
  const kind = ADDON_KINDS[input.type];
  const memory = input.memoryLimitMb * 1024 * 1024;
  return {
    name: input.containerName,
    Image: `${kind.image}:latest`,
    Hostname: input.containerName,
    Env: [
      `BERTH_ADDON_USER=${input.credentials.user}`,
      `BERTH_ADDON_PASSWORD=${input.credentials.password}`,
      `BERTH_ADDON_DATABASE=${input.credentials.database}`,
    ],
    Labels: { ...berthLabels({ app: input.app, appId: input.appId }), [ADDON_LABEL]: input.addonId, 'berth.addon-type': input.type },
    HostConfig: {
      CpuShares: cpuSharesFor(input.cpuRequest),
      ...(input.cpuLimit !== null ? { NanoCpus: input.cpuLimit * 1_000_000 } : {}),
      Memory: memory,
      MemorySwap: memory,
      MemoryReservation: Math.min(input.memoryRequestMb, input.memoryLimitMb) * 1024 * 1024,
      PidsLimit: 512,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: input.network,
      IpcMode: 'private',
      ShmSize: 128 * 1024 * 1024,
      Mounts: [{ Type: 'volume', Source: input.volumeName, Target: kind.dataDir }],
      PortBindings: {},
      PublishAllPorts: false,
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
    },
  };
}
