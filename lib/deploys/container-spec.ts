import type Docker from 'dockerode';
import { berthLabels } from '../docker/labels';
import { volumeMounts, type VolumeMount } from '../docker/volumes';
import { cpuSharesFor, type TierResources } from '../model/tiers';
import { CONTAINER_PORT } from './container-name';

/**
 * The container an instance (or a one-off such as the release phase) runs as (pure,
 * unit-tested). Resources come from the tier with Kubernetes semantics: `CpuShares` proportional
 * to the CPU request and `MemoryReservation` = the memory request (what the instance gets under
 * contention), `NanoCpus` from the CPU limit (none: shares only) and `Memory` = the memory limit
 * (what cgroups enforce). Security is fixed: not privileged, every capability dropped (runtime
 * images run as a non-root user on an unprivileged port, so they need none), no-new-privileges,
 * no host namespaces, no host binds, no Docker socket; the app's named volumes (lib/volumes) are
 * its only mounts. The port is published on the host's address
 * only (127.0.0.1 locally).
 */
export type ContainerSpecInput = {
  name: string;
  image: string;
  app: string;
  appId: string;
  releaseId: string;
  version: number;
  /** The Instance row; null for a one-off container (no berth.instance label: not an instance). */
  instanceId: string | null;
  processType: string;
  /** Shell command from the Procfile for non-web processes; web runs the image's CMD. */
  command?: string | null;
  env: Record<string, string>;
  resources: TierResources;
  /** The CPU limit it starts with, above the tier's while it boots (cpu-boost.ts); default the tier's. */
  startupCpuLimit?: number | null;
  hostAddress: string;
  hostPort: number | null;
  /** The app's own Docker network (lib/docker/networks.ts): no other app is reachable from it. */
  network: string;
  /** The app's named volumes, mounted read-write at their paths (none: no mounts). */
  volumes?: readonly VolumeMount[];
};

export function containerSpec(input: ContainerSpecInput): Docker.ContainerCreateOptions {
  const oneOff = input.instanceId === null;
  const env: Record<string, string> = {
    ...input.env,
    PORT: String(CONTAINER_PORT),
    BERTH_APP: input.app,
    BERTH_RELEASE: `v${input.version}`,
    BERTH_PROCESS: input.processType,
    DYNO: oneOff ? `${input.processType}.1` : `${input.processType}.${input.instanceId!.slice(-6)}`,
  };
  const { resources } = input;
  const memory = resources.memoryLimitMb * 1024 * 1024;
  const exposed = input.hostPort !== null;
  return {
    name: input.name,
    Image: input.image,
    Env: Object.entries(env).map(([k, v]) => `${k}=${v}`),
    ...(input.command ? { Cmd: ['/bin/sh', '-c', input.command] } : {}),
    ...(exposed ? { ExposedPorts: { [`${CONTAINER_PORT}/tcp`]: {} } } : {}),
    Labels: berthLabels({
      app: input.app,
      appId: input.appId,
      release: input.releaseId,
      version: String(input.version),
      instance: input.instanceId ?? undefined,
      processType: input.processType,
    }),
    StopSignal: 'SIGTERM',
    HostConfig: {
      CpuShares: cpuSharesFor(resources.cpuRequest),
      ...(resources.cpuLimit !== null ? { NanoCpus: (input.startupCpuLimit ?? resources.cpuLimit) * 1_000_000 } : {}),
      Memory: memory,
      MemorySwap: memory,
      MemoryReservation: Math.min(resources.memoryRequestMb, resources.memoryLimitMb) * 1024 * 1024,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: input.network,
      IpcMode: 'private',
      PidMode: '',
      ReadonlyRootfs: false,
      Binds: [],
      ...(input.volumes?.length ? { Mounts: volumeMounts(input.volumes) } : {}),
      // web is restarted whatever its exit; another type that exits 0 is done (EXITED, not
      // restarted: no crash loop), one that fails is restarted with Docker's back-off; a one-off
      // runs once.
      RestartPolicy: oneOff
        ? { Name: 'no', MaximumRetryCount: 0 }
        : input.processType === 'web'
          ? { Name: 'unless-stopped', MaximumRetryCount: 0 }
          : { Name: 'on-failure', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      ...(exposed
        ? { PortBindings: { [`${CONTAINER_PORT}/tcp`]: [{ HostIp: input.hostAddress, HostPort: String(input.hostPort) }] } }
        : {}),
    },
  };
}
