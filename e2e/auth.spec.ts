import { admin, createDeveloper, expect, randomSuffix, setupCode, signInViaApi, test } from './fixtures';

// Runs first (project "setup") against a FRESH instance: the admin account created here is the
// one every other spec signs in with.
test.describe.configure({ mode: 'serial' });

test('a fresh Berth asks for the admin account, then sign-out and sign-in lead to Apps', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole('heading', { name: 'Welcome to Berth' })).toBeVisible();
  // Without the setup code printed at start, nobody becomes admin.
  await page.getByLabel('Setup code').fill('WRONG-CODE-0000');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('Wrong setup code');
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel('Setup code').fill(setupCode);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Create admin account' }).click();

  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit' })).toBeVisible();

  // Sign out from the user menu, with the keyboard.
  // (retried: the button only reacts once React has hydrated the server-rendered page)
  const menuButton = page.getByRole('button', { name: /Account menu/ });
  await expect(async () => {
    if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.press('Enter');
    await expect(page.getByTestId('user-email')).toHaveText(admin.email, { timeout: 1_000 });
  }).toPass();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).find((c) => c.name === 'berth_session')).toBeUndefined();

  // Protected pages now redirect to sign-in.
  await page.goto('/settings');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fsettings$/);

  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Apps' }).click();
  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByRole('heading', { name: 'Apps', level: 1 })).toBeVisible();
  const cookie = (await page.context().cookies()).find((c) => c.name === 'berth_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
});

test('setup is refused once an admin exists', async ({ page, request }) => {
  const res = await request.post('/api/setup', { data: { email: 'intruder@berth.test', password: 'intruder-password' } });
  expect(res.status()).toBe(409);
  expect((await res.json()).error.code).toBe('CONFLICT');
  await page.goto('/setup');
  await expect(page).toHaveURL(/\/sign-in$/);
});

test('a wrong password shows an error and starts no session', async ({ page }) => {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill('definitely-wrong');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong email or password');
  await expect(page).toHaveURL(/\/sign-in$/);
  expect((await page.context().cookies()).find((c) => c.name === 'berth_session')).toBeUndefined();

  const res = await page.request.post('/api/session', { data: { email: admin.email, password: 'also-wrong' } });
  expect(res.status()).toBe(401);
  expect(res.headers()['set-cookie']).toBeUndefined();
  expect(await res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Wrong email or password' } });
});

test('unauthenticated API calls get 401 JSON', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  for (const path of ['/api/me', '/api/tokens', '/api/users', '/api/apps']) {
    const res = await anonymous.get(path);
    expect(res.status(), path).toBe(401);
    expect(res.headers()['content-type']).toContain('application/json');
    expect((await res.json()).error.code).toBe('UNAUTHENTICATED');
  }
  const bogus = await anonymous.get('/api/me', { headers: { authorization: `Bearer berth_${'x'.repeat(43)}` } });
  expect(bogus.status()).toBe(401);
  await anonymous.dispose();
});

test('API tokens authenticate as Bearer and can be created and revoked in Settings', async ({ signedInPage: page, api, playwright, baseURL }) => {
  const me = await api.get('/api/me');
  expect(me.status()).toBe(200);
  expect((await me.json()).user.email).toBe(admin.email);

  await page.goto('/settings');
  const name = `laptop-${Date.now()}`;
  await page.getByLabel('Token name').fill(name);
  await page.getByRole('button', { name: 'Create token' }).click();
  const token = (await page.getByTestId('new-token').textContent())!.trim();
  expect(token).toMatch(/^berth_[A-Za-z0-9_-]{43}$/);
  await expect(page.getByRole('cell', { name, exact: true })).toBeVisible();

  const client = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
  expect((await client.get('/api/me')).status()).toBe(200);

  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: `Revoke ${name}` }).click();
  await expect(page.getByRole('cell', { name, exact: true })).toHaveCount(0);
  expect((await client.get('/api/me')).status()).toBe(401);
  await client.dispose();
});

test('an admin adds a developer who can sign in but not manage users', async ({ signedInPage: page, playwright, baseURL }) => {
  const email = `dev-${Date.now()}@berth.test`;
  await page.goto('/settings');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Initial password').fill('developer-password');
  await page.getByLabel('Role').selectOption('developer');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('cell', { name: email, exact: true })).toBeVisible();

  const dev = await playwright.request.newContext({ baseURL });
  expect((await dev.post('/api/session', { data: { email, password: 'developer-password' } })).status()).toBe(200);
  expect((await dev.get('/api/me')).status()).toBe(200);
  const denied = await dev.post('/api/users', { data: { email: `x-${Date.now()}@berth.test`, password: 'whatever-pw', role: 'admin' } });
  expect(denied.status()).toBe(403);
  await dev.dispose();
});

test('an unknown app shows the 404 page and a developer gets the 403 page for the audit log', async ({ signedInPage: page, api, browser, baseURL }) => {
  const missing = await page.goto(`/apps/no-such-app-${randomSuffix()}/settings`);
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId('status-404')).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible(); // inside the signed-in shell
  await page.getByTestId('status-404').getByRole('link', { name: 'Back to Apps' }).click();
  await expect(page).toHaveURL(/\/apps$/);

  const dev = await createDeveloper(api);
  const context = await browser.newContext({ baseURL });
  const devPage = await context.newPage();
  await signInViaApi(devPage.request, dev);
  const denied = await devPage.goto('/audit');
  expect(denied?.status()).toBe(403);
  await expect(devPage.getByTestId('status-403')).toBeVisible();
  await expect(devPage.getByRole('heading', { name: 'Audit log' })).toHaveCount(0);
  await context.close();
});
