import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { config } from '../../lib/config';
import { db, type Template } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';

const run = promisify(execFile);
const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Berth Test',
  GIT_AUTHOR_EMAIL: 'test@berth.local',
  GIT_COMMITTER_NAME: 'Berth Test',
  GIT_COMMITTER_EMAIL: 'test@berth.local',
};

export const randomName = (prefix = 't') => `${prefix}${Math.random().toString(36).slice(2, 10)}`;
export const fixtureDir = (name: string) => path.resolve(import.meta.dirname, '../fixtures/apps', name);

async function git(cwd: string, ...args: string[]) {
  const { stdout } = await run('git', args, { cwd, env: GIT_ENV, timeout: 30_000 });
  return stdout.trim();
}

/**
 * An app with a real bare repository under the run's data dir (repos/<name>.git, the layout
 * APPS uses) and a work tree to commit from, pushed with the real git client.
 */
export async function createTestApp(options: { template: Template; name?: string }) {
  const name = options.name ?? randomName();
  const repoRel = path.join('repos', `${name}.git`);
  const bare = path.join(config().paths.data, repoRel);
  const work = path.join(config().paths.data, 'work', name);
  await fs.mkdir(bare, { recursive: true });
  await fs.mkdir(work, { recursive: true });
  await git(bare, 'init', '--bare', '--initial-branch=main');
  await git(work, 'init', '--initial-branch=main');
  const app = await db.app.create({ data: { name, template: options.template } });
  await db.repository.create({ data: { appId: app.id, path: repoRel } });

  /** Replaces the work tree with `files` (path → content) or copies a directory; commits; pushes. */
  async function commit(source: Record<string, string | Buffer> | string, message = 'update'): Promise<string> {
    for (const entry of await fs.readdir(work)) if (entry !== '.git') await fs.rm(path.join(work, entry), { recursive: true });
    if (typeof source === 'string') await fs.cp(source, work, { recursive: true });
    else
      for (const [file, content] of Object.entries(source)) {
        await fs.mkdir(path.dirname(path.join(work, file)), { recursive: true });
        await fs.writeFile(path.join(work, file), content);
      }
    await git(work, 'add', '-A');
    await git(work, 'commit', '--allow-empty', '-q', '-m', message);
    await git(work, 'push', '-q', bare, 'HEAD:refs/heads/main');
    return git(work, 'rev-parse', 'HEAD');
  }
  return { app, commit, work };
}

type RunningImage = Awaited<ReturnType<typeof runImage>>;

/** Runs `use` against the image's container (runImage), and stops and removes it afterwards. */
export async function withRunningImage(image: string, env: Record<string, string>, use: (running: RunningImage) => Promise<void>): Promise<void> {
  const running = await runImage(image, env);
  try {
    await use(running);
  } finally {
    await running.stop();
  }
}

/** Runs an image with PORT set, published on a random 127.0.0.1 port; waits for HTTP. */
async function runImage(image: string, env: Record<string, string> = {}) {
  const docker = localDocker();
  const container = await docker.createContainer({
    Image: image,
    Env: Object.entries({ PORT: '5000', ...env }).map(([k, v]) => `${k}=${v}`),
    Labels: { 'berth.installation': config().BERTH_INSTALLATION, 'berth.test': 'builds' },
    ExposedPorts: { '5000/tcp': {} },
    HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] }, Memory: 512 * 1024 * 1024 },
  });
  await container.start();
  const info = await container.inspect();
  const port = info.NetworkSettings.Ports['5000/tcp']?.[0]?.HostPort;
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await container.stop({ t: 5 }).catch(() => {});
    await container.remove({ force: true }).catch(() => {});
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      break;
    } catch {
      const state = (await container.inspect()).State;
      if (!state.Running || Date.now() > deadline) {
        const logs = await container.logs({ stdout: true, stderr: true, tail: 50 });
        await stop();
        throw new Error(`container did not answer HTTP (running=${state.Running}):\n${logs.toString()}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { url, stop, container };
}

export async function get(url: string, init?: RequestInit) {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
}

/** Removes the app's images (best effort) so runs don't pile up tags. */
export async function removeAppImages(appName: string) {
  const docker = localDocker();
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`berth.app=${appName}`] }) });
  for (const image of images) await docker.getImage(image.Id).remove({ force: true }).catch(() => {});
}
