import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppListStream } from '../../lib/apps/app-list-stream';
import type { AppListEvent } from '../../lib/apps/app-list-events';
import { createApp } from '../../lib/apps/create-app';
import { deleteApp } from '../../lib/apps/delete-app';
import { db } from '../../lib/db';
import { stopApp } from '../../lib/deploys/app-operations';
import { createTestUser, randomAppName, type TestUser } from '../../scripts/harness/users';

/**
 * The live apps list (GET /api/live/apps) against real PostgreSQL and Redis, no workers: each
 * user sees only their apps, and a new app, a stop and a delete reach the stream within a second.
 */
describe('live apps list', () => {
  let alice: TestUser;
  let bob: TestUser;
  const created: string[] = [];

  beforeAll(async () => {
    alice = await createTestUser();
    bob = await createTestUser();
  });
  afterAll(async () => {
    for (const name of created) {
      if (!(await db.app.findUnique({ where: { name } }))) continue;
      await deleteApp(alice, name, name).catch(() => deleteApp(bob, name, name).catch(() => undefined));
    }
  });

  async function newApp(user: TestUser): Promise<string> {
    const name = randomAppName('live');
    created.push(name);
    await createApp(user, { name, template: 'php', tier: 'small' });
    return name;
  }

  /** The next list the stream sends that satisfies `ok`, within `ms`. */
  async function nextList(stream: AsyncGenerator<AppListEvent>, ok: (names: Map<string, string>) => boolean, ms = 3_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      const next = await Promise.race([stream.next(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
      if (!next || next.done) break;
      const names = new Map(next.value.data.apps.map((a) => [a.name, a.status]));
      if (ok(names)) return { names, at: Date.now() };
    }
    throw new Error('the stream did not send the expected list in time');
  }

  it('sends only the actor’s apps, then a new app, a stop and a delete as they happen', async () => {
    const mine = await newApp(alice);
    const theirs = await newApp(bob);
    const abort = new AbortController();
    const stream = openAppListStream(alice)(abort.signal);
    try {
      const first = await nextList(stream, (n) => n.has(mine));
      expect(first.names.has(theirs)).toBe(false);

      const second = await newApp(alice);
      let started = Date.now();
      const withNew = await nextList(stream, (n) => n.has(second), 2_000);
      console.log(`new app in the stream ${withNew.at - started} ms after createApp returned`);
      expect(withNew.at - started).toBeLessThan(1_000);

      started = Date.now();
      await stopApp(alice, second);
      const stopped = await nextList(stream, (n) => n.get(second) === 'stopped', 2_000);
      console.log(`stop in the stream ${stopped.at - started} ms after stopApp`);
      expect(stopped.at - started).toBeLessThan(1_000);

      await deleteApp(alice, second, second);
      const gone = await nextList(stream, (n) => !n.has(second), 3_000);
      expect(gone.names.has(theirs)).toBe(false);
    } finally {
      abort.abort();
      await stream.return(undefined);
    }
  });
});
