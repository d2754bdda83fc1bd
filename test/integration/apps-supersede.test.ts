import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { api } from '../../scripts/harness/berth-api';
import { useBerthStack } from './harness/berth-stack';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';
import { waitFor } from './support/wait-for';

/**
 * Pushing while a build runs: the newest commit is queued and supersedes an older queued one.
 * A (slow build) runs; B is pushed and waits; C is pushed → B is cancelled and says so, C goes live.
 */
describe('newest push supersedes a queued one', () => {
  const stack = useBerthStack();
  const name = randomAppName('s');
  stack.apps.push(name);

  it('B is superseded by C while A builds; C ends up live', async () => {
    expect((await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' })).status).toBe(201);
    await waitForApp(name, (r) => r.status === 200, { timeoutMs: 180_000 });
    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const commit = async (message: string) => {
      await runGit(['add', '-A'], { cwd: work });
      await runGit(['commit', '-m', message], { cwd: work });
      return (await runGit(['rev-parse', 'HEAD'], { cwd: work })).stdout.trim();
    };
    const push = () => runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token });

    await writeFile(path.join(work, 'Dockerfile'), 'FROM berth/runtime-php\nRUN sleep 6 && echo "slow A" && exit 1\n');
    const a = await commit('A: slow');
    const pushA = push();
    await waitFor(() => db.build.findFirst({ where: { commitSha: a, status: 'RUNNING' } }), 60_000, 'A building');

    await runGit(['rm', '-q', 'Dockerfile'], { cwd: work });
    await writeFile(path.join(work, 'index.php'), '<?php echo "Version B";');
    const b = await commit('B');
    const pushB = push();
    await waitFor(() => db.build.findFirst({ where: { commitSha: b, status: 'QUEUED' } }), 60_000, 'B queued');

    await writeFile(path.join(work, 'index.php'), '<?php echo "Version C";');
    const c = await commit('C');
    const outC = await push();
    expect(outC.stderr).toMatch(/-----> Live at/);
    expect((await getThroughProxy(name)).body).toContain('Version C');

    const outB = await pushB;
    expect(outB.stderr).toMatch(/A newer push superseded this one/);
    expect(await db.build.findFirst({ where: { commitSha: b } })).toMatchObject({ status: 'CANCELLED' });
    const outA = await pushA;
    expect(outA.stderr).toMatch(/Build failed/);
    expect(await db.build.findFirst({ where: { commitSha: c } })).toMatchObject({ status: 'SUCCEEDED' });
  });
});
