import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import * as setupRoute from '../../app/api/setup/route';
import { ensureSetupCode, setupCodePath } from '../../lib/auth/setup-code';
import { announceSetupCode } from '../../lib/auth/setup-admin';
import { db } from '../../lib/db';
import { browserRequest, rand } from './web-support';

// Finding 10, second half (issue 11): whoever reached /setup first became admin. Now the first
// admin needs the one-time code the web process writes to $BERTH_DATA_DIR/setup-code (0600) and
// logs at start (`npm run up` prints it). This file's database starts with no users.

const url = 'http://localhost:3000/api/setup';
const post = (body: object, headers: Record<string, string> = {}) =>
  setupRoute.POST(browserRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) }));

describe('first-run setup', () => {
  it('refuses to create the first admin without the setup code, or with a wrong one', async () => {
    expect(await db.user.count()).toBe(0);
    await announceSetupCode(); // what instrumentation.ts does when the web process starts
    const file = await stat(setupCodePath());
    expect(file.mode & 0o777).toBe(0o600);

    for (const body of [
      { email: `squatter-${rand()}@evil.example`, password: 'i-was-here-first' },
      { email: `squatter-${rand()}@evil.example`, password: 'i-was-here-first', setupCode: 'AAAA-BBBB-CCCC' },
      { email: `squatter-${rand()}@evil.example`, password: 'i-was-here-first', setupCode: '' },
    ]) {
      const res = await post(body);
      expect(res.status).toBe(403);
      expect((await res.json()).error.message).toMatch(/Wrong setup code/);
      expect(res.headers.get('set-cookie')).toBeNull();
    }
    expect(await db.user.count()).toBe(0);
  });

  it('refuses a cross-origin page posting the setup form for the visitor', async () => {
    const { code } = await ensureSetupCode();
    const res = await post({ email: `x-${rand()}@evil.example`, password: 'cross-origin-pw', setupCode: code }, { origin: 'http://shop.localhost:8080' });
    expect(res.status).toBe(403);
    expect(await db.user.count()).toBe(0);
  });

  it('creates the admin with the code (any case, with or without dashes), then deletes the code', async () => {
    const { code } = await ensureSetupCode();
    const email = `admin-${rand()}@example.com`;
    const res = await post({ email, password: 'correct horse battery', setupCode: ` ${code.toLowerCase().replace(/-/g, '')} ` });
    expect(res.status).toBe(201);
    expect(res.headers.get('set-cookie')).toMatch(/berth_session=/);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).role).toBe('ADMIN');
    await expect(stat(setupCodePath())).rejects.toMatchObject({ code: 'ENOENT' });

    // The code is single-use: the same request again is a conflict, not a second admin.
    const again = await post({ email: `admin2-${rand()}@example.com`, password: 'correct horse battery', setupCode: code });
    expect(again.status).toBe(409);
    expect(await db.user.count()).toBe(1);
  });
});
