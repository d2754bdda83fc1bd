import { execFile } from 'node:child_process';
import os from 'node:os';
import http from 'node:http';
import { test as base, expect, request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';

/**
 * Shared e2e fixtures. The admin account comes from the environment (scripts/test.sh sets it);
 * e2e/auth.spec.ts creates it through the setup page on a fresh instance, and `ensureAdmin`
 * creates it through the API if a spec runs alone.
 */
export const admin = {
  email: process.env.BERTH_E2E_ADMIN_EMAIL ?? 'admin@berth.test',
  password: process.env.BERTH_E2E_ADMIN_PASSWORD ?? 'e2e-admin-password',
};

export const baseURL = process.env.BERTH_E2E_URL ?? 'http://127.0.0.1:3000';

/** The fresh instance's one-time setup code ($BERTH_DATA_DIR/setup-code; scripts/test.sh passes it). */
export const setupCode = process.env.BERTH_E2E_SETUP_CODE ?? '';

export function randomSuffix(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** Creates the admin through POST /api/setup when the instance is still fresh. */
export async function ensureAdmin(request: APIRequestContext): Promise<void> {
  const state = await request.get('/api/setup');
  const { needsSetup } = (await state.json()) as { needsSetup: boolean };
  if (!needsSetup) return;
  const res = await request.post('/api/setup', { data: { ...admin, setupCode } });
  if (res.status() !== 201 && res.status() !== 409) throw new Error(`setup failed: ${res.status()} ${await res.text()}`);
}

/** Signs in through the API on this request context (the page's context keeps the cookie). */
export async function signInViaApi(request: APIRequestContext, credentials: { email: string; password: string } = admin): Promise<void> {
  const res = await request.post('/api/session', { data: credentials });
  if (!res.ok()) throw new Error(`sign-in as ${credentials.email} failed: ${res.status()} ${await res.text()}`);
}

/** A new developer user (random email), created by the admin through the API. */
export async function createDeveloper(api: APIRequestContext): Promise<{ id: string; email: string; password: string }> {
  const email = `dev-${randomSuffix()}@berth.test`;
  const password = `pw-${randomSuffix()}-${randomSuffix()}`;
  const res = await api.post('/api/users', { data: { email, password, role: 'developer' } });
  if (res.status() !== 201) throw new Error(`create user failed: ${res.status()} ${await res.text()}`);
  const { user } = (await res.json()) as { user: { id: string } };
  return { id: user.id, email, password };
}

type Fixtures = {
  /** A page whose browser context is signed in as the admin. */
  signedInPage: Page;
};
type WorkerFixtures = {
  /** API client authenticated with an admin bearer token (`Authorization: Bearer berth_…`). */
  api: APIRequestContext;
  adminToken: string;
};

export const test = base.extend<Fixtures, WorkerFixtures>({
  adminToken: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const ctx = await playwrightRequest.newContext({ baseURL });
      await ensureAdmin(ctx);
      await signInViaApi(ctx);
      const res = await ctx.post('/api/tokens', { data: { name: `e2e-${randomSuffix()}` } });
      if (res.status() !== 201) throw new Error(`token creation failed: ${res.status()} ${await res.text()}`);
      const { token } = (await res.json()) as { token: { token: string } };
      await ctx.dispose();
      await use(token.token);
    },
    { scope: 'worker' },
  ],
  api: [
    async ({ adminToken }, use) => {
      const ctx = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${adminToken}` } });
      await use(ctx);
      await ctx.dispose();
    },
    { scope: 'worker' },
  ],
  signedInPage: async ({ page }, use) => {
    await ensureAdmin(page.request);
    await signInViaApi(page.request);
    await use(page);
  },
});

export { expect };

/** A GET through the edge proxy on loopback with the app's Host header; the status. */
export function getThroughProxy(appUrl: string, pathAndQuery: string): Promise<number> {
  const url = new URL(appUrl);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: '127.0.0.1', port: Number(url.port || 80), path: pathAndQuery, headers: { host: url.host }, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
  });
}

/** The real `git` client as an e2e user runs it (no config of this machine, bounded in time). */
export function git(args: string[], cwd?: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'git',
      ['-c', 'user.name=E2E', '-c', 'user.email=e2e@berth.test', ...args],
      { cwd, timeout: 200_000, env: { PATH: process.env.PATH, HOME: os.tmpdir(), GIT_TERMINAL_PROMPT: '0' } as unknown as NodeJS.ProcessEnv },
      (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr: String(stderr) }),
    );
  });
}

/**
 * Console errors and uncaught exceptions of a page, collected while the test runs; a spec ends
 * with `expect(errors).toEqual([])`.
 *
 * Left out: the browser's `net::ERR_NETWORK_CHANGED` and the Next.js fallback it causes ("Failed
 * to fetch RSC payload … Falling back to browser navigation"). Chromium aborts in-flight requests
 * when a network interface on its machine appears or goes, and here every deploy adds and removes
 * Docker veth interfaces on the same machine as the browser. The page recovers (Next.js reloads by
 * full navigation), and a developer's browser on another machine never sees those interfaces.
 */
export function watchConsoleErrors(page: Page, options: { ignore?: (text: string, url: string) => boolean; prefixWithPage?: boolean } = {}): string[] {
  const errors: string[] = [];
  const fallbacks = new Set<string>(); // recorded RSC fallbacks, dropped once a network change shows
  let networkChanged = false;
  const isRscFallback = (text: string) => text.startsWith('Failed to fetch RSC payload');
  const record = (text: string) => {
    const entry = options.prefixWithPage ? `${page.url()}: ${text}` : text;
    errors.push(entry);
    return entry;
  };
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url;
    if (options.ignore?.(text, url)) return;
    if (text.includes('net::ERR_NETWORK_CHANGED')) {
      networkChanged = true;
      for (let i = errors.length - 1; i >= 0; i--) if (fallbacks.has(errors[i])) errors.splice(i, 1);
      return;
    }
    if (networkChanged && isRscFallback(text)) return;
    const entry = record(url ? `${text} (${url})` : text);
    if (isRscFallback(text)) fallbacks.add(entry);
  });
  page.on('pageerror', (e) => void record(e.message));
  return errors;
}

/**
 * A full-page screenshot for the artifacts. Bounded, with one retry: when a network change makes
 * Next.js fall back to a full navigation in the middle of a capture (see watchConsoleErrors),
 * Chromium's full-page capture waits on the old document forever — CI once spent the whole test
 * timeout there. The retry runs on the new document once it has loaded.
 */
export async function fullPageScreenshot(page: Page, file: string): Promise<void> {
  try {
    await page.screenshot({ path: file, fullPage: true, timeout: 20_000 });
  } catch {
    await page.waitForLoadState('load');
    await page.screenshot({ path: file, fullPage: true, timeout: 20_000 });
  }
}
