import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { api } from '../../scripts/harness/berth-api';
import { waitForApp } from '../../scripts/harness/app-http';
import { runGit, tempDir } from '../../scripts/harness/git-cli';
import { startPoller, type PollSample } from '../../scripts/harness/poller';
import { randomAppName } from '../../scripts/harness/users';
import { useBerthStack } from './harness/berth-stack';

/**
 * What someone watching an app sees across a `git push` deploy: a loopback poller sends a GET
 * through the edge nginx every 50 ms (fresh connection each; at most 4,000 requests / 200 s) while
 * the real git client pushes a change. No request fails, none waits more than 500 ms (the
 * post-switch stall held them 2.5 s), and every request started after `git push` returned gets
 * the new content. Python (one gunicorn worker, where the stall was seen) and PHP (Apache).
 */
const MAX_WAIT_MS = 500;
const STARTERS = [
  { template: 'python', file: 'app.py', greeting: 'Hello from Python' },
  { template: 'php', file: 'index.php', greeting: 'Hello from PHP' },
] as const;

describe('a 50 ms poller across a git push deploy', () => {
  const stack = useBerthStack();

  it.each(STARTERS)(
    '$template: no request fails or waits > 500 ms; after the push returns, only the new content',
    async ({ template, file, greeting }) => {
      const name = randomAppName(`q${template[0]}`);
      const created = await api(stack.server.url, stack.user.token, 'POST', '/api/apps', { name, template });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      stack.apps.push(name);
      expect((await waitForApp(name, (r) => r.status === 200 && r.body.includes(greeting), { timeoutMs: 150_000 })).status).toBe(200);

      const work = path.join(await tempDir(), 'w');
      expect((await runGit(['clone', `${stack.server.url}/git/${name}.git`, work], { token: stack.user.token })).code).toBe(0);
      const marker = `Polled${Math.random().toString(36).slice(2, 10)}`;
      const source = path.join(work, file);
      await writeFile(source, (await readFile(source, 'utf8')).replaceAll(greeting, marker));
      await runGit(['commit', '-am', marker], { cwd: work });

      const poller = startPoller(name, { intervalMs: 50, maxRequests: 4_000, maxMs: 200_000 });
      let samples: PollSample[];
      let pushStarted = 0;
      let pushReturned = 0;
      try {
        // Traffic before the push: the old release is served (and the poller works).
        expect(await poller.waitFor((s) => s.body.includes(greeting), { since: 0, timeoutMs: 5_000 })).not.toBeNull();
        pushStarted = performance.now();
        const push = await runGit(['push', 'origin', 'main'], { cwd: work, token: stack.user.token, timeoutMs: 170_000 });
        pushReturned = performance.now();
        expect(push.code, push.stderr).toBe(0);
        expect(push.stderr).toMatch(/Live at/);
        // Keep polling a second past the push: the stall came after "Live".
        await poller.waitFor(() => true, { since: pushReturned + 1_000, timeoutMs: 5_000 });
      } finally {
        samples = await poller.stop();
      }

      const took = (s: PollSample) => s.endedAt - s.startedAt;
      const durations = samples.map(took).sort((a, b) => a - b);
      const show = (s: PollSample) => ({ at: Math.round(s.startedAt - pushStarted), ms: Math.round(took(s)), status: s.status, error: s.error });
      console.log(
        `${template}: ${samples.length} requests (${samples.filter((s) => s.startedAt >= pushStarted).length} during/after the push), ` +
          `push ${((pushReturned - pushStarted) / 1000).toFixed(2)} s, ` +
          `median ${durations[Math.floor(durations.length / 2)].toFixed(0)} ms, max ${durations.at(-1)!.toFixed(0)} ms`,
      );
      expect(samples.filter((s) => s.startedAt < pushStarted).length).toBeGreaterThan(0);
      expect(samples.filter((s) => s.status !== 200).map(show)).toEqual([]);
      expect(samples.filter((s) => took(s) > MAX_WAIT_MS).map(show)).toEqual([]);
      const after = samples.filter((s) => s.startedAt >= pushReturned);
      expect(after.length).toBeGreaterThanOrEqual(15);
      expect(after.filter((s) => !s.body.includes(marker)).map(show)).toEqual([]);
    },
    300_000,
  );
});
