import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { admin, expect, fullPageScreenshot, git, randomSuffix, test, watchConsoleErrors } from './fixtures';

/**
 * The app page stays true while you watch (issue #16, app page): one live stream drives the
 * header badge, the Overview, the banners and the lists — a push shows up without a reload, a
 * failed build's banner survives reloads until a newer deploy succeeds, an env change whose
 * release failed is shown as not applied, the Overview buttons resolve their notices, and an
 * engine error reads as one sentence with the engine's own words collapsed.
 */

const shot = (name: string) => path.join('e2e', 'artifacts', `app-page-${name}.png`);

/** index.php answers 500 while BREAK is set (a health check with a path then fails the release). */
const BREAKABLE_PHP = `<?php
$break = getenv('BREAK') ?: ($_SERVER['BREAK'] ?? '');
if ($break !== '') { http_response_code(500); echo 'broken on purpose'; exit; }
?><!doctype html><html lang="en"><head><meta charset="utf-8"><title>e2e</title></head>
<body><h1>MARKER</h1></body></html>
`;

async function createLiveApp(api: APIRequestContext, name: string): Promise<{ gitUrl: string; url: string }> {
  const created = await api.post('/api/apps', { data: { name, template: 'php' } });
  expect(created.status(), await created.text()).toBe(201);
  await expect
    .poll(async () => ((await (await api.get(`/api/apps/${name}`)).json()) as { app: { status: string } }).app.status, {
      timeout: 240_000,
      intervals: [1_000],
    })
    .toBe('live');
  // A configured check fails a broken release in seconds instead of the default 60 s.
  const hc = await api.put(`/api/apps/${name}/healthcheck`, { data: { healthcheck: { path: '/', expectedStatus: 200, timeoutMs: 3000, attempts: 2 } } });
  expect(hc.ok(), await hc.text()).toBeTruthy();
  return (await created.json()) as { gitUrl: string; url: string };
}

/** `docker <args>` as an operator would run it (argv array, bounded in time). */
function docker(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('docker', args, { timeout: 30_000 }, (error, stdout, stderr) => resolve({ code: error ? 1 : 0, stdout: String(stdout), stderr: String(stderr) })),
  );
}

/** Console errors of the page (to be empty at the end); dialogs are accepted. */
function watchConsole(page: Page): string[] {
  // The missing favicon is the layout shell's (issue #16 part B), not the app page's.
  const errors = watchConsoleErrors(page, { ignore: (_text, url) => url.endsWith('/favicon.ico') });
  page.on('dialog', (d) => void d.accept());
  return errors;
}

