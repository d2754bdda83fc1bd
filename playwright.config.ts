import { defineConfig } from '@playwright/test';

// E2E against a production build (`next build` + `next start`) that scripts/test.sh starts on a
// free port with a fresh database; it passes the URL in BERTH_E2E_URL. Debian's Chromium only —
// never `npx playwright install`.
export default defineConfig({
  testDir: 'e2e',
  // Traces/screenshots of failures. `npm test` gives each run its own directory (kept when it
  // fails): Playwright empties this directory at start, which would break a concurrent run.
  outputDir: process.env.BERTH_E2E_ARTIFACTS ?? 'e2e/artifacts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: process.env.BERTH_E2E_REPORT ?? 'playwright-report' }]],
  use: {
    baseURL: process.env.BERTH_E2E_URL ?? 'http://127.0.0.1:3000',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // First: a fresh instance is set up through the UI (creates the admin everyone else uses).
    { name: 'setup', testMatch: /auth\.spec\.ts$/ },
    { name: 'ui', testMatch: /\.spec\.ts$/, testIgnore: /auth\.spec\.ts$/, dependencies: ['setup'] },
  ],
});
