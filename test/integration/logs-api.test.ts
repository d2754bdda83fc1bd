import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getAudit } from '../../app/api/audit/route';
import { GET as getEvents } from '../../app/api/apps/[name]/events/route';
import { GET as getInstances } from '../../app/api/apps/[name]/instances/route';
import { GET as getLogs } from '../../app/api/apps/[name]/logs/route';
import { PUT as putRetention } from '../../app/api/apps/[name]/logs/retention/route';
import { GET as getMetrics } from '../../app/api/apps/[name]/metrics/route';
import { db } from '../../lib/db';
import { recordEvent } from '../../lib/events/record-event';
import { LogWriter } from '../../lib/logs/ingest/log-writer';
import { hostOverview } from '../../lib/observe/host-overview';
import { api } from '../../scripts/harness/berth-api';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { appWithInstance, localHost } from './logs-fixtures';

/**
 * The ops API over HTTP with real tokens: who may see what (developers only their apps, audit
 * for admins), log filtering, download and the SSE live tail.
 */
let server: TestServer;
let admin: TestUser;
let dev: TestUser;
let mine: Awaited<ReturnType<typeof appWithInstance>>;
let theirs: Awaited<ReturnType<typeof appWithInstance>>;

const p = (name: string) => ({ params: ['name'], pattern: new RegExp(`^/api/apps/([^/]+)/${name}$`) });

beforeAll(async () => {
  server = await startTestServer([
    { method: 'GET', ...p('logs'), handler: getLogs as never },
    { method: 'GET', ...p('instances'), handler: getInstances as never },
    { method: 'GET', ...p('metrics'), handler: getMetrics as never },
    { method: 'GET', ...p('events'), handler: getEvents as never },
    { method: 'PUT', ...p('logs/retention'), handler: putRetention as never },
    { method: 'GET', pattern: /^\/api\/audit$/, handler: getAudit },
  ]);
  admin = await createTestUser('ADMIN');
  dev = await createTestUser('DEVELOPER');
  const host = await localHost();
  mine = await appWithInstance({ host });
  theirs = await appWithInstance({ host });
  await db.appMember.create({ data: { appId: mine.app.id, userId: dev.id, role: 'OWNER' } });
  const now = Date.now();
  for (const { app, instance } of [mine, theirs]) {
    await db.logLine.createMany({
      data: ['hello world', 'GET /health 200', '\u001b[31mboom\u001b[0m <b>bold</b>'].map((line, i) => ({
        appId: app.id,
        instanceId: instance.id,
        instanceName: instance.containerName,
        stream: i === 2 ? 'STDERR' : 'STDOUT',
        line,
        ts: new Date(now - 1000 + i),
      })),
    });
    await db.metricSample.create({
      data: { appId: app.id, instanceId: instance.id, instanceName: instance.containerName, ts: new Date(), cpuPercent: 12.5, memoryBytes: 50n * 1048576n, memoryLimit: 64n * 1048576n },
    });
    await recordEvent({ kind: 'container.start', message: 'web.1 (v1) started', appId: app.id, appName: app.name });
  }
  await recordEvent({ kind: 'auth.signin', message: 'Signed in', actor: admin });
});

afterAll(async () => {
  await server?.close();
});

