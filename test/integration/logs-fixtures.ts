import { localDocker, LABEL } from '../../lib/docker/connect';
import { config } from '../../lib/config';
import { db, type App, type Host, type Instance } from '../../lib/db';

/**
 * Rows and containers for OPS tests, made directly (no build/deploy): a host for the local
 * engine, an app with a release, and an instance whose container carries Berth's labels.
 */
export const rand = () => Math.random().toString(36).slice(2, 8);

export async function localHost(): Promise<Host> {
  const name = `local-${config().BERTH_INSTALLATION}`;
  return db.host.upsert({
    where: { name },
    update: {},
    create: {
      name,
      dockerUrl: config().DOCKER_HOST,
      isLocal: true,
      status: 'READY',
      cpuTotal: 4000,
      memoryTotalMb: 8192,
    },
  });
}

export async function appWithInstance(opts: { host: Host; memoryMb?: number }): Promise<{ app: App; instance: Instance }> {
  const name = `t${rand()}`;
  const app = await db.app.create({ data: { name, template: 'DOCKERFILE' } });
  const release = await db.release.create({
    data: { appId: app.id, version: 1, imageTag: 'berth/base:bookworm', commitSha: '0'.repeat(40), env: '', description: 'test' },
  });
  const instance = await db.instance.create({
    data: {
      appId: app.id,
      releaseId: release.id,
      hostId: opts.host.id,
      index: 1,
      containerName: `berth-${config().BERTH_INSTALLATION}-${name}-v1-web-1`,
      cpu: 250,
      memoryMb: opts.memoryMb ?? 64,
      status: 'STARTING',
    },
  });
  return { app, instance };
}

/** Runs `cmd` in berth/base:bookworm as the instance's container; returns its id. */
export async function runContainer(
  app: App,
  instance: Instance,
  cmd: string[],
  hostConfig: { Memory?: number; MemorySwap?: number } = {},
): Promise<string> {
  const docker = localDocker();
  const container = await docker.createContainer({
    name: instance.containerName,
    Image: 'berth/base:bookworm',
    Cmd: cmd,
    Labels: {
      [LABEL.installation]: config().BERTH_INSTALLATION,
      [LABEL.app]: app.name,
      [LABEL.instance]: instance.id,
      [LABEL.release]: instance.releaseId,
    },
    HostConfig: { ...hostConfig },
  });
  await db.instance.update({ where: { id: instance.id }, data: { containerId: container.id } });
  await container.start();
  return container.id;
}

export async function removeContainer(id: string): Promise<void> {
  await localDocker().getContainer(id).remove({ force: true }).catch(() => undefined);
}

/** Polls `check` until it returns a truthy value (bounded: ~timeoutMs). */
export async function waitFor<T>(check: () => Promise<T>, timeoutMs = 30_000, what = 'condition'): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
