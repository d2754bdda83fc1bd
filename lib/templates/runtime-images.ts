import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import { buildImage } from '../docker/build-image';
import { BUILD_NETWORK, ensureBuildNetwork } from '../docker/build-network';
import { connectDocker, localDocker, withTimeout } from '../docker/connect';
import { inspectImage, tagImage } from '../docker/images';
import { LABEL } from '../docker/labels';
import { packDirectory } from '../docker/tar-context';
import { config } from '../config';
import { templatesDir } from './templates-dir';
import { TEMPLATE_NAMES, type TemplateName } from '../model/templates';

/**
 * Runtime images (`berth/runtime-<lang>`) are built once from the local base image and reused:
 * an app build only adds code and dependencies. Each image carries the hash of its build
 * directory (Dockerfile + files) as a label, so editing a runtime's Dockerfile rebuilds it on the
 * next need instead of silently keeping the old one.
 */
export const RUNTIMES = TEMPLATE_NAMES;
export type Runtime = TemplateName;

export const BASE_IMAGE = 'berth/base:bookworm';
export const RUNTIME_HASH_LABEL = LABEL.runtimeHash;
export const runtimeImage = (runtime: Runtime) => `berth/runtime-${runtime}`;

const RUNTIME_BUILD_TIMEOUT_MS = 20 * 60_000;
const runtimeDir = (runtime: Runtime) => path.join(templatesDir(), 'runtimes', runtime);

/** sha256 over the runtime's build directory (file names and contents, sorted). */
export async function runtimeHash(runtime: Runtime): Promise<string> {
  return directoryHash(runtimeDir(runtime));
}

/** sha256 over a build directory (file names and contents, sorted): the image's hash label. */
export async function directoryHash(dir: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for (const name of (await fs.readdir(dir)).sort()) {
    hash.update(`${name}\0`);
    hash.update(await fs.readFile(path.join(dir, name)));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

export type RuntimeState = 'current' | 'outdated' | 'missing';

export async function runtimeState(runtime: Runtime, docker: Docker = localDocker()): Promise<RuntimeState> {
  return directoryImageState(runtimeImage(runtime), runtimeDir(runtime), docker);
}

/** Whether `image` exists and carries the hash of `dir` (its build directory). */
export async function directoryImageState(image: string, dir: string, docker: Docker = localDocker()): Promise<RuntimeState> {
  const info = await inspectImage(docker, image);
  if (!info) return 'missing';
  return info.Config?.Labels?.[RUNTIME_HASH_LABEL] === (await directoryHash(dir)) ? 'current' : 'outdated';
}

const inFlightDirs = new Map<string, Promise<void>>();

/**
 * Makes sure `image` (built from `dir` on the base image) exists and matches its directory;
 * builds it otherwise. The add-on images (lib/addons) use this, as the runtime images do.
 */
export async function ensureDirectoryImage(
  image: string,
  dir: string,
  options: { rebuild?: boolean; labels?: Record<string, string>; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  if (!options.rebuild && (await directoryImageState(image, dir)) === 'current') return 'cached';
  // RUN steps join Berth's build bridge rather than the engine's default one: Berth creates it
  // itself, so the build does not depend on docker0 being there.
  const useBuildNetwork = true;
  let running = inFlightDirs.get(image);
  if (!running) {
    running = (async () =>
      buildFromDirectory(image, dir, { [LABEL.runtimeHash]: await directoryHash(dir), ...options.labels }, { ...options, useBuildNetwork }))().finally(() =>
      inFlightDirs.delete(image),
    );
    inFlightDirs.set(image, running);
  }
  await running;
  return 'built';
}

const inFlight = new Map<Runtime, Promise<void>>();

/**
 * Makes sure `berth/runtime-<runtime>` exists and matches its Dockerfile; builds it otherwise.
 * Concurrent callers in one process share one build.
 */
export async function ensureRuntimeImage(
  runtime: Runtime,
  options: { rebuild?: boolean; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  if (!options.rebuild && (await runtimeState(runtime)) === 'current') return 'cached';
  let running = inFlight.get(runtime);
  if (!running) {
    running = buildRuntimeImage(runtime, options).finally(() => inFlight.delete(runtime));
    inFlight.set(runtime, running);
  }
  await running;
  return 'built';
}

async function buildRuntimeImage(
  runtime: Runtime,
  options: { onLine?: (line: string) => void; signal?: AbortSignal },
): Promise<void> {
  const labels = { [LABEL.runtimeHash]: await runtimeHash(runtime), [LABEL.runtime]: runtime };
  await buildFromDirectory(runtimeImage(runtime), runtimeDir(runtime), labels, options);
}

async function buildFromDirectory(
  image: string,
  dir: string,
  labels: Record<string, string>,
  options: { onLine?: (line: string) => void; signal?: AbortSignal; useBuildNetwork?: boolean },
): Promise<void> {
  const docker = connectDocker({ dockerUrl: config().DOCKER_HOST }, 0);
  const timeout = AbortSignal.timeout(RUNTIME_BUILD_TIMEOUT_MS);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  if (!(await inspectImage(docker, BASE_IMAGE).catch(() => null))) {
    throw new Error(`${BASE_IMAGE} is missing: run \`bash scripts/base-image.sh\` (or scripts/setup.sh) first`);
  }
  const hash = labels[LABEL.runtimeHash];
  if (await retagIfBuilt(docker, image, hash)) return;
  await buildImage({
    docker,
    context: packDirectory(dir),
    // Also tagged with the hash: tests and tools can name exactly this build, and a Berth that goes
    // back to an earlier Dockerfile retags instead of rebuilding (see retagIfBuilt).
    tags: [`${image}:latest`, `${image}:${hash}`],
    labels,
    ...(options.useBuildNetwork
      ? {
          limits: {
            networkMode: (await ensureBuildNetwork(docker), BUILD_NETWORK),
            memory: 2048 * 1024 * 1024,
            memswap: 2048 * 1024 * 1024,
            cpuPeriod: 100_000,
            cpuQuota: 200_000,
          },
        }
      : {}),
    signal,
    onLine: options.onLine ?? (() => {}),
  });
}

/**
 * An image of this exact Dockerfile hash exists already (built before an edit that was reverted,
 * or by another checkout sharing the engine): point `latest` back at it instead of rebuilding.
 */
async function retagIfBuilt(docker: Docker, image: string, hash: string): Promise<boolean> {
  const info = await inspectImage(docker, `${image}:${hash}`);
  if (info?.Config?.Labels?.[RUNTIME_HASH_LABEL] !== hash) return false;
  await withTimeout(tagImage(docker, info.Id, { repo: image, tag: 'latest' }), 30_000, 'docker tag');
  return true;
}