describe('ops API', () => {
  it('shows developers only the apps they are members of; 401 without a token', async () => {
    for (const path of ['logs', 'instances', 'metrics', 'events']) {
      expect((await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/${path}`)).status).toBe(200);
      expect((await api(server.url, dev.token, 'GET', `/api/apps/${theirs.app.name}/${path}`)).status).toBe(404);
      expect((await api(server.url, admin.token, 'GET', `/api/apps/${theirs.app.name}/${path}`)).status).toBe(200);
      expect((await fetch(`${server.url}/api/apps/${mine.app.name}/${path}`)).status).toBe(401);
    }
  });

  it('returns instances with their latest sample, metrics per process type, and the timeline', async () => {
    const { json: inst } = await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/instances`);
    expect(inst.instances).toHaveLength(1);
    expect(inst.instances[0]).toMatchObject({ name: 'web.1', host: expect.any(String), memoryLimitBytes: 64 * 1048576 });
    const { json: metrics } = await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/metrics?range=1h`);
    expect(metrics.processTypes).toEqual(['web']); // series per process type, not per container
    expect(metrics.cpu[0].web).toBe(12.5);
    expect((await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/metrics?range=7y`)).status).toBe(400);
    const { json: events } = await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/events`);
    expect(events.events.map((e: { kind: string }) => e.kind)).toEqual(['container.start']);
  });

  it('lists, filters and downloads log lines', async () => {
    const all = await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/logs`);
    expect(all.json.lines.map((l: { line: string }) => l.line)).toEqual([
      'hello world',
      'GET /health 200',
      '\u001b[31mboom\u001b[0m <b>bold</b>',
    ]);
    expect(all.json.lines[2].stream).toBe('stderr');
    const filtered = await api(server.url, dev.token, 'GET', `/api/apps/${mine.app.name}/logs?q=HEALTH`);
    expect(filtered.json.lines.map((l: { line: string }) => l.line)).toEqual(['GET /health 200']);
    const res = await fetch(`${server.url}/api/apps/${mine.app.name}/logs?download=1`, {
      headers: { authorization: `Bearer ${dev.token}` },
    });
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="t[a-z0-9]+-logs-/);
    const text = await res.text();
    expect(text.trim().split('\n')).toHaveLength(3);
    expect(text).toContain(`${mine.instance.containerName} stdout hello world`);
  });

  it('streams the backlog and then new lines over SSE', async () => {
    const abort = new AbortController();
    const res = await fetch(`${server.url}/api/apps/${mine.app.name}/logs?follow=1&q=world`, {
      headers: { authorization: `Bearer ${dev.token}` },
      signal: abort.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let received = '';
    const until = async (needle: string) => {
      const deadline = Date.now() + 15_000;
      while (!received.includes(needle)) {
        if (Date.now() > deadline) throw new Error(`no ${needle} in ${received}`);
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += decoder.decode(value, { stream: true });
      }
    };
    await until('event: ready');
    expect(received).toContain('hello world');
    expect(received).not.toContain('GET /health'); // filtered out
    const writer = new LogWriter();
    writer.add({ appId: mine.app.id, instanceId: mine.instance.id, instanceName: mine.instance.containerName, stream: 'STDOUT', line: 'brave new world', ts: new Date() });
    writer.add({ appId: theirs.app.id, instanceId: theirs.instance.id, instanceName: theirs.instance.containerName, stream: 'STDOUT', line: 'other world', ts: new Date() });
    await writer.flush();
    await until('brave new world');
    expect(received).not.toContain('other world');
    abort.abort();
  });

  it('gives the audit log to admins only', async () => {
    expect((await api(server.url, dev.token, 'GET', '/api/audit')).status).toBe(403);
    const { status, json } = await api(server.url, admin.token, 'GET', '/api/audit?people=1');
    expect(status).toBe(200);
    expect(json.events.every((e: { actor: string | null }) => e.actor !== null)).toBe(true);
    expect(json.events.some((e: { kind: string; actor: string }) => e.kind === 'auth.signin' && e.actor === admin.email)).toBe(true);
  });

  it('lets members set the log retention, within limits', async () => {
    const path = `/api/apps/${mine.app.name}/logs/retention`;
    const ok = await api(server.url, dev.token, 'PUT', path, { maxBytes: 2 * 1048576, days: 3 });
    expect(ok.json).toEqual({ retention: { maxBytes: 2 * 1048576, days: 3 } });
    expect((await api(server.url, dev.token, 'PUT', path, { days: 365 })).status).toBe(400);
    expect((await api(server.url, dev.token, 'PUT', `/api/apps/${theirs.app.name}/logs/retention`, { days: 2 })).status).toBe(404);
    expect(await db.event.count({ where: { appId: mine.app.id, kind: 'logs.retention', actorId: dev.id } })).toBe(1);
  });

  it('Hosts page data: capacity for everyone, instances only of visible apps', async () => {
    const instancesSeenBy = async (user: TestUser) =>
      (await hostOverview(user)).flatMap((h) => h.instanceList.map((i) => i.app));
    const devSees = await instancesSeenBy(dev);
    expect(devSees).toContain(mine.app.name);
    expect(devSees).not.toContain(theirs.app.name);
    expect(await instancesSeenBy(admin)).toEqual(expect.arrayContaining([mine.app.name, theirs.app.name]));
    const host = (await hostOverview(admin)).find((h) => h.id === mine.instance.hostId)!;
    expect(host.capacity.cpu).toBeGreaterThan(0);
    expect(host.used.memoryMb).toBeGreaterThan(0); // from the latest samples
    expect((await hostOverview(dev)).find((h) => h.id === host.id)!.dockerUrl).toBeNull();
  });
});
