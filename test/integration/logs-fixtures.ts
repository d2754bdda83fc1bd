import { localDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { config } from '../../lib/config';
import { db, type App, type Host, type Instance } from '../../lib/db';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';

/**
 * Rows and containers for OPS tests, made directly (no build/deploy): a host for the local
 * engine, an app with a release, and an instance whose container carries Berth's labels.
 */
export const rand = () => Math.random().toString(36).slice(2, 8);

/** The local engine's host row, registered the way the worker does it. */
export function localHost(): Promise<Host> {
  return ensureLocalHost();
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
      cpuRequest: 250,
      cpuLimit: 250,
      memoryRequestMb: opts.memoryMb ?? 64,
      memoryLimitMb: opts.memoryMb ?? 64,
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

/**
 * A TCP front for the local Docker socket that a test can cut, as a network drop would:
 * `cut()` destroys every open connection and refuses new ones until `restore()`.
 */
export async function flakyDockerFront(): Promise<{ url: string; cut: () => void; restore: () => void; close: () => void }> {
  const net = await import('node:net');
  const sockets = new Set<import('node:net').Socket>();
  let accepting = true;
  const server = net.createServer((client) => {
    if (!accepting) return client.destroy();
    const upstream = net.connect(new URL(config().DOCKER_HOST).pathname);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', drop);
      s.on('close', () => {
        drop();
        sockets.delete(s);
      });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  const cut = () => {
    accepting = false;
    for (const s of sockets) s.destroy();
  };
  return {
    url: `tcp://127.0.0.1:${port}`,
    cut,
    restore: () => (accepting = true),
    close: () => {
      cut();
      server.close();
    },
  };
}
