import type Docker from 'dockerode';
import type { Host } from '../db';
import { containerNameOf, followContainerLogs, listBerthContainers } from '../docker/containers';
import { containerOwner } from '../docker/container-owner';
import { dockerForHost, streamDocker } from '../docker/host-client';
import { observedHosts } from '../hosts/observed-hosts';
import { LogFrameParser } from './docker-log-frames';
import { LogCursor } from './log-cursor';
import { LogWriter } from './log-writer';

/**
 * Ships every app container's stdout/stderr into LogLine (containers of this installation that
 * carry `berth.instance`; build containers only inherit the image's app/build labels). A scan (every few seconds, or at once
 * after a Docker event) lists this installation's containers on each observed host and follows
 * the log of each one not already followed, resuming after the last stored line; stopped
 * containers are drained once, so a crashed container's last lines are stored even if it is
 * removed right after. Idempotent: restarting the shipper never duplicates lines.
 */
export type LogShipper = {
  /** Scan now (a container started or died). */
  poke(): void;
  /** Resolves after the next complete scan and a flush of what it read. */
  settle(): Promise<void>;
  close(): Promise<void>;
};

export type LogShipperOptions = {
  scanIntervalMs?: number;
  hosts?: () => Promise<Host[]>;
};

const DRAIN_AGAIN_MS = 30_000;

export function startLogShipper(opts: LogShipperOptions = {}): LogShipper {
  const writer = new LogWriter();
  const abort = new AbortController();
  // containerId → its follow loop; aborted on its own when its host stops being observed
  // (unreachable: a half-open connection would otherwise block re-following it forever).
  const following = new Map<string, { hostId: string; stop: AbortController; done: Promise<void> }>();
  const drainedAt = new Map<string, number>(); // stopped containers already read to the end
  const cursors = new Map<string, LogCursor>(); // by container name (= Instance.containerName)
  let timer: NodeJS.Timeout | undefined;
  let scanning: Promise<void> | null = null;
  let again = false;

  async function scanHost(host: Host, names: Set<string>) {
    const containers = await listBerthContainers(dockerForHost(host), { instancesOnly: true });
    const seen = new Set<string>();
    for (const info of containers) {
      seen.add(info.Id);
      names.add(containerNameOf(info));
      if (following.has(info.Id)) continue;
      const running = info.State === 'running' || info.State === 'restarting';
      if (running) drainedAt.delete(info.Id);
      else if (Date.now() - (drainedAt.get(info.Id) ?? 0) < DRAIN_AGAIN_MS) continue;
      const name = containerNameOf(info);
      const owner = await containerOwner(info.Id, info.Labels, name);
      if (!owner) continue;
      const stopOne = new AbortController();
      const signal = AbortSignal.any([abort.signal, stopOne.signal]);
      const run = follow(streamDocker(host), info.Id, owner, signal)
        .catch((error) => {
          // 404/409: the container is gone or being removed; what it printed was read before.
          const status = (error as { statusCode?: number }).statusCode;
          if (!signal.aborted && status !== 404 && status !== 409) {
            console.error(`[logs] ${name}: ${(error as Error).message}`);
          }
        })
        .finally(() => {
          following.delete(info.Id);
          if (!running) drainedAt.set(info.Id, Date.now());
        });
      following.set(info.Id, { hostId: host.id, stop: stopOne, done: run });
    }
    for (const id of drainedAt.keys()) if (!seen.has(id)) drainedAt.delete(id);
  }

  async function follow(
    docker: Docker,
    containerId: string,
    owner: NonNullable<Awaited<ReturnType<typeof containerOwner>>>,
    signal: AbortSignal,
  ) {
    let cursor = cursors.get(owner.instanceName);
    if (!cursor) {
      cursor = await LogCursor.load(owner.instanceName);
      cursors.set(owner.instanceName, cursor);
    }
    const since = cursor.startReplay();
    const stream = await followContainerLogs(docker, containerId, { since, signal });
    const parser = new LogFrameParser();
    const take = (lines: ReturnType<LogFrameParser['push']>) => {
      for (const line of lines) {
        if (!cursor.accept(line)) continue;
        writer.add({
          appId: owner.appId,
          instanceId: owner.instanceId,
          instanceName: owner.instanceName,
          stream: line.stream,
          line: line.line,
          ts: line.ts,
        });
      }
    };
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => take(parser.push(chunk)));
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', (error: Error) => (signal.aborted ? resolve() : reject(error)));
    });
    take(parser.flush());
    await writer.flush();
  }

  async function scan() {
    const hosts = await (opts.hosts ?? observedHosts)();
    const hostIds = new Set(hosts.map((h) => h.id));
    for (const f of following.values()) if (!hostIds.has(f.hostId)) f.stop.abort();
    const names = new Set<string>();
    let complete = true;
    await Promise.all(
      hosts.map((host) =>
        scanHost(host, names).catch((error) => {
          complete = false;
          console.error(`[logs] host ${host.name}: ${(error as Error).message}`);
        }),
      ),
    );
    // Forget cursors of containers that are gone everywhere (a full scan only: an unreachable
    // host's containers still exist and keep theirs).
    if (complete) for (const name of cursors.keys()) if (!names.has(name)) cursors.delete(name);
  }

  function runScan(): Promise<void> {
    if (scanning) {
      again = true;
      return scanning;
    }
    scanning = scan()
      .catch((error) => console.error('[logs] scan failed:', (error as Error).message))
      .finally(() => {
        scanning = null;
        if (again && !abort.signal.aborted) {
          again = false;
          void runScan();
        }
      });
    return scanning;
  }

  function loop() {
    if (abort.signal.aborted) return;
    void runScan().finally(() => {
      if (!abort.signal.aborted) timer = setTimeout(loop, opts.scanIntervalMs ?? 2_000);
    });
  }
  loop();

  return {
    poke: () => void runScan(),
    settle: async () => {
      await runScan();
      await writer.flush();
    },
    close: async () => {
      abort.abort();
      clearTimeout(timer);
      await Promise.allSettled([...following.values()].map((f) => f.done));
      await writer.flush();
    },
  };
}
