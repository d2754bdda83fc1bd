import { PassThrough } from 'node:stream';
import type Docker from 'dockerode';
import { cpuSharesFor, type TierResources } from '../model/tiers';
import { removeContainer, startContainer } from './containers';
import { withTimeout } from './connect';

/**
 * One-off containers: `berth run`, app.json predeploy/postdeploy (and the release phase).
 * A fresh container from a release's image with its env and the app's limits and the same
 * security settings as instances (no capabilities, no-new-privileges, no host anything), no
 * published port and no restart policy. Output is handed to `onOutput` as it arrives; the result
 * is the command's exit code. The container is always removed afterwards, also on timeout or
 * abort (then it is killed first: exit code 124 for a timeout, 130 for an abort).
 *
 * `docker` must be a client without a socket timeout (streamDocker): the attach stream lives as
 * long as the command. Each engine call that should be quick has its own deadline.
 */
export type OneOffOptions = {
  docker: Docker;
  image: string;
  /** argv, run as is (no shell) — wrap in ['/bin/sh', '-c', text] for a Procfile-style line. */
  command: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  /** The app's tier: the CPU and memory limits cap it, the requests weigh it under contention. */
  limits: TierResources;
  /** Whole run, create to exit. */
  timeoutMs: number;
  signal?: AbortSignal;
  name?: string;
  onOutput: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
};

export type OneOffResult = { exitCode: number; timedOut: boolean; aborted: boolean; oomKilled: boolean };

const QUICK_MS = 30_000;
export const EXIT_TIMEOUT = 124;
export const EXIT_ABORTED = 130;

/** Pure: the create spec (unit-tested). */
export function oneOffSpec(opts: Omit<OneOffOptions, 'docker' | 'onOutput' | 'timeoutMs' | 'signal'>): Docker.ContainerCreateOptions {
  const memory = opts.limits.memoryLimitMb * 1024 * 1024;
  return {
    ...(opts.name ? { name: opts.name } : {}),
    Image: opts.image,
    Cmd: opts.command,
    Env: Object.entries(opts.env).map(([k, v]) => `${k}=${v}`),
    Labels: opts.labels,
    AttachStdout: true,
    AttachStderr: true,
    AttachStdin: false,
    OpenStdin: false,
    Tty: false,
    HostConfig: {
      CpuShares: cpuSharesFor(opts.limits.cpuRequest),
      ...(opts.limits.cpuLimit !== null ? { NanoCpus: opts.limits.cpuLimit * 1_000_000 } : {}),
      Memory: memory,
      MemorySwap: memory,
      PidsLimit: 256,
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      NetworkMode: 'bridge',
      IpcMode: 'private',
      ReadonlyRootfs: false,
      Binds: [],
      RestartPolicy: { Name: 'no', MaximumRetryCount: 0 },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '10m', 'max-file': '1' } },
    },
  };
}

export async function runOneOff(opts: OneOffOptions): Promise<OneOffResult> {
  const { docker } = opts;
  const container = await withTimeout(docker.createContainer(oneOffSpec(opts)), QUICK_MS, 'docker create');
  const deadline = AbortSignal.timeout(opts.timeoutMs);
  const stop = opts.signal ? AbortSignal.any([opts.signal, deadline]) : deadline;
  try {
    const attached = (await withTimeout(
      container.attach({ stream: true, stdout: true, stderr: true, logs: true }),
      QUICK_MS,
      'docker attach',
    )) as NodeJS.ReadableStream;
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    stdout.on('data', (c: Buffer) => opts.onOutput('stdout', c));
    stderr.on('data', (c: Buffer) => opts.onOutput('stderr', c));
    docker.modem.demuxStream(attached, stdout, stderr);
    const drained = new Promise<void>((resolve) => {
      attached.on('end', resolve);
      attached.on('close', resolve);
      attached.on('error', () => resolve());
    });

    const waited = container.wait({ condition: 'next-exit' }) as Promise<{ StatusCode: number }>;
    waited.catch(() => undefined);
    await withTimeout(startContainer(docker, container.id), QUICK_MS, 'docker start');
    const stopped = new Promise<'stopped'>((resolve) => {
      if (stop.aborted) resolve('stopped');
      stop.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const outcome = await Promise.race([waited, stopped]);
    if (outcome === 'stopped') {
      await withTimeout(container.kill(), QUICK_MS, 'docker kill').catch(() => undefined);
      const timedOut = deadline.aborted;
      return { exitCode: timedOut ? EXIT_TIMEOUT : EXIT_ABORTED, timedOut, aborted: !timedOut, oomKilled: false };
    }
    // Let the last output arrive (bounded: the stream ends when the container exits).
    await Promise.race([drained, new Promise((r) => setTimeout(r, 2_000))]);
    const info = await withTimeout(container.inspect(), QUICK_MS, 'docker inspect').catch(() => null);
    return { exitCode: outcome.StatusCode, timedOut: false, aborted: false, oomKilled: Boolean(info?.State.OOMKilled) };
  } finally {
    await withTimeout(removeContainer(docker, container.id, { missingOk: true }), QUICK_MS, 'docker rm').catch(() => undefined);
  }
}
