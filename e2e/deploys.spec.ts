import { execFile } from 'node:child_process';
import type { APIRequestContext } from '@playwright/test';
import { expect, fullPageScreenshot, randomSuffix, test } from './fixtures';

/**
 * Deploys, Env and Settings tabs on a real app: set an env var (masked, new release goes live),
 * see releases with their build, scale to 2, a scale past capacity that stays on the Overview as a
 * failure (issue #16) until a scale succeeds, roll back to v1 from the Deploys tab, a killed
 * container showing up live in the activity feed behind its chip, and delete with typed confirmation.
 */
async function instances(api: APIRequestContext, name: string) {
  const res = await api.get(`/api/apps/${name}/instances`);
  return ((await res.json()) as { instances: { containerName: string; state: string }[] }).instances;
}

/** `docker kill` of an app container, as an outage would (argv array, bounded in time); the exit code. */
function dockerKill(container: string): Promise<number> {
  return new Promise((resolve) => execFile('docker', ['kill', '--', container], { timeout: 30_000 }, (error) => resolve(error ? 1 : 0)));
}

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

    // A scale past capacity is refused with the reason, and stays on the Overview as a failure
    // (issue #16): step, reason naming capacity with a link to Hosts, Retry and Roll back.
    await page.getByLabel('Instances of web').fill('20');
    await page.getByLabel('Tier of web').selectOption('large');
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not enough capacity' })).toBeVisible();
    await page.getByRole('link', { name: 'Overview' }).click();
    const banner = page.getByTestId('failure-banner');
    await expect(banner.getByTestId('failure-headline')).toHaveText('Scale web=20:large failed at placement — v2 still serving');
    await expect(banner.getByTestId('failure-banner-reason')).toContainText('Not enough capacity for');
    await expect(banner.getByRole('link', { name: 'See free capacity on Hosts' })).toHaveAttribute('href', '/hosts');
    await expect(banner.getByRole('button', { name: 'Roll back to v1' })).toBeVisible();
    await page.reload();
    // Retry asks again and is refused again (retried until the page has hydrated).
    await expect(async () => {
      await banner.getByRole('button', { name: 'Retry' }).click();
      await expect(banner.getByTestId('failure-banner-error')).toContainText('Not enough capacity', { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(banner.getByTestId('failure-headline')).toHaveText('Scale web=20:large failed at placement — v2 still serving');
    await fullPageScreenshot(page, 'e2e/artifacts/deploys-scale-failure-banner.png');
    // The apps list names it on hover.
    await page.goto('/apps');
    const status = page.getByTestId(`app-row-${name}`).getByTestId('app-failure');
    await status.hover();
    await expect(status.getByRole('tooltip')).toBeVisible();
    await expect(status.getByRole('tooltip')).toContainText('Scale web=20:large failed at placement: Not enough capacity');
    // A scale that fits succeeds, and the banner goes away.
    await page.goto(`/apps/${name}/settings`);
    await expect(page.getByTestId('tier-small')).toContainText('0.05 CPU');
    await page.getByLabel('Instances of web').fill('1');
    await page.getByRole('button', { name: 'Scale', exact: true }).click();
    await expect(page.getByTestId('operation-notice')).toHaveText('Scaled web=1', { timeout: 120_000 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('current-release')).toHaveText('v2');
    await expect(banner).toHaveCount(0);

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

    // The activity feed's container-event chip, live: a container killed for real shows up
    // without a reload (the page's live stream re-renders the feed when an event is recorded).
    // Once the rollback retired v2: one instance, running.
    await expect
      .poll(async () => (await instances(api, name)).map((i) => i.state).join(','), { timeout: 60_000, intervals: [1_000] })
      .toBe('RUNNING');
    await page.goto(`/apps/${name}?containers=1`);
    await expect(page.getByTestId('activity-containers-chip')).toHaveAttribute('aria-pressed', 'true');
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1)); // a reload would lose it
    const kills = page.getByTestId('activity-feed').locator('[data-kind="container.die"]', { hasText: 'exited with code 137' }); // SIGKILL
    const [victim] = await instances(api, name);
    const killedAt = Date.now();
    expect(await dockerKill(victim.containerName)).toBe(0);
    // The tone of the death recorded after the kill: red, killed rather than a clean exit.
    await expect
      .poll(
        async () => {
          for (const entry of await kills.all()) {
            const at = await entry.locator('time').getAttribute('datetime');
            if (at && Date.parse(at) >= killedAt - 1_000) return entry.getAttribute('data-tone');
          }
          return 'not shown yet';
        },
        { timeout: 20_000, intervals: [250] },
      )
      .toBe('bad');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

    // Delete with typed confirmation (Settings): back to Apps, where the row is gone.
    await page.goto(`/apps/${name}/settings`);
    const dialog = page.getByRole('dialog');
    await expect(async () => {
      await page.getByTestId('delete-app').click();
      await expect(dialog).toBeVisible({ timeout: 1_000 });
    }).toPass(); // once hydrated
    await expect(dialog.getByTestId('confirm-delete')).toBeDisabled();
    await dialog.locator('#confirm-name').fill(name);
    await dialog.getByTestId('confirm-delete').click();
    await page.waitForURL(/\/apps$/);
    await expect(page.getByTestId(`app-row-${name}`)).toHaveCount(0);
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`).catch(() => undefined); // already gone when the test got that far
  }
});
