import fs from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import git from 'isomorphic-git';
import { describe, expect, it } from 'vitest';
import { STARTER_COMMIT } from '../templates/starter';
import { initStarterRepo, starterCommitSha } from './starter-commit';

describe('starter commit', () => {
  it('is the same SHA for every new app of a template (what its prebuilt image carries)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'starter-commit-test-'));
    try {
      const a = await initStarterRepo(path.join(dir, 'a.git'), 'php', 'main');
      const b = await initStarterRepo(path.join(dir, 'b.git'), 'php', 'trunk');
      expect(a.commitSha).toBe(b.commitSha);
      expect(await starterCommitSha('php')).toBe(a.commitSha);
      const { commit } = await git.readCommit({ fs, gitdir: path.join(dir, 'a.git'), oid: a.commitSha });
      expect(commit.author).toMatchObject({ ...STARTER_COMMIT.author, timestamp: STARTER_COMMIT.timestamp });
      expect(commit.message.trim()).toBe('Initial php app from Berth');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('differs between templates', async () => {
    expect(await starterCommitSha('node')).not.toBe(await starterCommitSha('python'));
  });
});
