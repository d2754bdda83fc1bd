import { describe, expect, it } from 'vitest';
import { GET as getLogs } from '../../app/api/apps/[name]/logs/route';
import { db } from '../../lib/db';
import { MAX_STREAMS_PER_USER, openStreamCount } from '../../lib/live/sse-response';
import { createTestUser, randomAppName } from '../../scripts/harness/users';

// Finding 7 (web half): every SSE tail holds its own Redis connection; one user opening tails
// without end exhausted the web process and Redis. Now the 21st concurrent stream gets 429.
describe('live streams per user', () => {
  it('refuses the 21st concurrent log tail of one user with 429 and frees slots when tails close', async () => {
    const admin = await createTestUser('ADMIN');
    const other = await createTestUser('ADMIN');
    const name = randomAppName();
    await db.app.create({ data: { name, template: 'DOCKERFILE' } });
    const open = (token: string, abort: AbortController) =>
      getLogs(
        new Request(`http://berth.test/api/apps/${name}/logs?follow=1`, {
          headers: { authorization: `Bearer ${token}` },
          signal: abort.signal,
        }),
        { params: Promise.resolve({ name }) },
      );
    const tails: AbortController[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS_PER_USER; i++) {
        const abort = new AbortController();
        tails.push(abort);
        const res = await open(admin.token, abort);
        expect(res.status).toBe(200);
      }
      expect(openStreamCount(admin.id)).toBe(MAX_STREAMS_PER_USER);

      const refused = await open(admin.token, new AbortController());
      expect(refused.status).toBe(429);
      expect((await refused.json()).error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/too many open live streams/) });
      expect(openStreamCount(admin.id)).toBe(MAX_STREAMS_PER_USER);

      // Someone else is not affected.
      const theirs = new AbortController();
      tails.push(theirs);
      expect((await open(other.token, theirs)).status).toBe(200);

      // Closing one tail frees its slot.
      tails[0].abort();
      await expect.poll(() => openStreamCount(admin.id), { timeout: 10_000 }).toBe(MAX_STREAMS_PER_USER - 1);
      const again = new AbortController();
      tails.push(again);
      expect((await open(admin.token, again)).status).toBe(200);
    } finally {
      for (const t of tails) t.abort();
    }
    await expect.poll(() => openStreamCount(admin.id) + openStreamCount(other.id), { timeout: 10_000 }).toBe(0);
  });
});
