import { spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installHooks } from './hooks';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);

describe('pre-receive hook', () => {
  const run = async (input: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-hooks-'));
    await installHooks(dir);
    return spawnSync(path.join(dir, 'hooks', 'pre-receive'), [], {
      input,
      env: { BERTH_DEFAULT_BRANCH: 'main', PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
  };

  it('accepts ordinary updates, other-branch deletions and force-pushes', async () => {
    expect((await run(`${A} ${A.replace('a', 'b')} refs/heads/main\n${A} ${Z} refs/heads/feature\n`)).status).toBe(0);
  });

  it('refuses deleting the default branch', async () => {
    const r = await run(`${A} ${Z} refs/heads/main\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to delete the default branch main');
  });

  it('refuses refs with a component starting with "-"', async () => {
    const r = await run(`${Z} ${A} refs/heads/-rf\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('must not start with "-"');
  });
});
