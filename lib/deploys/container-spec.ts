import type Docker from 'dockerode';
import { berthLabels } from '../docker/labels';
import { CONTAINER_PORT } from './container-name';

/**
 * The container an instance runs as (pure, unit-tested). Limits come from the tier; security is
 * fixed: not privileged, every capability dropped (runtime images run as a non-root user on an
 * unprivileged port, so they need none), no-new-privileges, no host namespaces, no binds, no
 * Docker socket. The port is published on the host's address only (127.0.0.1 locally).
 */
export type ContainerSpecInput = {
  name: string;
  image: string;
  app: string;
  appId: string;
  releaseId: string;
  version: number;
  instanceId: string;
  processType: string;
  /** Shell command from the Procfile for non-web processes; web runs the image's CMD. */
  command?: string | null;
  env: Record<string, string>;
  cpu: number;
  memoryMb: number;
  hostAddress: string;
  hostPort: number | null;
  /** The app's own Docker network (lib/docker/networks.ts): no other app is reachable from it. */
  network: string;
};

export function containerSpec(input: ContainerSpecInput): Docker.ContainerCreateOptions {
  const env: Record<string, string> = {
    ...input.env,
    PORT: String(CONTAINER_PORT),
    BERTH_APP: input.app,
    BERTH_RELEASE: `v${input.version}`,
    BERTH_PROCESS: input.processType,
    DYNO: `${input.processType}.${input.instanceId.slice(-6)}`,
  };
  const memory = input.memoryMb * 1024 * 1024;
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
      instance: input.instanceId,
      processType: input.processType,
    }),
    StopSignal: 'SIGTERM',
    HostConfig: {
      NanoCpus: input.cpu * 1_000_000,
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: input.network,
      IpcMode: 'private',
      PidMode: '',
      ReadonlyRootfs: false,
      Binds: [],
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '3' } },
      ...(exposed
        ? { PortBindings: { [`${CONTAINER_PORT}/tcp`]: [{ HostIp: input.hostAddress, HostPort: String(input.hostPort) }] } }
        : {}),
    },
  };
}
