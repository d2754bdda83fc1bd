import type { APIRequestContext } from '@playwright/test';
import { expect, randomSuffix, test } from './fixtures';

/**
 * The web console in Chromium: open the Console tab of a live app, connect into its running
 * instance (xterm.js over the console WebSocket, through the web server's rewrite), type
 * `echo hi` and see `hi`; then a one-off container reports its exit code.
 */
async function liveVersion(api: APIRequestContext, name: string) {
  const res = await api.get(`/api/apps/${name}/releases`);
  return ((await res.json()) as { releases: { status: string }[] }).releases[0]?.status;
}

test('the console runs echo hi in a running instance and a one-off container reports its exit', async ({ signedInPage: page, api }) => {
  test.setTimeout(360_000);
  const name = `con${randomSuffix()}`;
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  try {
    await expect.poll(() => liveVersion(api, name), { timeout: 240_000, intervals: [2_000] }).toBe('LIVE');
    await page.goto(`/apps/${name}/console`);
    await expect(page.getByLabel('Open into')).toContainText('web.0');
    await page.getByRole('button', { name: 'Connect' }).click();
    await expect(page.getByTestId('console-state')).toContainText('connected to web.0', { timeout: 30_000 });
    const terminal = page.getByTestId('console-terminal');
    await terminal.click();
    await page.keyboard.type('echo hi$((40+2))');
    await page.keyboard.press('Enter');
    await expect(terminal.locator('.xterm-rows')).toContainText('hi42', { timeout: 15_000 });
    await page.keyboard.type('exit 5');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('console-state')).toContainText('exited with code 5', { timeout: 15_000 });

    await page.getByLabel('Open into').selectOption('run');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect(page.getByTestId('console-state')).toContainText('connected to one-off', { timeout: 60_000 });
    await terminal.click();
    await page.keyboard.type('echo one-off-$BERTH_PROCESS; exit');
    await page.keyboard.press('Enter');
    await expect(terminal.locator('.xterm-rows')).toContainText('one-off-run', { timeout: 15_000 });
    await expect(page.getByTestId('console-state')).toContainText('exited with code 0', { timeout: 15_000 });
  } finally {
    await api.delete(`/api/apps/${name}?confirm=${name}`);
  }
});
