import path from 'node:path';
import { expect, fullPageScreenshot, randomSuffix, test } from './fixtures';

// Add-ons from the UI: an admin opens an app's Add-ons tab, adds PostgreSQL, sees it become
// available with its connection string masked, opens its CPU/memory charts and server log, finds
// it on the Hosts page, then finds DATABASE_URL (masked) on the Env tab.
const shot = (name: string) => path.join('e2e', 'artifacts', `addons-${name}.png`);

test('add PostgreSQL from the UI: charts, server log, Hosts page, DATABASE_URL masked on the Env tab', async ({ signedInPage: page, api }) => {
  test.setTimeout(420_000);
  const name = `addon${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  try {
    await page.goto(`/apps/${name}/addons`);
    await expect(page.getByText('No add-ons yet.')).toBeVisible();
    await page.getByTestId('addon-type').selectOption('postgres');
    await page.getByTestId('addon-add').click();
    const card = page.getByTestId('addon-postgres');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('addon-status')).toHaveText('available', { timeout: 300_000 });
    await expect(card.getByTestId('addon-url')).toContainText('••••');
    await fullPageScreenshot(page, shot('tab'));

    // Its container is sampled and its log shipped like an app instance's.
    await card.getByTestId('addon-observe').locator('summary').click();
    await expect(card.getByTestId('addon-logs')).toContainText('ready to accept connections', { timeout: 60_000 });
    await expect(card.getByTestId('addon-memory-chart')).not.toHaveAttribute('data-points', '0', { timeout: 60_000 });
    await expect(card.getByTestId('addon-cpu-chart').locator('svg').first()).toBeVisible();
    await fullPageScreenshot(page, shot('observe'));

    await page.goto('/hosts');
    await expect(page.getByTestId('host-addon').filter({ hasText: name })).toContainText('PostgreSQL 15');

    await page.goto(`/apps/${name}/env`);
    const row = page.getByTestId('env-DATABASE_URL');
    await expect(row).toBeVisible();
    await expect(row).not.toContainText('postgres://u');
    await expect(page.getByTestId('env-POSTGRES_URL')).toBeVisible();
    await fullPageScreenshot(page, shot('env'));
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`);
  }
});
