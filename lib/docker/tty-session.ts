import { randomBytes } from 'node:crypto';
import { PassThrough, type Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { removeContainer } from './containers';

/**
 * An interactive terminal on a container, for the web console and `berth run` on a terminal:
 * a `docker exec` with a TTY into a running instance, or a fresh one-off container with a TTY.
 * Bytes in and out are raw terminal data (Ctrl-C is the byte 0x03, which the TTY turns into
 * SIGINT for the foreground process); `resize` follows the browser's or terminal's size.
 *
 * `docker` must be a client without a socket timeout (streamDocker): the hijacked connection
 * lives as long as the session. Every quick engine call has its own deadline.
 */
export type TtySession = {
  /** Terminal output (stdout and stderr merged by the TTY); ends when the process's output does. */
  output: PassThrough;
  write(data: Buffer | string): void;
  resize(cols: number, rows: number): Promise<void>;
  /** The process's exit code once it ends (-1 when the engine cannot tell). */
  exited: Promise<number>;
  /** Ends the session: the process and everything it started are killed, a one-off container removed. */
  close(): Promise<void>;
};

export type TtySize = { cols: number; rows: number };

const QUICK_MS = 15_000;

/**
 * Docker has no "kill exec": a process started by exec outlives a closed connection (moby#9098).
 * So the shell records its own pid (it is the session leader of the TTY) in a file named by a
 * random id, and closing runs a second exec that kills every process of that session. The id is
 * generated here (hex), never taken from a user.
 */
function sessionCommand(id: string, command: string[] | null): string[] {
  const record = `echo $$ > /tmp/.berth-console-${id} 2>/dev/null;`;
  if (command) return ['/bin/sh', '-c', `${record} exec "$@"`, 'berth-console', ...command];
  return ['/bin/sh', '-c', `${record} if command -v bash >/dev/null 2>&1; then exec bash -l; else exec sh -l; fi`];
}

function killSessionCommand(id: string): string[] {
  const file = `/tmp/.berth-console-${id}`;
  // /proc/<pid>/stat after "comm) ": state ppid pgrp session ... — kill every process of the session.
  const script = [
    `s=$(cat ${file} 2>/dev/null) || exit 0`,
    `for d in /proc/[0-9]*; do`,
    `  set -- $(sed 's/^.*) //' "$d/stat" 2>/dev/null)`,
    `  [ "$4" = "$s" ] && kill -KILL "\${d#/proc/}" 2>/dev/null`,
    `done`,
    `rm -f ${file}`,
  ].join('\n');
  return ['/bin/sh', '-c', script];
}

/**
 * The hijacked socket's output, held until someone reads it: a command that prints and exits at
 * once (`berth run … -- echo hi`) must not lose its output to the moment between start and the
 * WebSocket being wired up. Ends when the socket ends.
 */
function buffered(stream: Duplex): PassThrough {
  const out = new PassThrough();
  stream.on('error', () => out.end());
  stream.pipe(out);
  return out;
}

/** The session over a hijacked stream; `end` runs once, however often close() is called. */
function session(stream: Duplex, resize: TtySession['resize'], exited: Promise<number>, end: () => Promise<void>): TtySession {
  let closed: Promise<void> | null = null;
  return {
    output: buffered(stream),
    write: (data) => {
      if (!stream.destroyed) stream.write(data);
    },
    resize,
    exited,
    close: () => (closed ??= end()),
  };
}

export async function execTty(
  docker: Docker,
  containerId: string,
  opts: { command?: string[] | null; env?: string[]; size: TtySize },
): Promise<TtySession> {
  const container = docker.getContainer(containerId);
  const id = randomBytes(8).toString('hex');
  const exec = await withTimeout(
    container.exec({
      Cmd: sessionCommand(id, opts.command ?? null),
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
      Tty: true,
      Env: ['TERM=xterm-256color', `COLUMNS=${opts.size.cols}`, `LINES=${opts.size.rows}`, ...(opts.env ?? [])],
    }),
    QUICK_MS,
    'docker exec create',
  );
  const stream = (await withTimeout(exec.start({ hijack: true, stdin: true, Tty: true }), QUICK_MS, 'docker exec start')) as Duplex;
  const resize = async (cols: number, rows: number) => {
    await withTimeout(exec.resize({ w: cols, h: rows }), QUICK_MS, 'docker exec resize').catch(() => undefined);
  };
  await resize(opts.size.cols, opts.size.rows);

  const exited = new Promise<number>((resolve) => {
    let done = false;
    const finish = async () => {
      if (done) return;
      done = true;
      // The engine records the exit code a moment after the stream ends.
      for (let i = 0; i < 20; i++) {
        const info = await withTimeout(exec.inspect(), QUICK_MS, 'docker exec inspect').catch(() => null);
        if (info && !info.Running && info.ExitCode !== null) return resolve(info.ExitCode);
        await new Promise((r) => setTimeout(r, 100));
      }
      resolve(-1);
    };
    stream.on('end', () => void finish());
    stream.on('close', () => void finish());
    stream.on('error', () => void finish());
  });

  return session(stream, resize, exited, async () => {
    const killer = await withTimeout(
      container.exec({ Cmd: killSessionCommand(id), AttachStdout: true, AttachStderr: true, Tty: false }),
      QUICK_MS,
      'docker exec create',
    ).catch(() => null);
    if (killer) {
      const out = (await withTimeout(killer.start({ hijack: true, stdin: false }), QUICK_MS, 'docker exec start').catch(() => null)) as Duplex | null;
      if (out) await withTimeout(new Promise((r) => { out.on('end', r); out.on('close', r); out.resume(); }), QUICK_MS, 'console cleanup').catch(() => undefined);
    }
    stream.destroy();
  });
}

/** A fresh container from `spec` (a one-off spec: limits, no caps, app network) with a TTY attached. */
export async function runTtyContainer(docker: Docker, spec: Docker.ContainerCreateOptions, size: TtySize): Promise<TtySession> {
  const container = await withTimeout(
    docker.createContainer({
      ...spec,
      Env: [...(spec.Env ?? []), 'TERM=xterm-256color'],
      Tty: true,
      OpenStdin: true,
      StdinOnce: false,
      AttachStdin: true,
      AttachStdout: true,
      AttachStderr: true,
    }),
    QUICK_MS,
    'docker create',
  );
  const remove = () => removeContainer(docker, container.id, { missingOk: true }).catch(() => undefined);
  let stream: Duplex;
  try {
    stream = (await withTimeout(
      container.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true }),
      QUICK_MS,
      'docker attach',
    )) as Duplex;
    await withTimeout(container.start(), QUICK_MS, 'docker start');
  } catch (error) {
    await remove();
    throw error;
  }
  const resize = async (cols: number, rows: number) => {
    await withTimeout(container.resize({ w: cols, h: rows }), QUICK_MS, 'docker resize').catch(() => undefined);
  };
  await resize(size.cols, size.rows);
  const exited = (async () => {
    const outcome = (await container.wait().catch(() => null)) as { StatusCode?: number } | null;
    return outcome?.StatusCode ?? -1;
  })();
  return session(stream, resize, exited, async () => {
    stream.destroy();
    await remove(); // force-remove kills it first
  });
}
