import type Docker from 'dockerode';
import type { IptablesRunner } from '../net/iptables';
import { withTimeout } from './connect';
import { execInContainer } from './container-exec';
import { statusCodeOf } from './containers';
import { berthLabels } from './labels';

/**
 * A short-lived container in a Docker host's own network namespace, for what Berth must do on
 * that host's network but can only reach through the Docker API (a remote engine: tcp://,
 * ssh://): install the app firewall's iptables rules and read the host's addresses and resolvers.
 *
 * It can do exactly that and little more: host network (the host's interfaces and netfilter),
 * `UsernsMode: host` (an engine with userns-remap would otherwise give it a user namespace that
 * owns nothing of the host's network), only NET_ADMIN and NET_RAW, read-only root filesystem,
 * no-new-privileges, the host's resolv.conf files bind-mounted read-only, pids and memory
 * limits. Its process is `sleep <lifetime>`, so it ends by itself even if Berth dies mid-way
 * (AutoRemove then deletes it); normally it is removed at once. Every command is an exec with an
 * argv array; data (iptables-restore input) goes on stdin, never into a shell string.
 */

/** Where the host's resolver files appear inside the container. */
const RESOLV_CONF = '/host/resolv.conf';
const SYSTEMD_RESOLVE_DIR = '/host/systemd-resolve';
const LIFETIME_SECONDS = 120;
const CALL_TIMEOUT_MS = 20_000;

export type HostNetns = {
  /** iptables of the host's namespace, on the backend (nft or legacy) its engine uses. */
  iptables: IptablesRunner;
  /** `ip -o -4 addr show` in the host's namespace. */
  ipAddr(): Promise<string>;
  /** The host's /etc/resolv.conf, and systemd-resolved's upstream list ('' when it has none). */
  resolvConf(): Promise<{ etc: string; systemd: string }>;
};

/** Pure: the container's create options (unit-tested: the privileges are the point). */
export function nettoolsContainerSpec(image: string, opts: { systemdResolve: boolean }): Docker.ContainerCreateOptions {
  return {
    Image: image,
    Cmd: ['sleep', String(LIFETIME_SECONDS)],
    User: '0:0',
    Labels: berthLabels({ nettools: 'app-firewall' }),
    HostConfig: {
      NetworkMode: 'host',
      UsernsMode: 'host',
      CapDrop: ['ALL'],
      CapAdd: ['NET_ADMIN', 'NET_RAW'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      // iptables-legacy takes its lock in /run; nothing else is written.
      Tmpfs: { '/run': 'rw,noexec,nosuid,size=1m', '/tmp': 'rw,noexec,nosuid,size=1m' },
      Mounts: [
        { Type: 'bind', Source: '/etc/resolv.conf', Target: RESOLV_CONF, ReadOnly: true },
        ...(opts.systemdResolve ? [{ Type: 'bind' as const, Source: '/run/systemd/resolve', Target: SYSTEMD_RESOLVE_DIR, ReadOnly: true }] : []),
      ],
      PidsLimit: 64,
      Memory: 128 * 1024 * 1024,
      AutoRemove: true,
      RestartPolicy: { Name: 'no' },
    },
  };
}

/**
 * Pure: which iptables backend the host uses, as Kubernetes' iptables-wrapper decides it: the
 * one holding more rules (Docker's own chains are there); nft when neither holds any (Debian's
 * default since bullseye).
 */
export function pickIptablesBackend(legacySave: string, nftSave: string): 'legacy' | 'nft' {
  const rules = (text: string) => text.split('\n').filter((line) => line.startsWith('-')).length;
  return rules(legacySave) > rules(nftSave) ? 'legacy' : 'nft';
}

/** Runs `fn` with a nettools container on `docker`'s host; the container is removed afterwards. */
export async function withHostNetns<T>(docker: Docker, image: string, fn: (netns: HostNetns) => Promise<T>): Promise<T> {
  const container = await createNettools(docker, image);
  try {
    await withTimeout(container.start(), CALL_TIMEOUT_MS, 'start nettools container');
    const exec = async (argv: string[], stdin?: string): Promise<string> => {
      const result = await execInContainer(docker, container.id, argv, { timeoutMs: CALL_TIMEOUT_MS, stdin });
      if (result.exitCode !== 0) throw new Error(`${argv.join(' ')}: ${result.stderr.trim() || `exit ${result.exitCode}`}`);
      return result.stdout;
    };
    const save = (backend: string) => exec([`iptables-${backend}-save`]).catch(() => '');
    const backend = pickIptablesBackend(await save('legacy'), await save('nft'));
    const iptables: IptablesRunner = {
      iptables: (args) =>
        exec([`iptables-${backend}`, ...args]).catch((error: Error) => Promise.reject(new Error(`on the host: ${error.message}`))),
      restore: async (input) => void (await exec([`iptables-${backend}-restore`, '--noflush', '-w', '10'], input)),
    };
    return await fn({
      iptables,
      ipAddr: () => exec(['ip', '-o', '-4', 'addr', 'show']),
      resolvConf: async () => ({
        etc: await exec(['cat', RESOLV_CONF]).catch(() => ''),
        systemd: await exec(['cat', `${SYSTEMD_RESOLVE_DIR}/resolv.conf`]).catch(() => ''),
      }),
    });
  } finally {
    await withTimeout(container.remove({ force: true }), CALL_TIMEOUT_MS, 'remove nettools container').catch((error: unknown) => {
      // Gone already (AutoRemove after it stopped) or being removed: nothing left to do.
      if (![404, 409].includes(statusCodeOf(error) ?? 0)) console.error(`[nettools] could not remove ${container.id}: ${String(error)}`);
    });
  }
}

/** Hosts with systemd-resolved get its upstream list mounted too; elsewhere that path is missing and the engine refuses the mount. */
async function createNettools(docker: Docker, image: string): Promise<Docker.Container> {
  const create = (systemdResolve: boolean) =>
    withTimeout(docker.createContainer(nettoolsContainerSpec(image, { systemdResolve })), CALL_TIMEOUT_MS, 'create nettools container');
  return create(true).catch((error: unknown) =>
    statusCodeOf(error) === 400 && /systemd\/resolve/.test(String((error as Error).message)) ? create(false) : Promise.reject(error),
  );
}
