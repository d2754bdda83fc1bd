import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { startLogShipper } from '../../lib/logs/ingest/ship-logs';
import { MAX_LINE } from '../../lib/logs/ingest/docker-log-frames';
import { appWithInstance, localHost, removeContainer, runContainer } from '../integration/logs-fixtures';
import { waitFor } from '../integration/support/wait-for';

// Finding 7 (worker half): a log line without a newline used to be buffered whole (and re-split on
// every chunk: quadratic), so a container printing 50 MB without one grew the worker by more than
// 50 MB and would have stored one giant row. The parser's own bound (its unfinished line stays
// under MAX_LINE + a timestamp after 5 MB) is asserted in lib/logs/ingest/docker-log-frames.test.ts.
const containers: string[] = [];
afterAll(async () => {
  await Promise.all(containers.map(removeContainer));
});

describe('log shipping under a runaway line', () => {
  it('ships 50 MB without a newline in capped pieces, in bounded time', async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host });
    const shipper = startLogShipper({ scanIntervalMs: 500, hosts: async () => [host] });
    const started = Date.now();
    try {
      const id = await runContainer(app, instance, ['sh', '-c', "head -c 50000000 /dev/zero | tr '\\0' A; sleep 1; echo; echo END"]);
      containers.push(id);
      await waitFor(() => db.logLine.findFirst({ where: { appId: app.id, line: 'END' } }), 240_000, 'the END line');
      await shipper.settle();
    } finally {
      await shipper.close();
    }
    expect(Date.now() - started).toBeLessThan(240_000);
    const [stats] = await db.$queryRaw<{ n: bigint; longest: number; total: bigint }[]>`
      SELECT count(*) AS n, max(length(line)) AS longest, sum(length(replace(line, ${'\u2026'}, ''))) AS total
      FROM "LogLine" WHERE "appId" = ${app.id}`;
    expect(stats.longest).toBeLessThanOrEqual(MAX_LINE + 2); // two cut marks at most
    expect(Number(stats.total)).toBeGreaterThanOrEqual(50_000_000); // nothing lost (Docker's own timestamps add a little)
    expect(Number(stats.n)).toBeGreaterThan(50_000_000 / (MAX_LINE + 64));
  });
});
