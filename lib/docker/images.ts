import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { statusCodeOf } from './containers';

/** Image calls Berth makes: inspect, tag, push/pull through a registry, list and remove. */
export type ImageDetails = Docker.ImageInspectInfo;

/** The image by name or id, or null when the engine does not have it; other errors propagate. */
export async function inspectImage(docker: Docker, nameOrId: string): Promise<ImageDetails | null> {
  try {
    return await docker.getImage(nameOrId).inspect();
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

/** Whether an engine has an image by name; other errors (engine down) propagate. */
export async function hasImage(docker: Docker, imageTag: string): Promise<boolean> {
  return (await inspectImage(docker, imageTag)) !== null;
}

/**
 * Resolves when the engine has the image; otherwise rejects with the engine's own error as it is
 * ("(HTTP code 404) no such image - No such image: …", statusCode set), so a deploy reports it as
 * an engine error: one sentence, the engine's words as the detail (lib/deploys/engine-error-text.ts).
 */
export async function requireImage(docker: Docker, imageTag: string): Promise<void> {
  await docker.getImage(imageTag).inspect();
}

export async function tagImage(docker: Docker, image: string, target: { repo: string; tag: string }): Promise<void> {
  await docker.getImage(image).tag(target);
}

/** Pushes `ref` to its registry and waits for the push to finish (or fail) within `timeoutMs`. */
export async function pushImage(docker: Docker, ref: string, timeoutMs: number): Promise<void> {
  // Docker 20.10 insists on an X-Registry-Auth header even for registries without auth.
  const stream = await docker.getImage(ref).push({ authconfig: {} } as object);
  await followProgress(docker, stream, timeoutMs, `push ${ref}`);
}

/** Pulls `ref` and waits for it within `timeoutMs`. */
export async function pullImage(docker: Docker, ref: string, timeoutMs: number, what = `pull ${ref}`): Promise<void> {
  const stream = await docker.pull(ref, { authconfig: {} } as object);
  await followProgress(docker, stream, timeoutMs, what);
}

/** Ids of images whose reference matches one of `references` (e.g. "berth/shop"). */
export async function listImageIds(docker: Docker, references: string[]): Promise<string[]> {
  const images = await docker.listImages({ filters: { reference: references } });
  return images.map((i) => i.Id);
}

export async function removeImage(docker: Docker, id: string, timeoutMs: number): Promise<void> {
  await withTimeout(docker.getImage(id).remove({ force: true }), timeoutMs, 'image removal');
}

/**
 * Waits for a push/pull progress stream to end. Docker reports failures inside the stream
 * ({ error: "..." }) with HTTP 200, so every message is checked; the whole operation has a
 * deadline so a stalled registry cannot hang a deploy.
 */
async function followProgress(docker: Docker, stream: NodeJS.ReadableStream, timeoutMs: number, what: string): Promise<void> {
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
