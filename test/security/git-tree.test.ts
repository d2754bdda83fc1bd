import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { initRepo } from '../../lib/git/init-repo';
import { repoDir, repoRelativePath } from '../../lib/git/repo-path';
import { startBerthServer, type TestServer } from '../../scripts/harness/berth-server';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';
import { createTestApp, removeAppImages } from '../integration/builds-helpers';
import { blob, commitTree, git, literalTree, runInImage } from './support';

/**
 * Finding 1 (critical): a pushed tree holding a symlink and then a regular file of the same name
 * made the build export write the file THROUGH the link — anywhere on the machine, e.g. another
 * repository's hooks, which git http-backend runs as root. Also a plain `REVISION` symlink made
 * the build overwrite its target with the commit SHA.
 */
describe('malicious trees', () => {
  let server: TestServer;
  let owner: TestUser;
  let name: string;
  let outside: string;
  const images: string[] = [];

  beforeAll(async () => {
    server = await startBerthServer();
    owner = await createTestUser();
    name = randomAppName('s');
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
    outside = path.join(await tempDir('berth-outside-'), 'victim');
    await mkdir(outside);
  });
  afterAll(async () => {
    await server?.close();
    for (const image of images) await removeAppImages(image);
  });

  /** A commit whose root tree is [x -> target (symlink), x (file with `content`)]. */
  async function duplicateEntryCommit(gitDir: string, target: string, content: string, parent?: string) {
    const link = await blob(gitDir, target);
    const file = await blob(gitDir, content);
    const tree = await literalTree(gitDir, [
      { mode: '120000', name: 'x', oid: link },
      { mode: '100644', name: 'x', oid: file },
    ]);
    return commitTree(gitDir, tree, parent);
  }

  it('a push of a tree with a symlink and a file of the same name is refused (receive.fsckObjects)', async () => {
    const dir = await tempDir();
    const work = path.join(dir, 'w');
    expect((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: owner.token })).code).toBe(0);
    const target = path.join(outside, 'pushed');
    const head = (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout;
    const evil = await duplicateEntryCommit(path.join(work, '.git'), target, 'owned by a push\n', head);
    const push = await runGit(['push', 'origin', `${evil}:refs/heads/main`], { cwd: work, token: owner.token });
    expect(push.code).not.toBe(0);
    expect(push.stderr).toMatch(/duplicateEntries|fsck/);
    // Nothing reached the repository, nothing was built, nothing was written.
    expect((await git(['--git-dir', repoDir(name), 'cat-file', '-e', evil])).code).not.toBe(0);
    expect(await db.build.count({ where: { app: { name } } })).toBe(0);
    expect(existsSync(target)).toBe(false);
  });

  it("a push never runs hooks planted inside a repository (core.hooksPath is Berth's own)", async () => {
    const marker = path.join(outside, 'planted-hook-ran');
    const planted = path.join(repoDir(name), 'hooks', 'pre-receive');
    await writeFile(planted, `#!/bin/sh\ntouch ${marker}\n`);
    await chmod(planted, 0o755);
    const dir = await tempDir();
    const work = path.join(dir, 'w');
    expect((await runGit(['clone', `${server.url}/git/${name}.git`, work], { token: owner.token })).code).toBe(0);
    await writeFile(path.join(work, 'b.txt'), 'b');
    await runGit(['add', '.'], { cwd: work });
    await runGit(['commit', '-m', 'branch'], { cwd: work });
    const push = await runGit(['push', 'origin', 'HEAD:refs/heads/feature'], { cwd: work, token: owner.token });
    expect(push.code, push.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  it('a build of such a commit already in a repository fails at export and writes nothing outside', async () => {
    // A repository that predates receive.fsckObjects (or was pushed to locally) may hold it.
    const { app } = await createTestApp({ template: 'PHP' });
    images.push(app.name);
    const bare = path.join(config().paths.data, 'repos', `${app.name}.git`);
    const target = path.join(outside, 'exported');
    const sha = await duplicateEntryCommit(bare, target, 'owned by a build\n');
    await git(['--git-dir', bare, 'update-ref', 'refs/heads/main', sha]);
    const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
    expect(await runBuild(build.id)).toBe('FAILED');
    const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect(row.failedStep).toBe('export');
    expect(row.error).toContain('refusing duplicate entry in commit: "x"');
    expect(existsSync(target)).toBe(false);
  });

  it('a REVISION symlink in the repository does not make the build overwrite its target', async () => {
    const { app, commit } = await createTestApp({ template: 'PHP' });
    images.push(app.name);
    const target = path.join(outside, 'revision-target');
    await writeFile(target, 'ORIGINAL\n');
    await commit({ 'index.php': '<?php echo "rev";' });
    const work = path.join(config().paths.data, 'work', app.name);
    await symlink(target, path.join(work, 'REVISION'));
    await git(['add', 'REVISION'], { cwd: work });
    await git(['commit', '-q', '-m', 'revision link'], { cwd: work });
    const bare = path.join(config().paths.data, 'repos', `${app.name}.git`);
    expect((await git(['push', '-q', bare, 'HEAD:refs/heads/main'], { cwd: work })).code).toBe(0);
    const sha = (await git(['rev-parse', 'HEAD'], { cwd: work })).stdout;
    expect((await git(['ls-tree', 'HEAD', 'REVISION'], { cwd: work })).stdout).toMatch(/^120000 /);
    const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
    expect(await runBuild(build.id)).toBe('SUCCEEDED');
    expect(await readFile(target, 'utf8')).toBe('ORIGINAL\n');
    const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect((await runInImage(row.imageTag!, ['cat', '/app/REVISION'])).trim()).toBe(sha);
  });
});
