import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { api } from '../../scripts/harness/berth-api';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';

/**
 * `git push` with the real git client tells success from failure by its exit status: 0 when the
 * release went live; non-zero, with a last line naming the failing step and what to do, when the
 * build or the deploy failed (the refs were updated, Dokku style; the previous release keeps
 * serving). The health-check failure of an app listening on 3999 instead of $PORT says so.
 */
// The wrong-port app never answers: its deploy fails at the startup deadline, 20 s here instead
// of the default 60 (the PHP starter answers within a second or two, even on a loaded machine).
process.env.BERTH_HEALTH_STARTUP_SECONDS = '20';

describe('git push exit status', () => {
  const stack = useBerthStack();
  const name = randomAppName('x');
  stack.apps.push(name);
  let work: string;

  const push = async (message: string) => {
    await runGit(['add', '-A'], { cwd: work });
    expect((await runGit(['commit', '-qm', message], { cwd: work })).code).toBe(0);
    const started = Date.now();
    const result = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token });
    const tail = result.stderr.trim().split('\n').slice(-4).join('\n');
    console.log(`[push-exit-status] "${message}": exit ${result.code} after ${Date.now() - started} ms; git's last lines:\n${tail}`);
    return result;
  };

  it('a good push exits 0 once live', async () => {
    const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template: 'php' });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    await waitForApp(name, (r) => r.status === 200, { timeoutMs: 240_000 });
    work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const file = path.join(work, 'index.php');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from PHP', 'Good push'));
    const result = await push('good');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/remote: -----> Live at http:\/\//);
    expect(result.stderr).not.toMatch(/Push failed/);
  }, 600_000); // creation and a push: slow on a loaded machine

  it('a failing build exits non-zero and names the step and what to do', async () => {
    await writeFile(path.join(work, 'Dockerfile'), 'FROM berth/runtime-php\nRUN echo "broken on purpose" && exit 3\n');
    const result = await push('broken build');
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stderr).toContain('broken on purpose');
    expect(result.stderr).toMatch(/remote: Push failed: the build of [0-9a-f]{7} failed at step "[a-z ]+".*push again\. v2 keeps serving\./);
    expect((await getThroughProxy(name)).body).toContain('Good push');
  });

  it('an app listening on 3999 instead of $PORT fails the health check: exit non-zero, port named, log quoted', async () => {
    // Prints where it "listens" and never binds $PORT.
    await writeFile(
      path.join(work, 'Dockerfile'),
      'FROM berth/runtime-php\nCMD ["sh", "-c", "echo listening on 3999; exec sleep 3600"]\n',
    );
    const result = await push('wrong port');
    expect(result.code, result.stderr).not.toBe(0);
    expect(result.stderr).toMatch(/nothing answered HTTP on port 5000 \(\$PORT\)/);
    expect(result.stderr).toMatch(/the app's log mentions port 3999 \("listening on 3999"\): make it listen on \$PORT \(5000\) instead/);
    expect(result.stderr).toMatch(/remote: Push failed: [0-9a-f]{7} built, but v\d+ did not go live — it failed at health check: .*Make the web process listen on \$PORT.* v2 keeps serving\./);
    const release = await db.release.findFirstOrThrow({ where: { app: { name } }, orderBy: { version: 'desc' } });
    expect(release).toMatchObject({ status: 'FAILED', failedStep: 'health check' });
    expect(release.failureDetail).toContain('Last log lines of web.0:\n  listening on 3999');
    expect((await getThroughProxy(name)).body).toContain('Good push');
  });
});
