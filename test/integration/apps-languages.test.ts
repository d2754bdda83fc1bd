import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { api } from '../../scripts/harness/berth-api';
import { useBerthStack } from './harness/berth-stack';
import { getThroughProxy, waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';

/**
 * The developer path for every compiled/interpreted starter besides PHP (apps-push.test.ts):
 * create from a template through the API → live through nginx → clone with git → edit the
 * starter → push → the push narrates "Live at" and the proxy serves the new code, not the old.
 */
const languages = [
  { template: 'node', greeting: 'Hello from Node.js', file: 'server.js' },
  { template: 'python', greeting: 'Hello from Python', file: 'app.py' },
  // Compiled by javac during the build: the marker goes into the Java source's string literal.
  { template: 'java', greeting: 'Hello from Java', file: 'src/Main.java' },
] as const;

describe('Node, Python and Java apps: create → live → git push → live', () => {
  const stack = useBerthStack();
  const created = stack.apps;

  it.each(languages)(
    '$template: the starter goes live, and a pushed edit replaces it',
    async ({ template, greeting, file }) => {
      const name = randomAppName(template[0]);
      const res = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template });
      expect(res.status, JSON.stringify(res.json)).toBe(201);
      created.push(name);
      expect(res.json).toMatchObject({ name, template });

      const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes(greeting), { timeoutMs: 150_000 });
      expect(live.status, await diagnose(name)).toBe(200);
      expect(live.body, await diagnose(name)).toContain(greeting);
      const got = await api(stack.server.url, stack.user.token, 'GET', `/api/apps/${name}`);
      expect(got.json.app).toMatchObject({ name, status: 'live' });

      const work = path.join(await tempDir(), 'w');
      const clone = await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token });
      expect(clone.code, clone.stderr).toBe(0);
      const source = path.join(work, file);
      const original = await readFile(source, 'utf8');
      expect(original).toContain(greeting);
      const marker = `Marker${Math.random().toString(36).slice(2, 10)}`;
      await writeFile(source, original.replaceAll(greeting, marker));
      const commit = await runGit(['commit', '-am', `Show ${marker}`], { cwd: work });
      expect(commit.code, commit.stderr).toBe(0);

      const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 170_000 });
      expect(push.code, push.stderr).toBe(0);
      expect(push.stderr).toMatch(new RegExp(`remote: -----> Building ${template} app \\([0-9a-f]{7}\\)`));
      // The last thing the remote says is where the new version lives.
      const remoteLines = push.stderr.split(/\r?\n|\r/).filter((l) => /^remote:.*\S/.test(l));
      expect(remoteLines.at(-1), push.stderr).toMatch(new RegExp(`Live at http://${name}\\.`));

      const served = await getThroughProxy(name);
      expect(served.status, served.body).toBe(200);
      expect(served.body, push.stderr).toContain(marker);
      expect(served.body).not.toContain(greeting);
    },
    180_000,
  );
});

/** Rows that explain why an app is not live (printed only when an assertion fails). */
async function diagnose(name: string): Promise<string> {
  const app = await db.app.findUnique({
    where: { name },
    include: { builds: true, releases: true, deployments: true, instanceRows: true },
  });
  return JSON.stringify(app, (_k, v) => (typeof v === 'bigint' ? String(v) : v), 1);
}
