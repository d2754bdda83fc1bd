import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { db, type Template } from '../../lib/db';
import { starterFiles } from '../../lib/templates/starter';
import { RUNTIMES, ensureRuntimeImage } from '../../lib/templates/runtime-images';
import { createTestApp, fixtureDir, get, removeAppImages, withRunningImage } from './builds-helpers';

// Every language: the starter app and a hand-written sample build into images that answer HTTP.
const created: string[] = [];

beforeAll(async () => {
  for (const runtime of RUNTIMES) await ensureRuntimeImage(runtime);
}, 1_200_000);

afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

async function buildApp(template: Template, source: Record<string, string | Buffer> | string) {
  const { app, commit } = await createTestApp({ template });
  created.push(app.name);
  const sha = await commit(source, 'first');
  const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const status = await runBuild(build.id);
  const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
  if (status !== 'SUCCEEDED') throw new Error(`build ${status}: ${row.failedStep}: ${row.error}`);
  return { app, sha, build: row };
}

describe.each(['PHP', 'NODE', 'PYTHON', 'JAVA'] as const)('%s starter', (template) => {
  it('builds and shows language, version and commit', async () => {
    const { sha, build } = await buildApp(template, await starterFiles(template));
    expect(build.template).toBe(template);
    expect(build.imageTag).toMatch(new RegExp(`:${sha.slice(0, 12)}$`));
    expect(Number(build.imageSize)).toBeGreaterThan(0);
    const log = await db.buildLogLine.findMany({ where: { buildId: build.id }, orderBy: { seq: 'asc' } });
    expect(log.length).toBeGreaterThan(3);
    await withRunningImage(build.imageTag!, {}, async (running) => {
      const res = await get(running.url);
      expect(res.status).toBe(200);
      const words = { PHP: /Hello from PHP 8\.\d+/, NODE: /Hello from Node\.js v\d+/, PYTHON: /Hello from Python 3\.\d+/, JAVA: /Hello from Java 17/ };
      expect(res.text).toMatch(words[template]);
      expect(res.text).toContain(sha);
      // Runs as the non-root app user.
      const inspect = await running.container.inspect();
      expect(inspect.Config.User).toBe('app');
    });
  });
});

describe('Dockerfile starter', () => {
  it('a root Dockerfile is built as is', async () => {
    const { build } = await buildApp('DOCKERFILE', await starterFiles('DOCKERFILE'));
    expect(build.template).toBe('DOCKERFILE');
    await withRunningImage(build.imageTag!, {}, async (running) => {
      expect((await get(running.url)).text).toMatch(/Hello from a Dockerfile \(Python 3\.\d+/);
    });
  });
});

describe('hand-written samples', () => {
  it('PHP: two pages, an include, a form POST, .htaccess rewrite', async () => {
    const { build } = await buildApp('PHP', fixtureDir('php-sample'));
    await withRunningImage(build.imageTag!, { SITE_NAME: 'Harbour' }, async (running) => {
      const home = await get(running.url);
      expect(home.status).toBe(200);
      expect(home.text).toContain('<h1>Guestbook</h1>');
      expect(home.text).toMatch(/<footer>PHP 8\./);
      const about = await get(`${running.url}/about`);
      expect(about.text).toContain('A sample PHP app on Harbour.');
      const signed = await get(`${running.url}/sign.php`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'name=Ada+%3Cb%3E',
      });
      expect(signed.status).toBe(200);
      expect(signed.text).toContain('Thanks for signing, Ada &lt;b&gt;!');
      expect((await get(`${running.url}/sign.php`)).status).toBe(405);
      // /app/REVISION holds the commit (test/security/git-tree.test.ts) but is never served.
      expect((await get(`${running.url}/REVISION`)).status).toBe(403);
    });
  });

  it('Node: start script and a dependency installed from the npm registry', async () => {
    const { build } = await buildApp('NODE', fixtureDir('node-sample'));
    await withRunningImage(build.imageTag!, {}, async (running) => {
      const res = await get(running.url);
      expect(JSON.parse(res.text)).toMatchObject({ hello: 'node', twoDays: 172800000 });
      expect((await get(`${running.url}/uptime`)).text).toMatch(/^up 1 minute/);
    });
  });

  it('Python: WSGI app with two routes reading an env var, served by gunicorn', async () => {
    const { build } = await buildApp('PYTHON', fixtureDir('python-sample'));
    await withRunningImage(build.imageTag!, { GREETING: 'Ahoy' }, async (running) => {
      expect((await get(running.url)).text).toMatch(/^Ahoy from Python 3\.\d+/);
      expect(JSON.parse((await get(`${running.url}/env`)).text)).toEqual({ greeting: 'Ahoy', port: '5000' });
      expect((await get(`${running.url}/missing`)).status).toBe(404);
      const logs = (await running.container.logs({ stdout: true, stderr: true })).toString();
      expect(logs).toMatch(/gunicorn|Listening at/i);
    });
  });

  it('Java: two classes, one with main, serving com.sun.net.httpserver', async () => {
    const { build } = await buildApp('JAVA', fixtureDir('java-sample'));
    await withRunningImage(build.imageTag!, { GREETING: 'Hej' }, async (running) => {
      expect((await get(`${running.url}/?name=Berth`)).text).toBe('Hej, Berth! (Java 17)');
      // SIGTERM stops it (shutdown hook ran, exit 143), rather than docker's SIGKILL (137).
      await running.container.stop({ t: 20 });
      expect((await running.container.inspect()).State.ExitCode).toBe(143);
    });
  });
});
