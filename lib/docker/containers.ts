import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { installationLabelFilter } from './labels';

/**
 * Container calls Berth makes, in one place: listing this installation's containers, inspect,
 * create/start/stop/remove, stats and logs. Callers pass the client for a host (host-client.ts);
 * nothing outside lib/docker calls dockerode methods.
 */
export type ContainerSummary = Docker.ContainerInfo;
export type ContainerDetails = Docker.ContainerInspectInfo;
export type ContainerCreateSpec = Docker.ContainerCreateOptions;

export const statusCodeOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;
const ignore = (...codes: number[]) => (error: unknown) =>
  codes.includes(statusCodeOf(error) ?? 0) ? undefined : Promise.reject(error);

/** The container's name as Berth gave it (Instance.containerName); its short id when it has none. */
export function containerNameOf(info: Pick<ContainerSummary, 'Names' | 'Id'>): string {
  return info.Names[0]?.replace(/^\//, '') ?? info.Id.slice(0, 12);
}

export type ListOptions = {
  /** Stopped ones too (default). */
  all?: boolean;
  /** Only running ones. */
  running?: boolean;
  /** Only app instance containers (label berth.instance), not build step containers. */
  instancesOnly?: boolean;
  /** Only add-on containers (label berth.addon). */
  addonsOnly?: boolean;
  /** Only this app's. */
  appId?: string;
};

/** This installation's containers on one engine, found by label. */
export async function listBerthContainers(docker: Docker, opts: ListOptions = {}): Promise<ContainerSummary[]> {
  return docker.listContainers({
    all: opts.running ? false : (opts.all ?? true),
    filters: {
      label: installationLabelFilter({ instancesOnly: opts.instancesOnly, addonsOnly: opts.addonsOnly, appId: opts.appId }),
      ...(opts.running ? { status: ['running'] } : {}),
    },
  });
}

/** The container by name or id, or null when the engine does not know it. */
export async function inspectContainer(
  docker: Docker,
  nameOrId: string,
  timeoutMs?: number,
): Promise<ContainerDetails | null> {
  try {
    const call = docker.getContainer(nameOrId).inspect();
    return await (timeoutMs ? withTimeout(call, timeoutMs, 'docker inspect') : call);
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

/** Creates a container and returns what the engine made of it. */
export async function createContainer(docker: Docker, spec: ContainerCreateSpec): Promise<ContainerDetails> {
  return (await docker.createContainer(spec)).inspect();
}

/** Starts a container; one already running is fine. */
export async function startContainer(docker: Docker, id: string): Promise<void> {
  await docker.getContainer(id).start().catch(ignore(304));
}

/**
 * Running and not restarted since `restartsBefore` (its RestartCount when we started it), or why
 * not ("out of memory", "exit code 1") and its exit code. A container the restart policy already
 * brought back after a crash counts as dead: waiting on it would only wait out the health-check
 * deadline of a process that keeps exiting.
 */
export async function containerLiveness(
  docker: Docker,
  id: string,
  restartsBefore = 0,
): Promise<{ alive: boolean; why?: string; exitCode?: number }> {
  const s = await docker.getContainer(id).inspect();
  const restarts = s.RestartCount - restartsBefore;
  if (s.State.Running && !s.State.Restarting && restarts <= 0) return { alive: true };
  if (s.State.Restarting) return { alive: false, why: `restarting after exit code ${s.State.ExitCode}` };
  // Running again after a restart: the engine has reset State.ExitCode to 0, so the code the
  // process exited with is only in the engine's "die" event.
  const exitCode = s.State.Running ? await lastDieExitCode(docker, id, s.Created) : s.State.ExitCode;
  const why = s.State.OOMKilled ? 'out of memory' : exitCode === undefined ? 'it exited' : `exit code ${exitCode}`;
  return {
    alive: false,
    why: restarts > 0 ? `${why}, restarted ${restarts}×` : why,
    exitCode: s.State.OOMKilled ? undefined : exitCode,
  };
}

/** The exit code of the container's last "die" event since `created`; undefined when not known within 2 s. */
async function lastDieExitCode(docker: Docker, id: string, created: string): Promise<number | undefined> {
  const signal = AbortSignal.timeout(2_000);
  try {
    const stream = (await docker.getEvents({
      since: Math.floor(Date.parse(created) / 1000),
      until: Math.ceil(Date.now() / 1000), // a bounded query: the stream ends at `until`
      filters: { type: ['container'], container: [id], event: ['die'] },
      abortSignal: signal,
    } as Parameters<Docker['getEvents']>[0])) as NodeJS.ReadableStream;
    let text = '';
    for await (const chunk of stream) text += chunk.toString();
    let code: number | undefined;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const value = Number((JSON.parse(line) as { Actor?: { Attributes?: { exitCode?: string } } }).Actor?.Attributes?.exitCode);
      if (Number.isInteger(value)) code = value;
    }
    return code;
  } catch {
    return undefined;
  }
}

/** Renames a container (a spare network holder taken by its instance: lib/deploys/spare-network.ts). */
export async function renameContainer(docker: Docker, nameOrId: string, name: string): Promise<void> {
  await docker.getContainer(nameOrId).rename({ name });
}

/** SIGTERM, `graceSeconds` to exit, then SIGKILL; stopped or missing containers are fine. */
export async function stopContainer(docker: Docker, nameOrId: string, graceSeconds: number): Promise<void> {
  await docker.getContainer(nameOrId).stop({ t: graceSeconds }).catch(ignore(304, 404));
}

/** Removes a container (killing it if it runs). `missingOk`: a 404 is success. */
export async function removeContainer(docker: Docker, nameOrId: string, opts: { missingOk?: boolean } = {}): Promise<void> {
  const call = docker.getContainer(nameOrId).remove({ force: true });
  await (opts.missingOk ? call.catch(ignore(404)) : call);
}

/** One stats sample (`docker stats --no-stream`), bounded by `timeoutMs`. */
export async function containerStats<T>(docker: Docker, id: string, timeoutMs: number): Promise<T> {
  return (await withTimeout(docker.getContainer(id).stats({ stream: false }), timeoutMs, 'docker stats')) as unknown as T;
}

/**
 * The container's multiplexed log stream with timestamps, following until it stops or `signal`
 * aborts; `since` (unix seconds) resumes. Use a client without a socket timeout (streamDocker).
 */
export async function followContainerLogs(
  docker: Docker,
  id: string,
  opts: { since?: number; signal: AbortSignal },
): Promise<NodeJS.ReadableStream> {
  return (await docker.getContainer(id).logs({
    follow: true,
    stdout: true,
    stderr: true,
    timestamps: true,
    ...(opts.since !== undefined ? { since: opts.since } : {}),
    abortSignal: opts.signal,
  } as Docker.ContainerLogsOptions & { follow: true })) as NodeJS.ReadableStream;
}

/** The engine's container event stream for this installation's instances, from `since`. */
export async function containerEvents(
  docker: Docker,
  opts: { since: number | string; signal: AbortSignal },
): Promise<NodeJS.ReadableStream> {
  return (await docker.getEvents({
    since: opts.since,
    filters: { type: ['container'], label: installationLabelFilter({ instancesOnly: true }) },
    abortSignal: opts.signal,
  } as Parameters<Docker['getEvents']>[0])) as NodeJS.ReadableStream;
}

/**
 * The last `lines` lines a container printed (stdout and stderr, in order), for failure messages.
 * Bounded by `timeoutMs`; an engine that does not answer gives no lines rather than an error.
 */
export async function containerLogTail(docker: Docker, id: string, lines: number, timeoutMs: number): Promise<string[]> {
  try {
    const raw = (await withTimeout(
      docker.getContainer(id).logs({ follow: false, stdout: true, stderr: true, tail: lines }),
      timeoutMs,
      'docker logs',
    )) as unknown as Buffer;
    return splitLogFrames(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)))
      .split('\n')
      .map((l) => l.replace(/\r$/, ''))
      .slice(-lines);
  } catch {
    return [];
  }
}

/** The payload of Docker's multiplexed log frames (8-byte header: stream, 0, 0, 0, size); raw text as is (TTY). */
export function splitLogFrames(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let at = 0;
  while (at + 8 <= buffer.length && buffer[at] <= 2 && buffer[at + 1] === 0 && buffer[at + 2] === 0 && buffer[at + 3] === 0) {
    const size = buffer.readUInt32BE(at + 4);
    parts.push(buffer.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  if (at === 0) return buffer.toString('utf8');
  return Buffer.concat(parts).toString('utf8');
}
