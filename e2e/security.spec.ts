import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserType, Page } from '@playwright/test';
import { admin, baseURL, createDeveloper, expect, randomSuffix, signInViaApi, test } from './fixtures';

// Issue 11, the attacks whose outcome depends on Next itself, against the production server
// (`next start`) that scripts/test.sh runs, driven by Chromium where a browser is the victim.
// The route-level versions live in test/security/.

const berth = new URL(baseURL);
// The production layout in miniature: Berth at berth.example.test, an app at
// shop.apps.example.test — the same site (example.test), different origins. (*.localhost would
// not do: every name under an unknown TLD is its own site, so the Lax cookie would not be sent.)
// A browser of our own maps *.example.test to loopback.
const berthSite = `http://berth.example.test:${berth.port}`;

async function sameSiteBrowser(chromium: BrowserType): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-proxy-server', '--host-resolver-rules=MAP *.example.test 127.0.0.1'],
  });
  return { browser, page: await browser.newPage() };
}

/** Signs the admin in to Berth at berthSite in this page (the cookie belongs to that host). */
async function signInAtBerthSite(page: Page): Promise<void> {
  await page.goto(`${berthSite}/sign-in`);
  const status = await page.evaluate(async (credentials) => {
    const res = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(credentials) });
    return res.status;
  }, admin);
  expect(status).toBe(200);
}

/** A tiny attacker-controlled site on loopback (port picked by the kernel), serving `html`. */
async function attackerSite(html: (origin: string) => string): Promise<{ origin: string; close: () => Promise<void> }> {
  let origin = '';
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html(origin));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://shop.apps.example.test:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** POST /api/session straight to the server from a chosen loopback source address. */
function rawSignIn(from: string, body: object, headers: Record<string, string> = {}): Promise<number> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: berth.hostname,
        port: Number(berth.port),
        path: '/api/session',
        method: 'POST',
        localAddress: from,
        agent: false,
        timeout: 30_000,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('sign-in request timed out')));
    req.on('error', reject);
    req.end(data);
  });
}

test.describe('CSRF from an app on the same site (finding 2)', () => {
  test("an app page cannot make the admin's browser create an admin or add a Docker host", async ({ playwright, api }) => {
    const { browser, page } = await sameSiteBrowser(playwright.chromium);
    await signInAtBerthSite(page);

    const email = `csrf-${randomSuffix()}@evil.test`;
    const hostName = `evil-${randomSuffix()}`;
    const site = await attackerSite(
      () => `<!doctype html><title>shop</title>
<script>
  // A "simple" cross-origin request: no preflight, the browser attaches Berth's Lax cookie (same site).
  fetch(${JSON.stringify(`${berthSite}/api/users`)}, {
    method: 'POST', mode: 'no-cors', credentials: 'include',
    headers: { 'content-type': 'text/plain' },
    body: JSON.stringify({ email: ${JSON.stringify(email)}, password: 'attacker-password', role: 'admin' }),
  }).finally(() => { document.title = 'fetch sent'; document.getElementById('f').submit(); });
</script>
<!-- Then a plain form post (top-level navigation) whose text/plain body is valid JSON. -->
<form id="f" method="POST" action=${JSON.stringify(`${berthSite}/api/hosts`)} enctype="text/plain">
  <input name='{"name":"${hostName}","dockerUrl":"tcp://203.0.113.66:2375","x":"' value='"}'>
</form>`,
    );
    // What went over the wire, from Chromium's network layer: Berth's reply to the fetch is
    // also hidden from the page by Cross-Origin-Resource-Policy, so Playwright only sees a failure.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    const sent = new Map<string, { target: string; headers: Record<string, string> }>();
    const status = new Map<string, number>();
    cdp.on('Network.requestWillBeSent', (e) =>
      sent.set(e.requestId, { target: `${e.request.method} ${e.request.url}`, headers: sent.get(e.requestId)?.headers ?? {} }),
    );
    cdp.on('Network.requestWillBeSentExtraInfo', (e) => {
      const lower = Object.fromEntries(Object.entries(e.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
      sent.set(e.requestId, { target: sent.get(e.requestId)?.target ?? '', headers: lower });
    });
    cdp.on('Network.responseReceivedExtraInfo', (e) => status.set(e.requestId, e.statusCode));
    const outcome = (target: string) => {
      for (const [id, request] of sent) if (request.target === target && status.has(id)) return { status: status.get(id)!, headers: request.headers };
      return null;
    };
    try {
      await page.goto(site.origin);
      for (const target of [`POST ${berthSite}/api/users`, `POST ${berthSite}/api/hosts`]) {
        await expect.poll(() => outcome(target)?.status, { timeout: 30_000, message: target }).toBe(403);
        const { headers } = outcome(target)!;
        expect(headers.cookie, 'the browser did send the session cookie').toMatch(/berth_session=/);
        expect(headers.origin).toBe(site.origin);
      }
      await page.waitForURL(`${berthSite}/api/hosts`); // the form post's (refused) navigation has settled
    } finally {
      await site.close();
    }
    const users = (await (await api.get('/api/users')).json()) as { users: { email: string }[] };
    expect(users.users.map((u) => u.email)).not.toContain(email);
    const hosts = (await (await api.get('/api/hosts')).json()) as { hosts: { name: string }[] };
    expect(hosts.hosts.map((h) => h.name)).not.toContain(hostName);

    // Berth's own pages still work under that name (Origin = the request's Host).
    await page.goto(`${berthSite}/settings`);
    const own = await page.evaluate(async (mail) => {
      const res = await fetch('/api/users', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: mail, password: 'developer-password', role: 'developer' }) });
      return res.status;
    }, `ok-${randomSuffix()}@berth.test`);
    expect(own).toBe(201);
    await browser.close();
  });
});

