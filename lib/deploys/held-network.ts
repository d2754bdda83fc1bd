import type Docker from 'dockerode';
import { config } from '../config';
import { describeError } from '../errors';
import { createContainer, inspectContainer, removeContainer, startContainer, type ContainerCreateSpec, type ContainerDetails } from '../docker/containers';
import { berthLabels, LABEL } from '../docker/labels';
import { CONTAINER_PORT } from './container-name';

/**
 * A sleeping app keeps its network, so that its wake is the start of one process container and
 * nothing else. On this engine a container start that makes a network namespace costs ~0.55–0.9 s
 * (Docker re-executes itself as an OCI hook to attach the namespace, moves a veth in, programs the
 * published port and the embedded DNS in iptables); a container that joins a running one's
 * namespace (`NetworkMode: container:<holder>`) starts in ~0.15–0.25 s (docs/benchmarks.md, Wake).
 * That is Kubernetes' pod sandbox ("pause" container), kept only for sleeping apps:
 *
 * - going to sleep (stopInstance with `keep`), a web instance's stopped container is replaced by
 *   one made from the same spec but joined to a *holder*: a container that only sleeps, in the
 *   app's own network, publishing the instance's host port, in a tight cage (16 MB, a quarter core at the lowest CPU weight,
 *   4 pids, no capabilities, read-only root, nobody). Its reservation is freed as before; its port
 *   stays taken (lib/scheduler/reserve.ts counts a sleeping app's kept port as held).
 * - the wake (ensure-instance-container.ts) starts the joined container when the instance got the
 *   same host and port back and the holder still publishes exactly that; anything else removes both
 *   and creates the container as for any deploy.
 * - the joined container stays joined while the app is awake; whoever removes the instance's
 *   container removes its holder too (`removeWithHolder`), and the reconciler removes a holder
 *   whose container is gone (`isOrphanHolder`).
 *
 * The holder runs the release's own image (on the host already, pinned by the kept container), with
 * `sleep` as its entrypoint: a developer who replaced `sleep` in their image runs their own code in
 * that cage, in their own app's network, which harms no other app.
 */
export const holderNameOf = (containerName: string) => `${containerName}-net`;

/**
 * A holder made ahead for a new app (network-pool.ts), while no app has taken it: named by the app
 * id it will give, so the app's spare lookup (spare-network.ts) finds it under that id.
 */
export const poolHolderNameOf = (appId: string) => `berth-${config().BERTH_INSTALLATION}-pool-${appId}`;

const HOLDER_MEMORY = 16 * 1024 * 1024;

/** The holder's spec (pure, unit-tested): the app's network and the instance's published port. */
export function holderSpec(input: {
  containerName: string;
  image: string;
  appId: string;
  instanceId: string;
  network: string;
  hostAddress: string;
  hostPort: number;
}): ContainerCreateSpec {
  return {
    name: holderNameOf(input.containerName),
    Image: input.image,
    Entrypoint: ['sleep'],
    Cmd: ['infinity'],
    User: '65534:65534',
    Env: [],
    ExposedPorts: { [`${CONTAINER_PORT}/tcp`]: {} },
    // berth.app emptied: the release image carries it (its build labels the image), and a
    // container inherits its image's labels — a holder is not one of the app's containers.
    Labels: { ...berthLabels({ appId: input.appId, holds: input.instanceId }), [LABEL.app]: '' },
    StopSignal: 'SIGKILL',
    HostConfig: {
      NetworkMode: input.network,
      PortBindings: { [`${CONTAINER_PORT}/tcp`]: [{ HostIp: input.hostAddress, HostPort: String(input.hostPort) }] },
      Memory: HOLDER_MEMORY,
      MemorySwap: HOLDER_MEMORY,
      // Idle `sleep` uses no CPU; the cap is for an image whose `sleep` is something else. Not
      // lower: the container's own setup (runc init) runs under it, and at 1 % of a core its start
      // took 4.2 s instead of 0.85 s (0.1 core: 0.95 s).
      NanoCpus: 250_000_000,
      CpuShares: 2,
      PidsLimit: 4,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      IpcMode: 'private',
      Binds: [],
      // Back after an engine restart, so the kept container still has a namespace to join.
      RestartPolicy: { Name: 'unless-stopped', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '64k', 'max-file': '1' } },
    },
  };
}

