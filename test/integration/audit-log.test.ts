import { afterAll, beforeAll, expect, it } from 'vitest';
import { GET as getAudit } from '../../app/api/audit/route';
import { db } from '../../lib/db';
import { recordEvent } from '../../lib/events/record-event';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

/**
 * The audit log over HTTP: filters by app, actor, action and date range, keyset paging both
 * ways, bad filters refused with a reason, admins only. Events of one random app name, so other
 * tests' events never count.
 */
let server: TestServer;
let admin: TestUser;
let dev: TestUser;
const app = randomAppName('au');
type Page = { events: { id: string; kind: string; actor: string | null; at: string }[]; total: number; older: string | null; newer: string | null };

beforeAll(async () => {
  server = await startTestServer([{ method: 'GET', pattern: /^\/api\/audit$/, handler: getAudit }]);
  admin = await createTestUser('ADMIN');
  dev = await createTestUser('DEVELOPER');
  for (let i = 0; i < 3; i++) await recordEvent({ kind: 'deploy.live', message: `v${i + 1} is live`, appName: app, actor: admin });
  for (let i = 0; i < 2; i++) await recordEvent({ kind: 'container.die', message: 'web.1 exited', appName: app });
  await recordEvent({ kind: 'env.change', message: 'Set FOO', appName: app, actor: dev });
  // One event from January, for the date range.
  await recordEvent({ kind: 'app.create', message: 'Created', appName: app, actor: admin });
  await db.event.updateMany({ where: { appName: app, kind: 'app.create' }, data: { createdAt: new Date('2026-01-15T12:00:00Z') } });
});
afterAll(async () => {
  await db.event.deleteMany({ where: { appName: app } });
  await server?.close();
});

const audit = async (query: string) => {
  const res = await api(server.url, admin.token, 'GET', `/api/audit?app=${app}&${query}`);
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json as Page;
};

it('filters by app, actor, action and date range', async () => {
  expect((await audit('')).total).toBe(7);
  expect((await audit(`actor=${encodeURIComponent(dev.email.toUpperCase())}`)).events.map((e) => e.kind)).toEqual(['env.change']);
  expect((await audit('actor=system')).events.map((e) => e.kind)).toEqual(['container.die', 'container.die']);
  expect((await audit('action=deploy')).total).toBe(3);
  expect((await audit('action=deploy.live&people=1')).total).toBe(3);
  expect((await audit('from=2026-01-15&to=2026-01-15')).events.map((e) => e.kind)).toEqual(['app.create']);
  expect((await audit('from=2026-01-16')).total).toBe(6);
  expect((await audit('app=&actor=&action=&from=&to=')).total).toBeGreaterThanOrEqual(7); // empty form fields: unset
});

it('pages newest first, and back', async () => {
  const first = await audit('limit=3');
  expect(first.events).toHaveLength(3);
  expect(first.newer).toBeNull();
  const second = await audit(`limit=3&before=${first.older}`);
  const third = await audit(`limit=3&before=${second.older}`);
  expect(third.events).toHaveLength(1);
  expect(third.older).toBeNull();
  const ids = [...first.events, ...second.events, ...third.events].map((e) => Number(e.id));
  expect(ids).toEqual([...ids].sort((a, b) => b - a));
  expect(new Set(ids).size).toBe(7);
  const back = await audit(`limit=3&after=${second.newer}`);
  expect(back.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
  expect(back.newer).toBeNull();
});

it('refuses bad filters with a reason, and non-admins', async () => {
  const reversed = await api(server.url, admin.token, 'GET', '/api/audit?from=2026-02-01&to=2026-01-01');
  expect(reversed.status).toBe(400);
  expect(reversed.json.error.message).toBe('The date range ends before it starts');
  const bad = await api(server.url, admin.token, 'GET', '/api/audit?from=yesterday');
  expect(bad.status).toBe(400);
  expect(bad.json.error.fields.from).toBe('a date as YYYY-MM-DD');
  expect((await api(server.url, dev.token, 'GET', '/api/audit')).status).toBe(403);
});