test.describe('request bodies through next start (finding 4)', () => {
  function upload(head: string, total: number, chunked: boolean): Promise<{ status: number; sent: number }> {
    const CHUNK = 64 * 1024;
    return new Promise((resolve, reject) => {
      const socket = net.connect(Number(berth.port), berth.hostname);
      let sent = 0;
      let answered = false;
      const deadline = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no response within 60 s (${sent} bytes sent)`));
      }, 60_000);
      socket.on('data', (data) => {
        if (answered) return;
        answered = true;
        clearTimeout(deadline);
        socket.destroy();
        resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(data.toString('latin1'))?.[1]), sent });
      });
      socket.on('error', (error) => {
        if (!answered) {
          clearTimeout(deadline);
          reject(error);
        }
      });
      socket.write(`POST /api/session HTTP/1.1\r\nHost: ${berth.host}\r\nContent-Type: application/json\r\n${head}\r\n`);
      const chunk = Buffer.alloc(CHUNK, 0x20);
      const pump = () => {
        while (!answered && sent < total) {
          const framed = chunked ? Buffer.concat([Buffer.from(`${CHUNK.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]) : chunk;
          sent += CHUNK;
          if (!socket.write(framed)) return void socket.once('drain', pump);
        }
      };
      pump();
    });
  }

  test('a declared 40 MB sign-in body is refused with 413 before it is sent', async () => {
    const result = await upload(`Content-Length: ${40 * 1024 * 1024}\r\n`, 64 * 1024, false);
    expect(result.status).toBe(413);
  });

  test('a chunked 40 MB sign-in body is cut off with 413 long before its end', async () => {
    const result = await upload('Transfer-Encoding: chunked\r\n', 40 * 1024 * 1024, true);
    expect(result.status).toBe(413);
    expect(result.sent).toBeLessThan(16 * 1024 * 1024);
  });
});

test.describe('sign-in throttling through next start (finding 5)', () => {
  test('a forged X-Forwarded-For does not reset the limit: Next passes it through, Berth uses the socket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        await rawSignIn('127.0.0.31', { email: `spray-${i}-${randomSuffix()}@berth.test`, password: 'Summer2031!' }, {
          'x-forwarded-for': `198.51.100.${i + 1}`,
        }),
      );
    }
    expect(statuses).toEqual([...Array(20).fill(401), 429]);
  });

  test('failures from one address do not lock the account for another', async ({ api }) => {
    const dev = await createDeveloper(api);
    for (let i = 0; i < 6; i++) await rawSignIn('127.0.0.32', { email: dev.email, password: `guess-${i}` });
    expect(await rawSignIn('127.0.0.32', { email: dev.email, password: dev.password })).toBe(429);
    expect(await rawSignIn('127.0.0.33', { email: dev.email, password: dev.password })).toBe(200);
  });
});

