import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { statusCodeOf, type ContainerCreateSpec } from './containers';

/**
 * Runs a one-off container to completion (Heroku's one-off dyno; Berth's release phase): create
 * (a leftover of the same name, from a retried job, is removed first) → attach → start → every
 * output line to `onLine` as it is printed → exit code → remove. Bounded: after `timeoutMs` (or
 * when `signal` aborts) the container is killed and the result says so.
 *
 * `docker` must be a client WITHOUT an idle socket timeout (streamDocker(host)): the attach and
 * wait requests stay silent for as long as the command runs; this function owns the deadline.
 */
export type OneOffOptions = {
  timeoutMs: number;
  signal?: AbortSignal;
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

const CALL_TIMEOUT_MS = 30_000;
const MAX_LINE = 4096;

export async function runOneOff(docker: Docker, spec: ContainerCreateSpec & { name: string }, opts: OneOffOptions): Promise<OneOffResult> {
  const started = Date.now();
  const keep = opts.keepLines ?? 200;
  const tail: string[] = [];
  const emit = (line: string, stream: 'stdout' | 'stderr') => {
    const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    tail.push(text);
    if (tail.length > keep) tail.shift();
    opts.onLine?.(text, stream);
  };

  await withTimeout(removeIfThere(docker, spec.name), CALL_TIMEOUT_MS, 'docker rm');
  const container = await withTimeout(
    docker.createContainer({ ...spec, Tty: false, AttachStdout: true, AttachStderr: true, OpenStdin: false }),
    CALL_TIMEOUT_MS,
    'docker create',
  );
  let timedOut = false;
  let aborted = false;
  let timer: NodeJS.Timeout | undefined;
  const kill = () => void withTimeout(container.kill(), CALL_TIMEOUT_MS, 'docker kill').catch(() => undefined);
  const onAbort = () => {
    aborted = true;
    kill();
  };
  try {
    const raw = (await withTimeout(
      container.attach({ stream: true, stdout: true, stderr: true }),
      CALL_TIMEOUT_MS,
      'docker attach',
    )) as NodeJS.ReadableStream;
    const ended = new Promise<void>((resolve) => {
      raw.on('end', resolve);
      raw.on('close', resolve);
      raw.on('error', () => resolve());
    });
    const stdout = lineSplitter((l) => emit(l, 'stdout'));
    const stderr = lineSplitter((l) => emit(l, 'stderr'));
    docker.modem.demuxStream(raw, stdout.stream, stderr.stream);

    // Asked before start so a command that exits at once cannot be missed.
    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode?: number }>;
    waited.catch(() => undefined);
    await withTimeout(container.start(), CALL_TIMEOUT_MS, 'docker start');
    timer = setTimeout(() => {
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
    return {
      exitCode: result.StatusCode ?? state?.State.ExitCode ?? -1,
      tail,
      timedOut,
      aborted,
      oomKilled: Boolean(state?.State.OOMKilled),
      durationMs: Date.now() - started,
    };
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

/** A writable stream that calls `onLine` per line (\n or \r\n); `close` drains it and emits an unterminated last line. */
function lineSplitter(onLine: (line: string) => void) {
  const stream = new PassThrough();
  let pending = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
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
      if (pending) onLine(pending.replace(/\r$/, ''));
      pending = '';
    },
  };
}
