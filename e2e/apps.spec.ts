import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, fullPageScreenshot, git, randomSuffix, test } from './fixtures';

/**
 * The one-click path in a real browser: Apps → New app (PHP) → the progress goes
 * repository ✓ → building (log) → starting → health check → live, then the live URL serves the
 * PHP starter page.
 */
test('create a PHP app, watch it go live and open it', async ({ signedInPage: page }) => {
  test.setTimeout(240_000);
  const name = `e2e-${randomSuffix()}`;
  await page.goto('/apps');
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();

  await page.getByTestId('new-app').first().click();
  const dialog = page.getByRole('dialog', { name: 'New app' });
  await dialog.getByLabel('Name').fill('Bad Name');
  await expect(dialog.getByText('Name must be lower-case')).toBeVisible();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('PHP').check();
  await dialog.getByTestId('create-app').click();

  await page.waitForURL(`**/apps/${name}`);
  const progress = page.getByTestId('launch-progress');
  await expect(progress).toBeVisible();
  await expect(progress.getByTestId('step-repository')).toHaveAttribute('data-state', 'done');
  await expect(progress.getByTestId('build-log')).toBeVisible({ timeout: 60_000 });
  await expect(progress.getByTestId('step-live')).toHaveAttribute('data-state', 'done', { timeout: 180_000 });
  const link = progress.getByTestId('live-url').getByRole('link');
  const url = await link.getAttribute('href');
  expect(url).toMatch(new RegExp(`^http://${name}\\.`));
  await fullPageScreenshot(page, `e2e/artifacts/apps-live-${name}.png`);

  await page.goto(url!);
  await expect(page.getByRole('heading', { name: /Hello from PHP/ })).toBeVisible();

  // Back on the list, the app shows as live.
  await page.goto(`/apps?search=${name}`);
  await expect(page.getByTestId(`app-row-${name}`).getByTestId('app-status-badge')).toHaveText('live');
});

/**
 * git over the real Next server: clone with a personal token, push a change → the push output
 * narrates the deploy and ends live; the browser then sees the new version.
 */
test('clone and git push through Berth redeploys the app', async ({ api, adminToken, page }) => {
  test.setTimeout(240_000);
  const name = `e2e-push-${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status()).toBe(201);
  const { gitUrl, url } = (await created.json()) as { gitUrl: string; url: string };

  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-git-'));
  const work = path.join(dir, 'w');
  const auth = ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`git:${adminToken}`).toString('base64')}`];
  expect((await git([...auth, 'clone', gitUrl, work])).code).toBe(0);
  const file = path.join(work, 'index.php');
  await writeFile(file, (await readFile(file, 'utf8')).replaceAll('Hello from PHP', 'Pushed from e2e'));
  await git(['commit', '-am', 'e2e change'], work);
  const push = await git([...auth, 'push', 'origin', 'main'], work);
  expect(push.code, push.stderr).toBe(0);
  expect(push.stderr).toMatch(/remote: -----> Building php app/);
  expect(push.stderr).toMatch(/remote: -----> Live at http:\/\//);
  expect(push.stderr).not.toContain(adminToken);

  await page.goto(url);
  await expect(page.getByRole('heading', { name: /Pushed from e2e/ })).toBeVisible();
});
