import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type Docker from 'dockerode';
import { cpuSharesFor, type TierResources } from '../model/tiers';
import { withTimeout } from './connect';
import { statusCodeOf } from './containers';

/**
 * One-off containers — `berth run`, app.json predeploy/postdeploy and the release phase — all run
 * through `runOneOff`: create (a leftover of the same name, from a retried job, is removed first)
 * → attach → start → output as it is printed → exit code → remove. Bounded: after `timeoutMs`
 * (or when `signal` aborts) the container is killed; the exit code is then 124 (timeout, as
 * timeout(1)) or 130 (interrupted). The container is always removed, whatever happened.
 *
 * Every one-off runs on its app's own network (`network`, from ensureAppNetwork), never Docker's
 * default bridge: it reaches its app's containers and add-ons, nothing of another app, and the
 * app-network firewall (lib/docker/app-firewall.ts) keeps it off the host's private services.
 *
 * `docker` must be a client WITHOUT an idle socket timeout (streamDocker(host)): the attach and
 * wait requests stay silent for as long as the command runs; this function owns the deadline.
 */
export type OneOffOptions = {
  timeoutMs: number;
  signal?: AbortSignal;
  /** Raw output chunks as they arrive (`berth run` relays them byte for byte). */
  onOutput?: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  /** Output split into lines (\n or \r\n; a line over 4096 characters is cut). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** How many of the last output lines the result keeps (default 200). */
  keepLines?: number;
};

export type OneOffResult = {
  exitCode: number;
  /** The last `keepLines` lines, stdout and stderr interleaved as they arrived. */
  tail: string[];
  timedOut: boolean;
  aborted: boolean;
  oomKilled: boolean;
  durationMs: number;
};

export const EXIT_TIMEOUT = 124;
export const EXIT_ABORTED = 130;
const CALL_TIMEOUT_MS = 30_000;
const MAX_LINE = 4096;

export type OneOffSpecInput = {
  name?: string;
  image: string;
  /** argv, run as is (no shell) — wrap in ['/bin/sh', '-c', text] for a Procfile-style line. */
  command: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  /** The app's tier: the CPU and memory limits cap it, the requests weigh it under contention. */
  limits: TierResources;
  /** The app's own network (ensureAppNetwork). */
  network: string;
};

/**
 * Pure: the create spec of a `berth run` or deploy-script container (unit-tested). The same
 * security settings as instances (no capabilities, no-new-privileges, no host anything), the
 * app's network, no published port and no restart policy. (The release phase uses the instance
 * spec, containerSpec with instanceId null, which comes to the same.)
 */
export function oneOffSpec(opts: OneOffSpecInput): Docker.ContainerCreateOptions {
  const memory = opts.limits.memoryLimitMb * 1024 * 1024;
  return {
    ...(opts.name ? { name: opts.name } : {}),
    Image: opts.image,
    Cmd: opts.command,
    Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
    Labels: opts.labels,
    HostConfig: {
      CpuShares: cpuSharesFor(opts.limits.cpuRequest),
      ...(opts.limits.cpuLimit !== null ? { NanoCpus: opts.limits.cpuLimit * 1_000_000 } : {}),
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: opts.network,
      IpcMode: 'private',
      ReadonlyRootfs: false,
      Binds: [],
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '1' } },
    },
  };
}

export async function runOneOff(docker: Docker, spec: Docker.ContainerCreateOptions, opts: OneOffOptions): Promise<OneOffResult> {
  const started = Date.now();
  const keep = opts.keepLines ?? 200;
  const tail: string[] = [];
  const emit = (line: string, stream: 'stdout' | 'stderr') => {
    const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    tail.push(text);
    if (tail.length > keep) tail.shift();
    opts.onLine?.(text, stream);
  };

  if (spec.name) await withTimeout(removeIfThere(docker, spec.name), CALL_TIMEOUT_MS, 'docker rm');
  const container = await withTimeout(
    docker.createContainer({ ...spec, Tty: false, AttachStdout: true, AttachStderr: true, AttachStdin: false, OpenStdin: false }),
    CALL_TIMEOUT_MS,
    'docker create',
  );
  let timedOut = false;
  let aborted = false;
  let timer: NodeJS.Timeout | undefined;
  const kill = () => void withTimeout(container.kill(), CALL_TIMEOUT_MS, 'docker kill').catch(() => undefined);
  const onAbort = () => {
    if (timedOut) return;
    aborted = true;
    kill();
  };
  try {
    // logs: true replays what the container printed before the stream was hooked up (nothing for
    // a container not started yet, so nothing twice): a command that prints and exits at once on a
    // loaded engine keeps its output.
    const raw = (await withTimeout(
      container.attach({ stream: true, stdout: true, stderr: true, logs: true }),
      CALL_TIMEOUT_MS,
      'docker attach',
    )) as NodeJS.ReadableStream;
    const ended = new Promise<void>((resolve) => {
      raw.on('end', resolve);
      raw.on('close', resolve);
      raw.on('error', () => resolve());
    });
    const stdout = lineSplitter((l) => emit(l, 'stdout'), (c) => opts.onOutput?.('stdout', c));
    const stderr = lineSplitter((l) => emit(l, 'stderr'), (c) => opts.onOutput?.('stderr', c));
    docker.modem.demuxStream(raw, stdout.stream, stderr.stream);

    // Asked before start so a command that exits at once cannot be missed.
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>;
    waited.catch(() => undefined);
    await withTimeout(container.start(), CALL_TIMEOUT_MS, 'docker start');
    timer = setTimeout(() => {
      if (aborted) return;
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    if (opts.signal?.aborted) onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });

    // The kill above ends the wait; the extra margin only guards against an engine that hangs.
    const result = await withTimeout(waited, opts.timeoutMs + 2 * CALL_TIMEOUT_MS, 'docker wait');
    await withTimeout(ended, 5_000, 'output').catch(() => undefined);
    await Promise.all([stdout.close(), stderr.close()]);
    const state = await withTimeout(container.inspect(), CALL_TIMEOUT_MS, 'docker inspect').catch(() => null);
    const exitCode = timedOut ? EXIT_TIMEOUT : aborted ? EXIT_ABORTED : (result.StatusCode ?? state?.State.ExitCode ?? -1);
    return { exitCode, tail, timedOut, aborted, oomKilled: Boolean(state?.State.OOMKilled), durationMs: Date.now() - started };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    await withTimeout(container.remove({ force: true }), CALL_TIMEOUT_MS, 'docker rm').catch(() => undefined);
  }
}

async function removeIfThere(docker: Docker, name: string): Promise<void> {
  await docker
    .getContainer(name)
    .remove({ force: true })
    .catch((error: unknown) => (statusCodeOf(error) === 404 ? undefined : Promise.reject(error)));
}

/**
 * A writable stream that hands each chunk to `onChunk` and each line (\n or \r\n) to `onLine`;
 * `close` drains it and emits an unterminated last line. A line without a newline is cut at
 * 64 KiB so a runaway one cannot grow without bound.
 */
function lineSplitter(onLine: (line: string) => void, onChunk: (chunk: Buffer) => void) {
  const stream = new PassThrough();
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    onChunk(chunk);
    pending += decoder.decode(chunk, { stream: true });
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      onLine(pending.slice(0, at).replace(/\r$/, ''));
      pending = pending.slice(at + 1);
    }
    if (pending.length > 64 * 1024) {
      onLine(pending);
      pending = '';
    }
  });
  return {
    stream,
    close: async () => {
      stream.end();
      await withTimeout(finished(stream), 5_000, 'output').catch(() => undefined);
      pending += decoder.decode();
      if (pending) onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
