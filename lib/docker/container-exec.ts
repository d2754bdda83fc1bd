import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, type Writable } from 'node:stream';
import type Docker from 'dockerode';
import { pack } from 'tar-stream';
import { withTimeout } from './connect';

/**
 * Commands run inside a running container (add-on dumps, restores, readiness probes, admin
 * queries) and files copied into one. argv arrays only: no shell ever sees a user value. Use a
 * client without a socket timeout (streamDocker) for long dumps: `timeoutMs` bounds every call.
 */
export type ExecResult = { exitCode: number; stdout: string; stderr: string };

const MAX_CAPTURE = 1024 * 1024;

export async function execInContainer(
  docker: Docker,
  containerId: string,
  argv: string[],
  opts: { timeoutMs: number; env?: string[]; stdout?: Writable; stdin?: string | Buffer },
): Promise<ExecResult> {
  const run = async (): Promise<ExecResult> => {
    const withStdin = opts.stdin !== undefined;
    const exec = await docker
      .getContainer(containerId)
      .exec({ Cmd: argv, AttachStdin: withStdin, AttachStdout: true, AttachStderr: true, Env: opts.env ?? [] });
    const stream = (await exec.start({ hijack: true, stdin: withStdin })) as NodeJS.ReadWriteStream & { destroy(): void };
    // Data for the command (e.g. iptables-restore input), then end of input: the half-close
    // makes the engine close the command's stdin.
    if (opts.stdin !== undefined) stream.end(opts.stdin);
    let stdout = '';
    let stderr = '';
    const out = opts.stdout ?? capture((chunk) => (stdout = (stdout + chunk).slice(-MAX_CAPTURE)));
    const err = capture((chunk) => (stderr = (stderr + chunk).slice(-MAX_CAPTURE)));
    docker.modem.demuxStream(stream, out, err);
    await new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('close', resolve);
      stream.on('error', reject);
    });
    if (opts.stdout) await new Promise<void>((resolve) => (opts.stdout!.writableFinished ? resolve() : opts.stdout!.end(resolve)));
    const info = await exec.inspect();
    return { exitCode: info.ExitCode ?? -1, stdout, stderr };
  };
  return withTimeout(run(), opts.timeoutMs, `exec ${argv[0]}`);
}

function capture(onChunk: (text: string) => void): PassThrough {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => onChunk(chunk.toString('utf8')));
  return stream;
}

/** Copies a local file into the container as `<dir>/<name>` (mode 0644), bounded by `timeoutMs`. */
export async function copyFileIntoContainer(
  docker: Docker,
  containerId: string,
  opts: { file: string; dir: string; name: string; timeoutMs: number },
): Promise<void> {
  const { size } = await stat(opts.file);
  const tar = pack();
  const entry = tar.entry({ name: path.basename(opts.name), size, mode: 0o644 }, (error) => {
    if (error) tar.destroy(error);
    else tar.finalize();
  });
  createReadStream(opts.file).pipe(entry);
  await withTimeout(
    docker.getContainer(containerId).putArchive(tar as unknown as NodeJS.ReadableStream, { path: opts.dir }),
    opts.timeoutMs,
    'copy into container',
  );
}
