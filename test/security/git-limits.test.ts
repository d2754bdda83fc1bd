import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { initRepo } from '../../lib/git/init-repo';
import { repoDir, repoRelativePath } from '../../lib/git/repo-path';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { git } from './support';

// Findings 4 and 7: pushes and repositories had no size limit, and the push body went to git
// unbounded. Small limits for this file (config() reads them lazily).
process.env.BERTH_GIT_MAX_PUSH_MB = '1';
process.env.BERTH_GIT_MAX_REPO_MB = '2';

describe('push size limits', () => {
  let server: TestServer;
  let owner: TestUser;
  let name: string;
  let work: string;

  beforeAll(async () => {
    server = await startBerthServer();
    owner = await createTestUser();
    name = randomAppName('l');
    await initRepo({
      gitdir: repoDir(name),
      defaultBranch: 'main',
      files: [{ path: 'index.php', content: '<?php echo "hello";' }],
      message: 'init',
      author: { name: 'Berth', email: owner.email },
    });
    await db.app.create({
      data: {
        name,
        template: 'PHP',
        members: { create: { userId: owner.id, role: 'OWNER' } },
        repository: { create: { path: repoRelativePath(name) } },
      },
    });
    work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: owner.token })).code).toBe(0);
  });
  afterAll(async () => server?.close());

  const remoteHead = async (ref: string) => (await git(['--git-dir', repoDir(name), 'rev-parse', '--verify', '-q', ref])).stdout;

  /** Commits `kb` KB of random (incompressible) bytes and pushes them to `ref`. */
  async function pushRandom(file: string, kb: number, ref: string) {
    await writeFile(path.join(work, file), randomBytes(kb * 1024));
    await runGit(['add', file], { cwd: work });
    await runGit(['commit', '-q', '-m', file], { cwd: work });
    return runGit(['push', 'origin', `HEAD:${ref}`], { cwd: work, token: owner.token, timeoutMs: 120_000 });
  }

  it('a push larger than BERTH_GIT_MAX_PUSH_MB is refused and stores nothing', async () => {
    const before = await remoteHead('refs/heads/big');
    const push = await pushRandom('big.bin', 3 * 1024, 'refs/heads/big');
    expect(push.code).not.toBe(0);
    expect(push.stderr).toContain('pack exceeds maximum allowed size');
    expect(await remoteHead('refs/heads/big')).toBe(before);
    await runGit(['reset', '-q', '--hard', 'HEAD~1'], { cwd: work });
  });

  it('a request announcing a body over the limit gets 413 before anything is read', async () => {
    const auth = `Basic ${Buffer.from(`x:${owner.token}`).toString('base64')}`;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: server.port,
          method: 'POST',
          path: `/git/${name}.git/git-receive-pack`,
          headers: { authorization: auth, 'content-type': 'application/x-git-receive-pack-request', 'content-length': String(200 * 1024 * 1024) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      req.on('error', reject);
      req.write(Buffer.alloc(64 * 1024)); // a first slice; the rest never comes
    });
    expect(status).toBe(413);
  });

  it('pushes that would grow the repository past BERTH_GIT_MAX_REPO_MB are refused (pre-receive)', async () => {
    const first = await pushRandom('a.bin', 900, 'refs/heads/grow');
    expect(first.code, first.stderr).toBe(0);
    const second = await pushRandom('b.bin', 900, 'refs/heads/grow');
    expect(second.code, second.stderr).toBe(0);
    const headBefore = await remoteHead('refs/heads/grow');
    const third = await pushRandom('c.bin', 900, 'refs/heads/grow');
    expect(third.code).not.toBe(0);
    expect(third.stderr).toMatch(/the repository would use \d+ MB, more than its limit of 2 MB/);
    expect(await remoteHead('refs/heads/grow')).toBe(headBefore);
  });
});
