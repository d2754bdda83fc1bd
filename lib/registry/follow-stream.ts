import type Docker from 'dockerode';
import { withTimeout } from '../docker/connect';

/**
 * Waits for a push/pull progress stream to end. Docker reports failures inside the stream
 * ({ error: "..." }) with HTTP 200, so every message is checked; the whole operation has a
 * deadline so a stalled registry cannot hang a deploy.
 */
export async function followStream(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const done = new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: Array<{ error?: string; errorDetail?: { message?: string } }>) => {
        if (error) return reject(error);
        const failed = output.find((m) => m.error || m.errorDetail);
        if (failed) return reject(new Error(`${what}: ${failed.errorDetail?.message ?? failed.error}`));
        resolve();
      },
    );
  });
  try {
    await withTimeout(done, timeoutMs, what);
  } catch (error) {
    (stream as unknown as { destroy?: () => void }).destroy?.();
    throw error;
  }
}
