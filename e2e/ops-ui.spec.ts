import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';
import { expect, fullPageScreenshot, getThroughProxy, randomSuffix, test, watchConsoleErrors } from './fixtures';

// The ops pages an admin reads (issue #16, part C), in Chromium against a real app: Hosts shows a
// legend and what is free, flags a full host (its CPU reserved for a moment) naming the resource,
// and Drain asks first, listing the apps it would move; Metrics draws
// requests as bars split by status class (a 404 shows as 4xx) with p50/p95 on aligned time axes;
// the apps list draws the traffic as a sparkline; the favicon answers; the Audit filters and
// paging work. None of these pages logs a console error. (The failing-push exit status is
// covered with the real git client in test/integration/push-exit-status.test.ts.)
const shot = (name: string) => path.join('e2e', 'artifacts', `ops-ui-${name}.png`);


async function appJson(api: APIRequestContext, name: string): Promise<{ status: string; url: string }> {
  const res = await api.get(`/api/apps/${name}`);
  expect(res.ok()).toBeTruthy();
  return ((await res.json()) as { app: { status: string; url: string } }).app;
}

test('Hosts, Metrics and Audit: legend and free figure, full warning, Drain confirmation, status-split bars, filters', async ({ signedInPage: page, api }) => {
  test.setTimeout(420_000);
  const errors = watchConsoleErrors(page);
  const name = `oui${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  try {
    await expect.poll(async () => (await appJson(api, name)).status, { timeout: 240_000, intervals: [2_000] }).toBe('live');
    const { url } = await appJson(api, name);

    // --- Hosts: legend, free figure, Drain behind a menu and a confirmation listing the app.
    await page.goto('/hosts');
    await expect(page.getByTestId('capacity-legend')).toContainText('free');
    const card = page.getByTestId('host-card').filter({ has: page.getByTestId('host-instance').filter({ hasText: name }) });
    await expect(card.getByTestId('host-free')).toContainText(/Free to request: [\d.]+ cores and \d+ MB/);
    await expect(card.getByTestId('capacity-memory').getByTestId('capacity-free')).toContainText(/\d+ MB free/);
    // The capacity labels and figures do not collide, at desktop and at phone width.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 });
      const overlaps = await card.evaluate((el) => {
        const boxes = Array.from(el.querySelectorAll('[data-testid^="capacity-"] span, [data-testid^="capacity-"] dl > div'))
          .map((e) => e.getBoundingClientRect())
          .filter((r) => r.width > 0 && r.height > 0);
        let n = 0;
        for (let i = 0; i < boxes.length; i++)
          for (let j = i + 1; j < boxes.length; j++) {
            const [a, b] = [boxes[i], boxes[j]];
            if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) n++;
          }
        return n;
      });
      expect(overlaps, `overlapping capacity labels at ${width}px`).toBe(0);
    }
    await page.setViewportSize({ width: 1280, height: 720 });
    await expect(card.getByRole('button', { name: 'Drain' })).toHaveCount(0); // no big red button
    await card.getByRole('button', { name: 'Actions' }).click();
    await page.getByRole('menuitem', { name: 'Drain…' }).click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('will be moved');
    await expect(dialog.getByTestId('drain-apps')).toContainText(name);
    await fullPageScreenshot(page, shot('hosts-drain-confirm'));
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await expect(card.getByText('draining')).toHaveCount(0); // nothing was drained

    // --- A full host is flagged. The admin reserves all of the app's host's CPU for the system
    // (PATCH /api/hosts/<id>, the admin API), so not even a small instance's request fits: the
    // card says full and names the resource. Restored in `finally` within seconds; only this
    // run's Berth schedules against this row, and the run is serial.
    const [instance] = ((await (await api.get(`/api/apps/${name}/instances`)).json()) as { instances: { host: string }[] }).instances;
    const { hosts } = (await (await api.get('/api/hosts')).json()) as { hosts: { id: string; name: string; capacity: { cpu: number }; reserve: { cpu: number } }[] };
    const host = hosts.find((h) => h.name === instance.host)!;
    const setReserveCpu = async (reserveCpu: number) => {
      const res = await api.patch(`/api/hosts/${host.id}`, { data: { reserveCpu } });
      expect(res.ok(), await res.text()).toBeTruthy();
    };
    const fullAlert = card.getByRole('alert').filter({ hasText: 'Full: no new instance fits here' });
    try {
      await setReserveCpu(host.capacity.cpu);
      await page.reload();
      await expect(card.getByTestId('host-full')).toHaveText('full');
      await expect(fullAlert).toContainText('0.00 cores free to request, a small instance needs 0.05');
      await expect(card.getByTestId('host-free')).toContainText('Free to request: 0.00 cores');
      await fullPageScreenshot(page, shot('hosts-full'));
    } finally {
      await setReserveCpu(host.reserve.cpu);
    }
    await page.reload();
    await expect(card.getByTestId('host-full')).toHaveCount(0);
    await expect(fullAlert).toHaveCount(0);

    // --- Metrics: 200s and 404s through the proxy → bars by status class and latency lines.
    for (let i = 0; i < 6; i++) expect(await getThroughProxy(url, `/?ok=${i}`)).toBe(200);
    for (let i = 0; i < 3; i++) expect(await getThroughProxy(url, `/missing-${i}.php`)).toBe(404);
    await expect
      .poll(
        async () => {
          const res = await api.get(`/api/apps/${name}/metrics?range=15m`);
          const json = (await res.json()) as { requests: { ok: number; clientErrors: number }[] };
          return json.requests.reduce((s, p) => s + p.clientErrors, 0) >= 3 && json.requests.reduce((s, p) => s + p.ok, 0) >= 6;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBe(true);
    await page.goto(`/apps/${name}/metrics`);
    const requests = page.getByTestId('requests-chart');
    await expect(requests.locator('.recharts-legend-wrapper')).toContainText('2xx/3xx', { timeout: 45_000 }); // first load on a busy machine
    await expect(requests.locator('.recharts-legend-wrapper')).toContainText('4xx');
    await expect(requests.locator('.recharts-legend-wrapper')).toContainText('5xx');
    // A green (2xx/3xx) and an amber (4xx) bar with a height.
    await expect(requests.locator('path.recharts-rectangle[fill="#16a34a"]').first()).toBeVisible();
    await expect(requests.locator('path.recharts-rectangle[fill="#f59e0b"]').first()).toBeVisible();
    await expect(requests).toContainText('requests / minute');
    await expect(page.getByTestId('latency-chart').locator('.recharts-legend-wrapper')).toContainText('p95');
    await expect(page.getByTestId('cpu-chart')).toContainText('web', { timeout: 30_000 }); // samples every 10 s
    // The time axes line up: the stacked charts put the same time labels at the same x (read at once).
    const axes = () =>
      page.evaluate(() =>
        ['requests-chart', 'latency-chart', 'cpu-chart'].map((id) =>
          Array.from(document.querySelectorAll(`[data-testid="${id}"] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value`)).map(
            (e) => `${e.textContent}@${Math.round(e.getBoundingClientRect().x)}`,
          ),
        ),
      );
    await expect.poll(async () => (await axes()).every((ticks) => ticks.length > 1)).toBe(true);
    const [requestTicks, latencyTicks, cpuTicks] = await axes();
    expect(requestTicks).toEqual(latencyTicks);
    expect(cpuTicks).toEqual(latencyTicks);
    await fullPageScreenshot(page, shot('metrics'));

    // --- Apps list: the app's requests sparkline has points for the minutes with traffic.
    await page.goto('/apps');
    const spark = page.getByTestId(`app-row-${name}`).getByTestId('sparkline-requests');
    await expect(spark).toHaveAttribute('data-active', /^[1-9]\d*$/, { timeout: 15_000 }); // the list re-reads every 5 s
    await expect(spark.locator('polyline')).toHaveCount(1);
    await expect(spark).toHaveAttribute('aria-label', /: (9|[1-9]\d+) in all$/);

    // --- A favicon (no 404 in any page's console): the layout's icon link answers.
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    expect(icon).toBeTruthy();
    expect((await page.request.get(icon!)).status()).toBe(200);

    // --- Audit: filter by app and action through the form, an empty date range, a reversed one.
    await page.goto(`/audit?app=${name}`);
    const rows = page.getByTestId('audit-row');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThanOrEqual(2); // app.create, deploy.live, container events…
    for (const row of await rows.all()) await expect(row).toContainText(name);
    await page.getByLabel('Action').selectOption('app.create');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/action=app\.create/);
    await expect(page.getByTestId('audit-total')).toHaveText('1 matching event');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toContainText('app.create');
    await fullPageScreenshot(page, shot('audit'));
    await page.goto(`/audit?app=${name}&from=2000-01-01&to=2000-01-02`);
    await expect(page.getByTestId('audit-total')).toHaveText('0 matching events');
    await page.goto('/audit?from=2026-02-01&to=2026-01-01');
    // Next's route announcer is a role=alert too: pick the one that says it.
    await expect(page.getByRole('alert').filter({ hasText: 'The date range ends before it starts' })).toBeVisible();
    // Paging: one event per page, older then newer again.
    await page.goto(`/audit?app=${name}&limit=1`);
    const newest = await rows.first().textContent();
    await page.getByRole('link', { name: 'Older events →' }).click();
    await expect(rows.first()).not.toHaveText(newest ?? '');
    await page.getByRole('link', { name: '← Newer events' }).click();
    await expect(rows.first()).toHaveText(newest ?? '');

    expect(errors, errors.join('\n')).toEqual([]);
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`).catch(() => undefined);
  }
});
