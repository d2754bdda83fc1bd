import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';
import type { Template } from '../db';
import { buildImage } from '../docker/build-image';
import { BUILD_NETWORK, ensureBuildNetwork } from '../docker/build-network';
import { connectDocker, localDocker } from '../docker/connect';
import { inspectImage } from '../docker/images';
import { LABEL } from '../docker/labels';
import { packDirectory } from '../docker/tar-context';
import { TEMPLATE_CHOICES, type TemplateName } from '../model/templates';
import { detectTemplate } from '../templates/detect';
import { generateDockerfile } from '../templates/generate-dockerfile';
import { ensureRuntimeImage, runtimeImage } from '../templates/runtime-images';
import { starterFiles } from '../templates/starter';
import type { BuildPlan, SourceTree } from '../templates/types';
import { buildCaBundle } from './ca-bundle';

/**
 * Starter images (`berth/starter-<lang>`): each template's starter app built once at setup
 * (`npm run images`), exactly as a build of the starter commit would build it — same Dockerfile,
 * same context, /app/REVISION = the starter commit — so a new app's first build is skipped and
 * its first release runs this image (click-to-live ≈ container start + one health check).
 *
 * The image is current only while its hash label matches: sha256 over the commit (starter files),
 * the runtime image's id, the generated Dockerfile and the CA bundle. A changed starter, a rebuilt
 * runtime, a changed generator or trust store → not current → New app builds as before until the
 * image is rebuilt. Old `berth/starter-<lang>:<hash>` tags stay: releases may still run them.
 */
export const starterImage = (template: TemplateName) => `berth/starter-${template}`;

const BUILD_TIMEOUT_MS = 10 * 60_000;

/** What a build of the starter commit would be: plan, Dockerfile, files and their hash. */
type StarterBuild = {
  plan: BuildPlan;
  dockerfile: string;
  files: Record<string, Buffer | string>;
  caPem: string;
  hash: string;
};

export type PrebuiltStarter = { tag: string; imageId: string; size: number; plan: BuildPlan };

const nameOf = (template: Template): TemplateName | null => TEMPLATE_CHOICES.find((c) => c.template === template)?.id ?? null;

async function starterBuild(template: TemplateName, commitSha: string): Promise<StarterBuild | null> {
  const choice = TEMPLATE_CHOICES.find((c) => c.id === template)!;
  const runtime = await inspectImage(localDocker(), runtimeImage(template));
  if (!runtime) return null;
  const files = await starterFiles(choice.template);
  const plan = detectTemplate(memoryTree(files), choice.template);
  const { dockerfile } = generateDockerfile(plan);
  const caPem = await buildCaBundle();
  const hash = crypto.createHash('sha256');
  for (const part of [commitSha, runtime.Id, dockerfile, caPem]) hash.update(`${part}\0`);
  return { plan, dockerfile, files, caPem, hash: hash.digest('hex').slice(0, 16) };
}

function memoryTree(files: Record<string, Buffer | string>): SourceTree {
  return { files: Object.keys(files).sort(), read: (p) => (p in files ? files[p].toString() : null) };
}

/**
 * The prebuilt image for a build of `commitSha` of an app created from `template`, when one is
 * current; null otherwise (any other commit, no image, outdated image): then the app builds.
 */
export async function findPrebuiltStarter(template: Template, commitSha: string): Promise<PrebuiltStarter | null> {
  const name = nameOf(template);
  if (!name) return null;
  const latest = await inspectImage(localDocker(), `${starterImage(name)}:latest`);
  // Cheap test first: almost every build is of some other commit.
  if (latest?.Config?.Labels?.[LABEL.commit] !== commitSha) return null;
  const wanted = await starterBuild(name, commitSha);
  if (!wanted || latest.Config.Labels[LABEL.runtimeHash] !== wanted.hash) return null;
  return { tag: `${starterImage(name)}:${wanted.hash}`, imageId: latest.Id, size: latest.Size, plan: wanted.plan };
}

const inFlight = new Map<TemplateName, Promise<void>>();

/**
 * Builds `berth/starter-<template>` for the starter commit `commitSha` unless a current one
 * exists (or `rebuild`). The runtime image is built first when missing. Callers in one process
 * share one build.
 */
export async function ensureStarterImage(
  template: TemplateName,
  commitSha: string,
  options: { rebuild?: boolean; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  const choice = TEMPLATE_CHOICES.find((c) => c.id === template)!;
  if (!options.rebuild && (await findPrebuiltStarter(choice.template, commitSha))) return 'cached';
  let running = inFlight.get(template);
  if (!running) {
    running = buildStarterImage(template, commitSha, options).finally(() => inFlight.delete(template));
    inFlight.set(template, running);
  }
  await running;
  return 'built';
}

async function buildStarterImage(
  template: TemplateName,
  commitSha: string,
  options: { onLine?: (line: string) => void; signal?: AbortSignal },
): Promise<void> {
  await ensureRuntimeImage(template, { onLine: options.onLine, signal: options.signal });
  const build = await starterBuild(template, commitSha);
  if (!build) throw new Error(`${runtimeImage(template)} is missing`);
  await fs.mkdir(config().paths.tmp, { recursive: true });
  const tmp = await fs.mkdtemp(path.join(config().paths.tmp, `starter-${template}-`));
  try {
    // The context a build of this commit sends (lib/builds/run-build.ts prepareContext).
    for (const [rel, content] of Object.entries(build.files)) {
      await fs.mkdir(path.dirname(path.join(tmp, 'src', rel)), { recursive: true });
      await fs.writeFile(path.join(tmp, 'src', rel), content);
    }
    await fs.writeFile(path.join(tmp, 'src', 'REVISION'), `${commitSha}\n`);
    await fs.mkdir(path.join(tmp, 'berth'));
    await fs.writeFile(path.join(tmp, 'berth', 'ca.pem'), build.caPem);
    await fs.writeFile(path.join(tmp, 'Dockerfile'), build.dockerfile);
    const docker = connectDocker({ dockerUrl: config().DOCKER_HOST }, 0);
    const timeout = AbortSignal.timeout(BUILD_TIMEOUT_MS);
    await buildImage({
      docker,
      context: packDirectory(tmp),
      tags: [`${starterImage(template)}:latest`, `${starterImage(template)}:${build.hash}`],
      labels: { [LABEL.commit]: commitSha, [LABEL.runtimeHash]: build.hash, [LABEL.runtime]: template },
      // Berth's own starter code, built like the runtime images: on Berth's build bridge.
      limits: {
        networkMode: (await ensureBuildNetwork(docker), BUILD_NETWORK),
        memory: 2048 * 1024 * 1024,
        memswap: 2048 * 1024 * 1024,
        cpuPeriod: 100_000,
        cpuQuota: 200_000,
      },
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      onLine: options.onLine ?? (() => {}),
    });
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}