test('a push, a failed build and the Overview buttons show up live on the app page', async ({ signedInPage: page, api, adminToken }) => {
  test.setTimeout(600_000);
  const name = `ap${randomSuffix()}`;
  const errors = watchConsole(page);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-app-page-'));
  try {
    const { gitUrl } = await createLiveApp(api, name);
    await page.goto(`/apps/${name}`);
    await expect(page.getByTestId('current-release')).toHaveText('v1');
    await expect(page.getByTestId('app-status-badge')).toHaveText('live');

    // Onboarding: the clone command names the user; a token is created inline, shown once.
    const steps = page.getByTestId('next-steps');
    await expect(steps.getByTestId('next-steps-clone')).toContainText(`${encodeURIComponent(admin.email)}@`);
    await steps.getByRole('button', { name: 'Create a token' }).click();
    await expect(steps.getByTestId('new-token')).toContainText('berth_');

    // A push: the page shows v2 within 3 s of the push returning, without a reload.
    const work = path.join(dir, 'w');
    const auth = ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`git:${adminToken}`).toString('base64')}`];
    expect((await git([...auth, 'clone', gitUrl, work])).code).toBe(0);
    await writeFile(path.join(work, 'index.php'), BREAKABLE_PHP);
    await git(['commit', '-am', 'breakable page'], work);
    const push = await git([...auth, 'push', 'origin', 'main'], work);
    expect(push.code, push.stderr).toBe(0);
    const pushed = Date.now();
    await expect(page.getByTestId('current-release')).toHaveText('v2', { timeout: 3_000 });
    console.log(`[app-page] v2 shown ${Date.now() - pushed} ms after git push returned`);
    await expect(page.getByTestId('app-status-badge')).toHaveText('live', { timeout: 3_000 });
    await expect(page.getByTestId('next-steps')).toHaveCount(0);

    // A failed build (nothing to detect): the banner appears live and survives a reload.
    await git(['rm', '-q', 'index.php'], work);
    await writeFile(path.join(work, 'README.md'), 'no language here\n');
    await git(['add', 'README.md'], work);
    await git(['commit', '-qm', 'break the build'], work);
    // A failing push exits non-zero and says where it failed (Dokku style: after the build).
    const failedPush = await git([...auth, 'push', 'origin', 'main'], work);
    expect(failedPush.code, failedPush.stderr).not.toBe(0);
    expect(failedPush.stderr).toMatch(/remote: Push failed: the build of [0-9a-f]{7} failed at step "detect"/);
    const banner = page.getByTestId('failure-banner');
    await expect(banner.getByTestId('failure-headline')).toHaveText('Build #3 failed at detect — v2 still serving', { timeout: 15_000 });
    await page.reload();
    await expect(banner.getByTestId('failure-headline')).toHaveText('Build #3 failed at detect — v2 still serving');
    await expect(banner.getByRole('link', { name: 'Build log' })).toHaveAttribute('href', /\/deploys\?build=/);
    await expect(banner.getByRole('link', { name: 'App logs' })).toHaveAttribute('href', `/apps/${name}/logs`);
    await expect(banner.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(banner.getByRole('button', { name: 'Roll back to v1' })).toBeVisible();
    await fullPageScreenshot(page, shot('failure-banner'));

    // A fixed push: the banner goes away without a reload.
    await git(['revert', '--no-edit', 'HEAD'], work);
    expect((await git([...auth, 'push', 'origin', 'main'], work)).code).toBe(0);
    await expect(page.getByTestId('current-release')).toHaveText('v3', { timeout: 3_000 });
    await expect(banner).toHaveCount(0, { timeout: 3_000 });

    // The buttons: each notice resolves when the work is done.
    const actions = page.getByTestId('app-actions');
    const notice = actions.getByTestId('operation-notice');
    await actions.getByRole('button', { name: 'Restart' }).click();
    await expect(notice).toHaveText('Restarted', { timeout: 120_000 });
    await actions.getByRole('button', { name: 'Redeploy' }).click();
    await expect(notice).toHaveText('v4 is live', { timeout: 120_000 });
    await expect(page.getByTestId('current-release')).toHaveText('v4', { timeout: 3_000 });
    await actions.getByRole('button', { name: 'Roll back to v3' }).click();
    await expect(notice).toHaveText('Rolled back to v3', { timeout: 120_000 });
    await expect(page.getByTestId('current-release')).toHaveText('v5', { timeout: 3_000 });
    await actions.getByRole('button', { name: 'Deploy latest' }).click();
    await expect(notice).toHaveText('Build #5 succeeded — deploying', { timeout: 120_000 });
    await expect(page.getByTestId('current-release')).toHaveText('v6', { timeout: 120_000 });

    // One feed: builds, releases and who did it; container events only behind the chip.
    const feed = page.getByTestId('activity-feed');
    await expect(feed.locator('[data-kind="release.rollback"]')).toContainText(admin.email);
    await expect(feed.locator('[data-kind^="container."]')).toHaveCount(0);
    await page.getByTestId('activity-containers-chip').click();
    await expect(page).toHaveURL(/containers=1/);
    await expect(feed.locator('[data-kind^="container."]').first()).toBeVisible();

    // The Deploys tab (client navigation, same live stream) lists every release.
    await page.getByRole('link', { name: 'Deploys' }).click();
    await expect(page.getByTestId('release-v6')).toBeVisible();
    await expect(page.getByTestId('release-v5')).toContainText('Rollback to v3');
    await fullPageScreenshot(page, shot('deploys'));
    expect(errors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await api.delete(`/api/apps/${name}?confirm=${name}`).catch(() => undefined);
  }
});

test('an env change whose release failed is shown as not applied, with Retry; an engine error reads as one sentence', async ({ signedInPage: page, api, adminToken }) => {
  test.setTimeout(480_000);
  const name = `ae${randomSuffix()}`;
  const errors = watchConsole(page);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-e2e-app-env-'));
  let untagged = ''; // the image id left without a tag below, removed with the app
  try {
    const { gitUrl } = await createLiveApp(api, name);
    const work = path.join(dir, 'w');
    const auth = ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`git:${adminToken}`).toString('base64')}`];
    expect((await git([...auth, 'clone', gitUrl, work])).code).toBe(0);
    await writeFile(path.join(work, 'index.php'), BREAKABLE_PHP);
    await git(['commit', '-am', 'breakable page'], work);
    expect((await git([...auth, 'push', 'origin', 'main'], work)).code).toBe(0);

    await page.goto(`/apps/${name}/env`);
    await expect(page.getByTestId('env-live-release')).toContainText('v2');
    await page.getByLabel('Key').fill('BREAK');
    await page.getByLabel('Value').fill('yes');
    await page.getByRole('button', { name: 'Save and deploy' }).click();
    await expect(page.getByTestId('operation-notice')).toHaveText(/Saved BREAK, but v3 failed/, { timeout: 120_000 });
    const row = page.getByTestId('env-BREAK');
    await expect(row).toHaveAttribute('data-state', 'failed', { timeout: 3_000 });
    await expect(row.getByTestId('env-state')).toHaveText('not applied');
    await expect(page.getByTestId('env-failed-change')).toContainText('v3 (Set BREAK) failed');
    await expect(page.getByTestId('env-live-release')).toContainText('v2');
    await page.reload();
    await expect(page.getByTestId('env-BREAK')).toHaveAttribute('data-state', 'failed');
    await fullPageScreenshot(page, shot('env-failed'));

    // Retry deploys the stored variables again (and fails again); the Overview names it.
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('env-config-status').getByTestId('operation-notice')).toHaveText(/^v4 failed: /, { timeout: 120_000 });
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('failure-headline')).toHaveText(/^v4 failed at .+ — v2 still serving$/);
    await expect(page.getByTestId('app-status-badge')).toHaveText('live');

    // Removing the variable deploys a release without it: applied, and the banner goes away.
    await page.getByRole('link', { name: 'Env' }).click();
    await page.getByTestId('env-BREAK').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('operation-notice').first()).toHaveText('Removed BREAK — v5 is live', { timeout: 120_000 });
    await expect(page.getByTestId('env-BREAK')).toHaveCount(0, { timeout: 3_000 });
    await expect(page.getByTestId('env-live-release')).toContainText('v5');
    await page.getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('failure-banner')).toHaveCount(0);
    // v5 resolved v3's and v4's failures: the deploy progress no longer tells them either.
    await expect(page.getByTestId('progress-error')).toHaveCount(0);

    // A real engine error, for this app only: the tag of its own image (berth/<app>:<commit>,
    // built from its push) is removed from the engine. The running v5 container keeps the layers
    // and keeps serving; a Restart's new instance cannot be created ("No such image"). The banner
    // says it in one sentence and keeps the engine's words collapsed.
    const running = (await (await api.get(`/api/apps/${name}/instances`)).json()) as { instances: { containerName: string; state: string }[] };
    const container = running.instances.find((i) => i.state === 'RUNNING')!.containerName;
    const image = (await docker(['inspect', '--format', '{{.Config.Image}}', '--', container])).stdout.trim();
    expect(image).toMatch(new RegExp(`^berth/${name}:[0-9a-f]{12}$`)); // never a shared (starter) image
    untagged = (await docker(['inspect', '--format', '{{.Image}}', '--', container])).stdout.trim();
    const removed = await docker(['rmi', '-f', '--', image]);
    expect(removed.code, removed.stderr).toBe(0);
    const actions = page.getByTestId('app-actions');
    await actions.getByRole('button', { name: 'Restart' }).click();
    const banner = page.getByTestId('failure-banner');
    const detail = banner.getByTestId('failure-detail');
    const engineText = detail.locator('pre');
    const collapsedSentence = async () => {
      await expect(banner.getByTestId('failure-headline')).toHaveText('Restart failed at start — v5 still serving', { timeout: 60_000 });
      await expect(banner.getByTestId('failure-banner-reason')).toHaveText("Docker could not start the instance: the app's image is missing on the host");
      await expect(detail).not.toHaveAttribute('open');
      await expect(engineText).toBeHidden();
    };
    await collapsedSentence();
    await detail.locator('summary').click();
    await expect(engineText).toBeVisible();
    await expect(engineText).toContainText(`No such image: ${image}`);
    await fullPageScreenshot(page, shot('engine-error'));
    await page.reload();
    await collapsedSentence();
    await expect(page.getByTestId('app-status-badge')).toHaveText('live');
    await expect(page.getByTestId('progress-error')).toHaveCount(0); // nor after a reload (replayed build events)
    // Deploy latest builds the commit again (the image is back) and v6 goes live: the banner goes.
    await actions.getByRole('button', { name: 'Deploy latest' }).click();
    await expect(page.getByTestId('current-release')).toHaveText('v6', { timeout: 120_000 });
    await expect(banner).toHaveCount(0, { timeout: 3_000 });
    expect(errors).toEqual([]);
  } finally {
    await rm(dir, { recursive: true, force: true });
    await api.delete(`/api/apps/${name}?confirm=${name}`).catch(() => undefined);
    // Untagged, it escaped the app's image cleanup; no -f: Docker keeps it if anything still uses it.
    if (untagged) await docker(['rmi', '--', untagged]);
  }
});
