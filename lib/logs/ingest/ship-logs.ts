import type { Clock } from '../../background/clock';
import { startLoop } from '../../background/loop';
import type { Host } from '../../db';
import { containerNameOf, listBerthContainers, statusCodeOf } from '../../docker/containers';
import { addonContainerOwner, containerOwner } from '../../docker/container-owner';
import { dockerForHost, streamDocker } from '../../docker/host-client';
import { describeError } from '../../errors';
import { observedHosts } from '../../hosts/observed-hosts';
import { followContainerLog } from './follow-container-log';
import { LogCursors } from './log-cursor';
import { LogFollows } from './log-follows';
import { LogWriter } from './log-writer';

/**
 * Ships every app container's stdout/stderr into LogLine (containers of this installation that
 * carry `berth.instance`; build containers only inherit the image's app/build labels), and every
 * add-on container's (`berth.addon`: its server log, stored with `addonId` for the Add-ons tab).
 * A scan (a loop: every few seconds, or at once after a Docker event via `poke`) lists this
 * installation's containers on each observed host and follows the log of each one not already
 * followed (followContainerLog), resuming after the last stored line (LogCursors); stopped
 * containers are drained once (LogFollows), so a crashed container's last lines are stored even
 * if it is removed right after. Idempotent: restarting the shipper never duplicates lines.
 */
export type LogShipper = {
  /** Scan now (a container started or died). */
  poke(): void;
  /** Resolves after a scan that started after this call, and a flush of what was read. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

export type LogShipperOptions = {
  scanIntervalMs?: number;
  hosts?: () => Promise<Host[]>;
  clock?: Clock;
};

type Shipping = {
  writer: LogWriter;
  cursors: LogCursors;
  follows: LogFollows;
  /** Aborts every follow when the shipper closes. */
  signal: AbortSignal;
};

export function startLogShipper(opts: LogShipperOptions = {}): LogShipper {
  const stop = new AbortController();
  const shipping: Shipping = {
    writer: new LogWriter(),
    cursors: new LogCursors(),
    follows: new LogFollows(opts.clock),
    signal: stop.signal,
  };
  const scans = startLoop({
    name: 'logs',
    intervalMs: opts.scanIntervalMs ?? 2_000,
    clock: opts.clock,
    onError: (error) => console.error(`[logs] scan failed: ${describeError(error)}`),
    run: async () => scanHosts(await (opts.hosts ?? observedHosts)(), shipping),
  });

  return {
    poke: scans.wake,
    settle: async () => {
      await scans.next();
      await shipping.writer.flush();
    },
    close: async () => {
      stop.abort();
      await scans.close();
      await shipping.follows.settled();
      await shipping.writer.flush();
    },
  };
}

/** One scan of every observed host; cursors of containers gone everywhere are forgotten. */
async function scanHosts(hosts: Host[], shipping: Shipping): Promise<void> {
  shipping.follows.stopHostsOtherThan(new Set(hosts.map((h) => h.id)));
  const names = new Set<string>();
  let complete = true;
  await Promise.all(
    hosts.map((host) =>
      scanHost(host, shipping, names).catch((error) => {
        complete = false;
        console.error(`[logs] host ${host.name}: ${describeError(error)}`);
      }),
    ),
  );
  // A full scan only: an unreachable host's containers still exist and keep their cursors.
  if (complete) shipping.cursors.keepOnly(names);
}

/** Lists one host's instance and add-on containers and starts a follow for each that needs one. */
async function scanHost(host: Host, shipping: Shipping, names: Set<string>): Promise<void> {
  const docker = dockerForHost(host);
  const [instances, addons] = await Promise.all([
    listBerthContainers(docker, { instancesOnly: true }),
    listBerthContainers(docker, { addonsOnly: true }),
  ]);
  const containers = [...instances, ...addons];
  const isAddon = new Set(addons.map((c) => c.Id));
  for (const info of containers) {
    const name = containerNameOf(info);
    names.add(name);
    if (!shipping.follows.wants(info)) continue;
    const owner = await (isAddon.has(info.Id) ? addonContainerOwner : containerOwner)(info.Id);
    if (!owner) {
      shipping.follows.passOver(host.id, info);
      continue;
    }
    shipping.follows.start(host.id, info, shipping.signal, async (signal) => {
      try {
        const cursor = await shipping.cursors.get(owner.instanceName);
        await followContainerLog(streamDocker(host), info.Id, owner, cursor, shipping.writer, signal);
      } catch (error) {
        // 404/409: the container is gone or being removed; what it printed was read before.
        const status = statusCodeOf(error);
        if (!signal.aborted && status !== 404 && status !== 409) console.error(`[logs] ${name}: ${describeError(error)}`);
      }
    });
  }
  shipping.follows.forgetGone(host.id, new Set(containers.map((c) => c.Id)));
}
