import type { APIRequestContext } from '@playwright/test';
import { expect, randomSuffix, test } from './fixtures';

/**
 * Deploys, Env and Settings tabs on a real app: set an env var (masked, new release goes live),
 * see releases with their build, scale to 2, roll back to v1 from the Deploys tab.
 */
async function releases(api: APIRequestContext, name: string) {
  const res = await api.get(`/api/apps/${name}/releases`);
  return ((await res.json()) as { releases: { version: number; status: string; description: string }[] }).releases;
}

test('env var change, scale and rollback from the UI', async ({ signedInPage: page, api }) => {
  test.setTimeout(480_000);
  const name = `dep${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  page.on('dialog', (d) => void d.accept());
  try {
    await expect
      .poll(async () => (await releases(api, name))[0]?.status, { timeout: 240_000, intervals: [2_000] })
      .toBe('LIVE');

    // Env: add a variable; it is shown masked and deployed as v2.
    await page.goto(`/apps/${name}/env`);
    await page.getByLabel('Key').fill('GREETING');
    await page.getByLabel('Value').fill('e2e-secret-value');
    await page.getByRole('button', { name: 'Save and deploy' }).click();
    await expect(page.getByTestId('env-GREETING')).toBeVisible();
    await expect(page.getByTestId('env-GREETING')).not.toContainText('e2e-secret-value');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByTestId('env-GREETING')).toContainText('e2e-secret-value');
    await expect
      .poll(async () => (await releases(api, name))[0], { timeout: 120_000, intervals: [1_000] })
      .toMatchObject({ version: 2, status: 'LIVE', description: 'Set GREETING' });

    // Settings: the formation table (web only for this app) and the tier table; scale web to 2.
    await page.goto(`/apps/${name}/settings`);
    await expect(page.getByTestId('tier-small')).toContainText('0.05 CPU');
    await page.getByLabel('Instances of web').fill('2');
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    // The notice resolves when the SCALE deployment finished (the page's live stream).
    await expect(page.getByTestId('operation-notice')).toHaveText(/Scal(ing|ed) web=2/);
    await expect
      .poll(async () => ((await (await api.get(`/api/apps/${name}`)).json()) as { app: { runningInstances: number } }).app.runningInstances, {
        timeout: 120_000,
        intervals: [1_000],
      })
      .toBe(2);
    await expect(page.getByTestId('operation-notice')).toHaveText('Scaled web=2', { timeout: 10_000 });

    // Deploys: releases listed with their build; roll back to v1.
    await page.goto(`/apps/${name}/deploys`);
    await expect(page.getByTestId('release-v2')).toContainText('Set GREETING');
    await expect(page.getByTestId('release-v1')).toContainText('#1');
    await page.getByTestId('release-v1').getByRole('button', { name: 'Roll back to v1' }).click();
    await expect
      .poll(async () => (await releases(api, name))[0], { timeout: 120_000, intervals: [1_000] })
      .toMatchObject({ version: 3, status: 'LIVE', description: 'Rollback to v1' });
    await page.reload();
    await expect(page.getByTestId('release-v3')).toContainText('Rollback to v1');
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`);
  }
});