/**
 * The instance's spec joined to its holder (pure): same process, limits, env, volumes; the network
 * and the port are the holder's (Docker refuses ports on a joined container).
 */
export function joinedSpec(spec: ContainerCreateSpec): ContainerCreateSpec {
  const { ExposedPorts: _exposed, HostConfig, ...rest } = spec;
  const { PortBindings: _ports, ...hostConfig } = HostConfig ?? {};
  return { ...rest, HostConfig: { ...hostConfig, NetworkMode: `container:${holderNameOf(spec.name!)}` } };
}

export const isJoined = (info: Pick<ContainerDetails, 'HostConfig'>) => (info.HostConfig.NetworkMode ?? '').startsWith('container:');

/** Docker keeps the joined namespace by the holder's id: a holder made again later is another one. */
const joinedTo = (info: Pick<ContainerDetails, 'HostConfig'>, holder: Pick<ContainerDetails, 'Id'>) =>
  info.HostConfig.NetworkMode === `container:${holder.Id}`;

/**
 * Whether `holder` is the one `joined` was made with, this instance's, and publishes exactly
 * host:port (running or not: it can be started).
 */
export function holderServes(
  joined: Pick<ContainerDetails, 'HostConfig'>,
  holder: ContainerDetails | null,
  want: { instanceId: string; hostAddress: string; hostPort: number },
): boolean {
  if (!holder || !joinedTo(joined, holder) || holder.Config.Labels?.[LABEL.holds] !== want.instanceId) return false;
  return publishes(holder, want);
}

/** Whether a holder publishes the instance port on exactly host:port. */
export function publishes(holder: Pick<ContainerDetails, 'HostConfig'>, at: { hostAddress: string; hostPort: number }): boolean {
  const bound = holder.HostConfig.PortBindings?.[`${CONTAINER_PORT}/tcp`]?.[0];
  return bound?.HostIp === at.hostAddress && bound?.HostPort === String(at.hostPort);
}

/**
 * Replaces a stopped instance container by the same one joined to a running holder. Best effort:
 * on any failure the holder goes and the instance keeps (or, if removed already, gets at the wake)
 * an ordinary container. Idempotent: an instance already joined to its serving holder is left.
 * Returns the id of the instance's container from now on (a new one when it was replaced), or
 * null when the network could not be kept.
 */
export async function holdNetwork(
  docker: Docker,
  input: { containerName: string; instanceId: string; hostAddress: string; hostPort: number; spec: ContainerCreateSpec; holder: ContainerCreateSpec },
): Promise<string | null> {
  try {
    const current = await inspectContainer(docker, input.containerName);
    const holder = await inspectContainer(docker, holderNameOf(input.containerName));
    if (current && holderServes(current, holder, input)) {
      await startContainer(docker, holder!.Id);
      return current.Id;
    }
    if (holder) await removeContainer(docker, holder.Id, { missingOk: true });
    const made = await createContainer(docker, input.holder);
    await startContainer(docker, made.Id);
    if (current) await removeContainer(docker, current.Id, { missingOk: true });
    return (await createContainer(docker, input.spec)).Id;
  } catch (error) {
    console.warn(`[deploys] could not keep the network of ${input.containerName}: ${describeError(error)}`);
    await removeContainer(docker, holderNameOf(input.containerName), { missingOk: true }).catch(() => undefined);
    return null;
  }
}

/** Removes an instance's container and its holder, if it has one. */
export async function removeWithHolder(docker: Docker, containerName: string, opts: { missingOk?: boolean } = {}): Promise<void> {
  await removeContainer(docker, containerName, opts);
  await removeContainer(docker, holderNameOf(containerName), { missingOk: true });
}

/** A holder whose instance container is gone from its engine (`exists`: is that name there). */
export function isOrphanHolder(info: { Labels?: Record<string, string>; Names: string[] }, exists: (name: string) => boolean): boolean {
  if (!info.Labels?.[LABEL.holds]) return false;
  const name = info.Names[0]?.replace(/^\//, '') ?? '';
  return name.endsWith('-net') && !exists(name.slice(0, -'-net'.length));
}
