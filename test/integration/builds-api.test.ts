import { describe, expect, it } from 'vitest';
import { GET as listBuildsRoute } from '../../app/api/apps/[name]/builds/route';
import { POST as cancelRoute } from '../../app/api/builds/[id]/cancel/route';
import { GET as logRoute } from '../../app/api/builds/[id]/log/route';
import { GET as buildRoute } from '../../app/api/builds/[id]/route';
import { createBuild } from '../../lib/builds/create-build';
import { BuildLogSink, publishBuildDone } from '../../lib/builds/log-sink';
import { db } from '../../lib/db';
import { createTestUser } from '../../scripts/harness/users';

// The builds API through its real route handlers: authz via the app's members, cancel, SSE log.
const req = (token: string, path: string, init: RequestInit = {}) =>
  new Request(`http://berth.test${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

async function setup() {
  const member = await createTestUser();
  const stranger = await createTestUser();
  const name = `t${Math.random().toString(36).slice(2, 10)}`;
  const app = await db.app.create({ data: { name, template: 'NODE', members: { create: { userId: member.id } } } });
  return { member, stranger, app };
}

describe('builds API', () => {
  it('lists builds and shows one with its log to members only', async () => {
    const { member, stranger, app } = await setup();
    const build = await createBuild({ appId: app.id, commitSha: 'a'.repeat(40), trigger: 'PUSH' });
    const sink = new BuildLogSink(build.id);
    sink.push('-----> hello <script>alert(1)</script>');
    sink.push('second line');
    await sink.flush();

    const list = await listBuildsRoute(req(member.token, `/api/apps/${app.name}/builds`), { params: Promise.resolve({ name: app.name }) });
    expect(list.status).toBe(200);
    const { builds } = await list.json();
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({ id: build.id, number: 1, status: 'QUEUED', commitSha: 'a'.repeat(40) });

    const one = await buildRoute(req(member.token, `/api/builds/${build.id}?after=1`), { params: Promise.resolve({ id: build.id }) });
    expect(await one.json()).toMatchObject({ build: { id: build.id, app: app.name }, lines: [{ seq: 2, line: 'second line' }] });

    for (const res of [
      await listBuildsRoute(req(stranger.token, `/api/apps/${app.name}/builds`), { params: Promise.resolve({ name: app.name }) }),
      await buildRoute(req(stranger.token, `/api/builds/${build.id}`), { params: Promise.resolve({ id: build.id }) }),
      await cancelRoute(req(stranger.token, `/api/builds/${build.id}/cancel`, { method: 'POST' }), { params: Promise.resolve({ id: build.id }) }),
    ])
      expect(res.status).toBe(404);
    expect((await db.build.findUniqueOrThrow({ where: { id: build.id } })).status).toBe('QUEUED');
    const anonymous = await buildRoute(new Request(`http://berth.test/api/builds/${build.id}`), { params: Promise.resolve({ id: build.id }) });
    expect(anonymous.status).toBe(401);
  });

  it('cancels a queued build once; a second cancel is a 409', async () => {
    const { member, app } = await setup();
    const build = await createBuild({ appId: app.id, commitSha: 'b'.repeat(40), trigger: 'PUSH' });
    const ctx = { params: Promise.resolve({ id: build.id }) };
    const first = await cancelRoute(req(member.token, `/api/builds/${build.id}/cancel`, { method: 'POST' }), ctx);
    expect(first.status).toBe(200);
    expect((await first.json()).build.status).toBe('CANCELLED');
    const again = await cancelRoute(req(member.token, `/api/builds/${build.id}/cancel`, { method: 'POST' }), { params: Promise.resolve({ id: build.id }) });
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toMatch(/already cancelled/);
  });

  it('follows the log over SSE: history, live lines, then done', async () => {
    const { member, app } = await setup();
    const build = await createBuild({ appId: app.id, commitSha: 'c'.repeat(40), trigger: 'PUSH' });
    await db.build.update({ where: { id: build.id }, data: { status: 'RUNNING' } });
    const sink = new BuildLogSink(build.id);
    sink.push('from history');
    await sink.flush();

    const res = await logRoute(req(member.token, `/api/builds/${build.id}/log?follow=1`), { params: Promise.resolve({ id: build.id }) });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reading = new Response(res.body).text();
    // Usually subscribed by now, so the next line arrives live; if not, history has it: once either way.
    await new Promise((r) => setTimeout(r, 500));
    sink.push('live line');
    await sink.flush();
    await db.build.update({ where: { id: build.id }, data: { status: 'SUCCEEDED' } });
    await publishBuildDone(build.id, 'SUCCEEDED');
    const text = await reading;
    expect(text).toContain('id: 1\nevent: line\ndata: {"seq":1,"line":"from history"}');
    expect(text).toContain('id: 2\nevent: line\ndata: {"seq":2,"line":"live line"}');
    expect(text.trim().endsWith('event: done\ndata: {"status":"SUCCEEDED"}')).toBe(true);
  });
});
