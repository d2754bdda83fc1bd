import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { prebuildStarter } from '../../lib/apps/prebuild-starter';
import { db } from '../../lib/db';
import { TEMPLATE_NAMES } from '../../lib/model/templates';
import { api } from '../../scripts/harness/berth-api';
import { waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';
import { STARTER_TEXT } from '../../scripts/harness/starters';

/**
 * New app without a build: with the starter images prebuilt (as `npm run images` does at setup),
 * a new app of every template goes live from `berth/starter-<lang>` — its first build says it was
 * skipped, its release runs the starter image at the repository's own first commit — and a later
 * push to it still builds.
 */

describe('New app deploys the prebuilt starter image', () => {
  const stack = useBerthStack();
  const names: Partial<Record<keyof typeof STARTER_TEXT, string>> = {};

  beforeAll(async () => {
    for (const template of TEMPLATE_NAMES) await prebuildStarter(template);
  }, 900_000);

  it.each(TEMPLATE_NAMES)(
    '%s: live without a build, from the starter image at the seeded commit',
    async (template) => {
      const name = randomAppName(`s${template[0]}`);
      names[template] = name;
      const t0 = performance.now();
      const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      stack.apps.push(name);
      const live = await waitForApp(name, (r) => r.status === 200 && r.body.includes(STARTER_TEXT[template].greeting), { timeoutMs: 60_000, intervalMs: 50 });
      const ms = performance.now() - t0;
      expect(live.body).toContain(STARTER_TEXT[template].greeting);
      console.log(`${template}: click-to-live ${(ms / 1000).toFixed(2)} s (prebuilt starter)`);

      const app = await db.app.findUniqueOrThrow({
        where: { name },
        include: { repository: true, builds: { include: { logLines: { orderBy: { seq: 'asc' } } } }, releases: true },
      });
      expect(app.builds).toHaveLength(1);
      const [build] = app.builds;
      const log = build.logLines.map((l) => l.line).join('\n');
      expect(build.status, log).toBe('SUCCEEDED');
      expect(log).toMatch(/Build skipped: this is the \w+ starter commit/);
      expect(log).not.toMatch(/Step \d+\/\d+/); // no docker build ran
      expect(build.imageTag).toMatch(new RegExp(`^berth/starter-${template}:[0-9a-f]{16}$`));
      expect(build.commitSha).toBe(app.repository!.headCommit);
      expect(app.releases.map((r) => [r.version, r.status, r.imageTag, r.commitSha])).toEqual([[1, 'LIVE', build.imageTag, build.commitSha]]);
      // The running image carries the repository's commit (the starters print /app/REVISION).
      if (template !== 'static') expect(live.body).toContain(build.commitSha);
    },
    120_000,
  );

  it('a push to a starter app still builds', async () => {
    const name = names.php!;
    expect(name).toBeTruthy();
    const work = path.join(await tempDir(), 'w');
    expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
    const file = path.join(work, 'index.php');
    await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from PHP', 'Built after all'));
    await runGit(['commit', '-am', 'Edit the starter'], { cwd: work });
    const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 170_000 });
    expect(push.code, push.stderr).toBe(0);
    expect(push.stderr).toMatch(/remote: -----> Building php app/);
    expect(push.stderr).not.toMatch(/Build skipped/);
    const build = await db.build.findFirstOrThrow({ where: { app: { name } }, orderBy: { number: 'desc' } });
    expect(build.number).toBe(2);
    expect(build.imageTag).toMatch(new RegExp(`^berth/${name}:[0-9a-f]{12}$`));
    expect((await waitForApp(name, (r) => r.body.includes('Built after all'), { timeoutMs: 10_000 })).status).toBe(200);
  }, 180_000);
});
