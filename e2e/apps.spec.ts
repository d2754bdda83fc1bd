import { expect, randomSuffix, test } from './fixtures';

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
  await page.screenshot({ path: `e2e/artifacts/apps-live-${name}.png`, fullPage: true });

  await page.goto(url!);
  await expect(page.getByRole('heading', { name: /Hello from PHP/ })).toBeVisible();

  // Back on the list, the app shows as live.
  await page.goto(`/apps?search=${name}`);
  await expect(page.getByTestId(`app-row-${name}`).getByTestId('app-status-badge')).toHaveText('live');
});
