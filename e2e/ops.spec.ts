import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, fullPageScreenshot, getThroughProxy, randomSuffix, test } from './fixtures';

// Ops views end to end: a real PHP app is created through the API and goes live; the test sends
// it a request through the edge proxy, then an admin checks the Hosts page (capacity bars), the
// app's instances, the log line Apache printed for that request, and the CPU/memory charts.
const shot = (name: string) => path.join('e2e', 'artifacts', `ops-${name}.png`);

type AppJson = { status: string; url: string; runningInstances: number };

async function appStatus(api: APIRequestContext, name: string): Promise<AppJson> {
  const res = await api.get(`/api/apps/${name}`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { app: AppJson }).app;
}


test('an admin sees host capacity, an app’s instances, its request log line and CPU/memory charts', async ({
  signedInPage: page,
  api,
}) => {
  test.setTimeout(360_000);
  const name = `ops${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);

  try {
    await expect
      .poll(async () => (await appStatus(api, name)).status, { timeout: 240_000, intervals: [2_000] })
      .toBe('live');
    const app = await appStatus(api, name);

    // A request whose access-log line we will look for in the UI.
    // (the proxy may switch to the new instance a moment after the status reads live)
    const marker = `ops-e2e-${randomSuffix()}`;
    await expect
      .poll(() => getThroughProxy(app.url, `/?${marker}`), { timeout: 30_000, intervals: [1_000] })
      .toBe(200);

    // Hosts: requested and used bars for every host, this app's instance listed.
    await page.goto('/hosts');
    await expect(page.getByRole('heading', { name: 'Hosts', level: 1 })).toBeVisible();
    const host = page.getByTestId('host-card').first();
    await expect(host.getByTestId('capacity-cpu').getByRole('meter', { name: 'CPU requested' })).toBeVisible();
    await expect(host.getByTestId('capacity-cpu').getByRole('meter', { name: 'CPU used' })).toBeVisible();
    await expect(host.getByTestId('capacity-memory').getByRole('meter', { name: 'Memory requested' })).toBeVisible();
    await expect(page.getByTestId('host-instance').filter({ hasText: name })).toBeVisible();
    await fullPageScreenshot(page, shot('hosts'));

    // Overview: the instance with host, container id, state and port.
    await page.goto(`/apps/${name}`);
    await expect(page.getByTestId('app-name')).toHaveText(name);
    const row = page.getByTestId('instance-row').first();
    await expect(row).toContainText('running');
    await expect(row).toContainText(/[0-9a-f]{12}/);
    await expect(page.getByTestId('clone-command')).toContainText(`/git/${name}.git`);
    await fullPageScreenshot(page, shot('overview'));

    // Logs: the live tail shows Apache's access-log line for our request, on stdout.
    await page.getByRole('link', { name: 'Logs' }).click();
    await expect(page).toHaveURL(new RegExp(`/apps/${name}/logs$`));
    const logs = page.getByTestId('log-lines');
    await expect(logs).toContainText(marker, { timeout: 30_000 });
    await expect(logs.locator('[data-stream="stdout"]').filter({ hasText: marker })).toBeVisible();
    // A second request arrives live over SSE, without reloading.
    const live = `ops-live-${randomSuffix()}`;
    expect(await getThroughProxy(app.url, `/?${live}`)).toBe(200);
    await expect(logs).toContainText(live, { timeout: 30_000 });
    // A request line carrying HTML is shown as text, never run.
    const xss = `<script>window.__berthPwned=1</script><img/src=x/onerror=window.__berthPwned=2>`;
    expect(await getThroughProxy(app.url, `/${xss}`)).toBeGreaterThan(0);
    await expect(logs).toContainText('<script>window.__berthPwned=1</script>', { timeout: 30_000 });
    expect(await logs.locator('script, img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __berthPwned?: number }).__berthPwned)).toBeUndefined();
    await fullPageScreenshot(page, shot('logs'));

    // Metrics: wait for at least two samples (every 10 s), then the charts draw a line per process type.
    await expect
      .poll(
        async () => {
          const res = await api.get(`/api/apps/${name}/metrics?range=15m`);
          return ((await res.json()) as { cpu: unknown[] }).cpu.length;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBeGreaterThanOrEqual(2);
    await page.getByRole('link', { name: 'Metrics' }).click();
    // A line per process type, drawn through at least two points (a flat 0 % CPU line has no height,
    // so check the path rather than its box).
    for (const chart of ['cpu-chart', 'memory-chart']) {
      await expect(page.getByTestId(chart).locator('svg.recharts-surface').first()).toBeVisible();
      await expect(page.getByTestId(chart).locator('path.recharts-line-curve').first()).toHaveAttribute(
        'd',
        /^M[\d.-]+,[\d.-]+[LC][\d.,\s-]+/,
      );
    }
    await expect(page.getByTestId('cpu-chart')).toContainText('web');
    await fullPageScreenshot(page, shot('metrics'));
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`).catch(() => undefined);
  }
});
