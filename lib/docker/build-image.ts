import type Docker from 'dockerode';

/**
 * Runs `docker build` through the Engine API (legacy builder, whose layer cache makes warm
 * rebuilds cheap) and reports every output line. The caller owns the deadline: pass an
 * AbortSignal (timeout and/or cancel); aborting closes the request, which makes the engine stop
 * the build and remove its intermediate container.
 *
 * `docker` should be a client WITHOUT an idle timeout (connectDocker(endpoint, 0)): a silent
 * `RUN javac` longer than the API timeout must not cut the stream.
 */
export type BuildImageOptions = {
  docker: Docker;
  context: NodeJS.ReadableStream;
  dockerfile?: string;
  tags: string[];
  labels?: Record<string, string>;
  buildArgs?: Record<string, string>;
  signal: AbortSignal;
  onLine: (line: string) => void;
  /** Do not reuse cached layers. */
  noCache?: boolean;
  /** Confinement of the RUN steps (lib/builds/build-sandbox.ts); none for Berth's own images. */
  limits?: BuildLimits;
};

export type BuildLimits = {
  /** Network the RUN containers join (a name, or none/bridge). */
  networkMode: string;
  memory: number;
  memswap: number;
  cpuPeriod: number;
  cpuQuota: number;
  /** cgroup the RUN containers are created under (carries the process limit). */
  cgroupParent?: string;
};

/** A single output line longer than this is cut (a step printing without newlines). */
const MAX_LINE_BYTES = 64 * 1024;
/** Unparsed engine output kept while waiting for a newline. */
const MAX_PENDING_BYTES = 1024 * 1024;

export type BuildImageResult = { imageId: string };

export class ImageBuildError extends Error {
  constructor(
    message: string,
    /** The Dockerfile step (1-based) that was running when the build failed, if known. */
    readonly step: number | null,
  ) {
    super(message);
    this.name = 'ImageBuildError';
  }
}

export async function buildImage(options: BuildImageOptions): Promise<BuildImageResult> {
  const { docker, signal, onLine } = options;
  signal.throwIfAborted();
  const stream = (await docker.buildImage(options.context, {
    t: options.tags[0],
    dockerfile: options.dockerfile ?? 'Dockerfile',
    labels: options.labels,
    buildargs: options.buildArgs,
    rm: true,
    forcerm: true,
    nocache: options.noCache ?? false,
    // The classic builder, always: its RUN containers honour the options below (and BuildKit
    // would accept frontend images and RUN --mount/--network from the Dockerfile).
    version: '1',
    ...(options.limits
      ? {
          networkmode: options.limits.networkMode,
          memory: options.limits.memory,
          memswap: options.limits.memswap,
          cpuperiod: options.limits.cpuPeriod,
          cpuquota: options.limits.cpuQuota,
          ...(options.limits.cgroupParent ? { cgroupparent: options.limits.cgroupParent } : {}),
        }
      : {}),
    abortSignal: signal,
  } as Docker.ImageBuildOptions)) as NodeJS.ReadableStream;

  let step: number | null = null;
  /** The container of the RUN step in progress (legacy builder prints " ---> Running in <id>"). */
  let stepContainer: string | null = null;
  let imageId: string | null = null;
  let failure: string | null = null;
  let pending = '';
  let textTail = '';

  const emit = (text: string) => {
    textTail += text;
    const parts = textTail.split(/\r?\n|\r/);
    textTail = parts.pop() ?? '';
    if (textTail.length > MAX_LINE_BYTES) {
      parts.push(`${textTail.slice(0, MAX_LINE_BYTES)}…`);
      textTail = '';
    }
    for (const part of parts) {
      // eslint-disable-next-line no-control-regex -- strip terminal colour codes from tool output
      const line = part.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').trimEnd();
      if (!line) continue;
      const m = /^Step (\d+)\/\d+ : /.exec(line);
      if (m) step = Number(m[1]);
      const running = /^ ---> Running in ([0-9a-f]{12,64})$/.exec(line);
      if (running) stepContainer = running[1];
      onLine(line);
    }
  };

  const handle = (raw: string) => {
    if (!raw.trim()) return;
    let msg: { stream?: string; error?: string; errorDetail?: { message?: string }; aux?: { ID?: string }; status?: string };
    try {
      msg = JSON.parse(raw);
    } catch {
      emit(`${raw}\n`);
      return;
    }
    if (msg.stream) emit(msg.stream);
    if (msg.status) emit(`${msg.status}\n`);
    if (msg.aux?.ID) imageId = msg.aux.ID;
    if (msg.error) {
      failure = msg.errorDetail?.message ?? msg.error;
      emit(`${failure}\n`);
    }
  };

  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      (stream as unknown as { destroy?: (e?: Error) => void }).destroy?.();
      // The engine stops the build when the request closes; remove the step's container
      // ourselves too, so a cancelled or timed-out build never leaves one running.
      if (stepContainer) void docker.getContainer(stepContainer).remove({ force: true }).catch(() => {});
      reject(signal.reason instanceof Error ? signal.reason : new Error('build aborted'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) handle(l);
      if (pending.length > MAX_PENDING_BYTES) {
        // One engine message without a newline this long is not JSON we can use: show its start.
        emit(`${pending.slice(0, MAX_LINE_BYTES)}…\n`);
        pending = '';
      }
    });
    stream.on('end', () => {
      signal.removeEventListener('abort', onAbort);
      handle(pending);
      emit('\n');
      resolve();
    });
    stream.on('error', (error: Error) => {
      signal.removeEventListener('abort', onAbort);
      reject(signal.aborted && signal.reason instanceof Error ? signal.reason : error);
    });
  });

  if (failure) throw new ImageBuildError(failure, step);
  if (!imageId) {
    // Older engines only print "Successfully built <id>"; ask for the tag instead.
    const info = await docker.getImage(options.tags[0]).inspect();
    imageId = info.Id;
  }
  for (const tag of options.tags.slice(1)) {
    const [repo, t] = splitTag(tag);
    await docker.getImage(imageId).tag({ repo, tag: t });
  }
  return { imageId };
}

export function splitTag(tag: string): [string, string] {
  const i = tag.lastIndexOf(':');
  if (i > tag.lastIndexOf('/')) return [tag.slice(0, i), tag.slice(i + 1)];
  return [tag, 'latest'];
}
