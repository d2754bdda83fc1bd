import { afterAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { db, type Template } from '../../lib/db';
import { createTestApp, fixtureDir, get, removeAppImages, withRunningImage } from './builds-helpers';

// Broken apps: what fails, where, and in words a developer can act on.
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

async function build(template: Template, fixture: string) {
  const { app, commit } = await createTestApp({ template });
  created.push(app.name);
  const sha = await commit(fixtureDir(fixture));
  const row = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const status = await runBuild(row.id);
  return { status, build: await db.build.findUniqueOrThrow({ where: { id: row.id } }) };
}

describe('broken apps', () => {
  it('PHP syntax error: the build passes, the page answers 500', async () => {
    const { status, build: row } = await build('PHP', 'php-broken');
    expect(status).toBe('SUCCEEDED');
    await withRunningImage(row.imageTag!, {}, async (running) => {
      expect((await get(running.url)).status).toBe(500);
    });
  });

  it('Java compile error: FAILED at compile, with the javac error', async () => {
    const { status, build: row } = await build('JAVA', 'java-broken');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('compile');
    expect(row.error).toMatch(/^Compiling the app failed: `.*javac.*` exited with code 1/);
    expect(row.error).toMatch(/incompatible types: String cannot be converted to int/);
    expect(row.imageTag).toBeNull();
  });

  it('failing npm install: FAILED at install dependencies, naming the package', async () => {
    const { status, build: row } = await build('NODE', 'node-broken');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('install dependencies');
    expect(row.error).toMatch(/^Installing dependencies failed: `npm install --omit=dev` exited with code 1/);
    expect(row.error).toMatch(/berth-no-such-package-4f1c9a2e/);
  });

  it('no detectable language: FAILED at detect, listing what it looked for', async () => {
    const { status, build: row } = await build('PHP', 'no-language');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('detect');
    expect(row.error).toContain('No language detected. Looked for a Dockerfile at the repository root');
    expect(row.error).toContain('package.json (Node)');
    expect(row.error).toContain('pom.xml, *.java or *.jar (Java)');
  });

  it('unknown commit: FAILED at export', async () => {
    const { app } = await createTestApp({ template: 'NODE' });
    const row = await createBuild({ appId: app.id, commitSha: 'f'.repeat(40), trigger: 'PUSH', deployAfter: false });
    expect(await runBuild(row.id)).toBe('FAILED');
    const failed = await db.build.findUniqueOrThrow({ where: { id: row.id } });
    expect(failed.failedStep).toBe('export');
    expect(failed.error).toMatch(/could not read commit ffffffffffff/);
  });

  it('PHP with composer.json: composer installs (no packages, no network) and autoloads from public/', async () => {
    const { status, build: row } = await build('PHP', 'php-composer');
    expect(status).toBe('SUCCEEDED');
    await withRunningImage(row.imageTag!, {}, async (running) => {
      expect((await get(running.url)).text).toBe('Hello, Berth, from an autoloaded class');
    });
  });

  it('PHP with a Packagist requirement here: FAILED at install dependencies, saying why', async () => {
    const { status, build: row } = await build('PHP', 'php-composer-remote');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('install dependencies');
    expect(row.error).toMatch(/^Installing dependencies failed: `composer install .*` exited with code \d+/);
    expect(row.error).toContain('Packagist is not reachable from this machine');
  });

  it('Java pom.xml here: FAILED at install dependencies, naming Maven Central as the cause', async () => {
    const { status, build: row } = await build('JAVA', 'java-maven');
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('install dependencies');
    expect(row.error).toMatch(/`mvn -B -q dependency:go-offline` exited with code 1/);
    expect(row.error).toContain('Maven Central');
  });

  it('a build that is no longer QUEUED is skipped (idempotent job)', async () => {
    const { status, build: row } = await build('PHP', 'php-sample');
    expect(status).toBe('SUCCEEDED');
    expect(await runBuild(row.id)).toBe('skipped');
  });
});