test.describe('browser hardening (finding 8)', () => {
  test('another site cannot frame Berth pages; pages carry a nonce CSP and their scripts run under it', async ({ signedInPage: page, playwright }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    const response = await page.goto('/settings');
    const headers = response!.headers();
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    const nonce = /'nonce-([^']+)'/.exec(headers['content-security-policy'])![1];
    const scriptNonces = await page.locator('script').evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    // Hydrated under the policy: a client-side control works.
    await page.getByLabel('Token name').fill(`csp-${randomSuffix()}`);
    await page.getByRole('button', { name: 'Create token' }).click();
    await expect(page.getByTestId('new-token')).toBeVisible();
    expect(violations).toEqual([]);

    // Framed by an app on the same site, with the admin's cookie (the env-reveal and delete
    // dialogs were the targets): the browser refuses to render it.
    const own = await sameSiteBrowser(playwright.chromium);
    const framer = own.page;
    await signInAtBerthSite(framer);
    const site = await attackerSite(() => `<!doctype html><iframe id="victim" src="${berthSite}/settings" width="800" height="600"></iframe>`);
    try {
      const framed = framer.waitForResponse((r) => r.url() === `${berthSite}/settings`);
      await framer.goto(site.origin);
      const response = await framed;
      expect(response.status()).toBe(200); // the cookie went along: only the headers protect the page
      expect(response.headers()['x-frame-options']).toBe('DENY');
      expect(response.headers()['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      // Chromium replaces a frame it refuses with its error page.
      await expect.poll(() => framer.frames().find((f) => f !== framer.mainFrame())?.url() ?? '').toMatch(/^chrome-error:/);
      await expect(framer.frameLocator('#victim').getByRole('heading', { name: 'Settings' })).toHaveCount(0);
    } finally {
      await site.close();
      await own.browser.close();
    }
  });

  test('sign-in does not follow next=/%09/evil.example off Berth', async ({ browser }) => {
    const context = await browser.newContext({ baseURL });
    const page = await context.newPage();
    await page.goto('/sign-in?next=/%09/evil.example');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${baseURL}/apps`);
    await context.close();
  });
});

test.describe('offboarding in Settings → Users (finding 10)', () => {
  test('disabling a user signs them out at once; removing deletes them', async ({ signedInPage: page, api, browser }) => {
    const dev = await createDeveloper(api);
    const devContext = await browser.newContext({ baseURL });
    await signInViaApi(devContext.request, dev);
    expect((await devContext.request.get('/api/me')).status()).toBe(200);
    const devToken = (await (await devContext.request.post('/api/tokens', { data: { name: 'laptop', expiresInDays: 30 } })).json()).token as {
      token: string;
      expiresAt: string;
    };
    expect(devToken.expiresAt).toBeTruthy();

    await page.goto('/settings');
    const row = page.getByRole('row', { name: new RegExp(dev.email) });
    await expect(row.getByText('Active')).toBeVisible();
    page.once('dialog', (d) => d.accept());
    await row.getByRole('button', { name: `Disable ${dev.email}` }).click();
    await expect(row.getByText('Disabled')).toBeVisible();

    expect((await devContext.request.get('/api/me')).status()).toBe(401);
    const byToken = await devContext.request.get('/api/me', { headers: { authorization: `Bearer ${devToken.token}` } });
    expect(byToken.status()).toBe(401);
    expect((await devContext.request.post('/api/session', { data: { email: dev.email, password: dev.password } })).status()).toBe(403);

    page.once('dialog', (d) => d.accept());
    await row.getByRole('button', { name: `Remove ${dev.email}` }).click();
    await expect(page.getByRole('row', { name: new RegExp(dev.email) })).toHaveCount(0);
    expect((await devContext.request.post('/api/session', { data: { email: dev.email, password: dev.password } })).status()).toBe(401);
    await devContext.close();
  });
});
