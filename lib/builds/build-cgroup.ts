import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

/**
 * A cgroup per build, given to `docker build` as its cgroup parent, so every RUN container of
 * the build lives under it and shares one process limit (pids.max): a fork bomb stops at the
 * limit instead of taking the machine down. Docker's build API has memory and CPU options but
 * no pids option, hence this. Works with the engine's cgroupfs driver on cgroup v1 (pids
 * hierarchy) and v2 (unified); the engine must run on this machine.
 */
export const CGROUP_ROOT = '/sys/fs/cgroup';
const GROUP = 'berth-build';

export type BuildCgroup = {
  /** For the build's `cgroupparent` option. */
  parent: string;
  /** Removes the cgroup directories once the build's containers are gone (best effort). */
  release: () => Promise<void>;
};

export async function createBuildCgroup(key: string, pidsMax: number, root = CGROUP_ROOT): Promise<BuildCgroup> {
  if (!/^[a-z0-9][a-z0-9-]{0,100}$/.test(key)) throw new Error(`invalid build cgroup key ${JSON.stringify(key)}`);
  const parent = `/${GROUP}/${key}`;
  if (existsSync(path.join(root, 'cgroup.controllers'))) {
    // cgroup v2: enable the controllers for the children on the way down, then set the limit.
    const group = path.join(root, GROUP);
    await fs.mkdir(group, { recursive: true });
    await enable(root, ['pids', 'memory', 'cpu']);
    await enable(group, ['pids', 'memory', 'cpu']);
    const dir = path.join(group, key);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'pids.max'), String(pidsMax));
    await enable(dir, ['pids', 'memory', 'cpu']);
  } else {
    const pids = path.join(root, 'pids');
    if (!existsSync(pids)) throw new Error(`no pids cgroup controller under ${root}`);
    const dir = path.join(pids, GROUP, key);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, 'pids.max'), String(pidsMax));
  }
  return { parent, release: () => releaseCgroup(root, key) };
}

/** The process limit in force for a build's cgroup (tests), or null when there is none. */
export async function buildPidsMax(key: string, root = CGROUP_ROOT): Promise<string | null> {
  for (const dir of [path.join(root, GROUP, key), path.join(root, 'pids', GROUP, key)]) {
    const value = await fs.readFile(path.join(dir, 'pids.max'), 'utf8').catch(() => null);
    if (value !== null) return value.trim();
  }
  return null;
}

async function enable(dir: string, controllers: string[]): Promise<void> {
  const available = (await fs.readFile(path.join(dir, 'cgroup.controllers'), 'utf8').catch(() => '')).split(/\s+/);
  const wanted = controllers.filter((c) => available.includes(c));
  if (!wanted.includes('pids')) throw new Error(`the pids controller is not available in ${dir}`);
  await fs.writeFile(path.join(dir, 'cgroup.subtree_control'), wanted.map((c) => `+${c}`).join(' '));
}

async function releaseCgroup(root: string, key: string): Promise<void> {
  const dirs = existsSync(path.join(root, 'cgroup.controllers'))
    ? [path.join(root, GROUP, key)]
    : (await fs.readdir(root).catch(() => [] as string[])).map((c) => path.join(root, c, GROUP, key));
  for (const dir of dirs) {
    // Docker removes each step container's cgroup shortly after the container; wait a little.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        await fs.rmdir(dir);
        break;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
}
