import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { enforceLogRetention } from '../../lib/logs/enforce-log-retention';
import { startLogShipper } from '../../lib/logs/ingest/ship-logs';
import { appWithInstance, flakyDockerFront, localHost, rand, removeContainer, runContainer } from './logs-fixtures';
import { waitFor } from './support/wait-for';

const containers: string[] = [];
afterAll(async () => {
  await Promise.all(containers.map(removeContainer));
});

describe('log shipping', () => {
  it("stores a container's stdout and stderr, and the lines outlive the container", async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host });
    const shipper = startLogShipper({ scanIntervalMs: 500, hosts: async () => [host] });
    try {
      const id = await runContainer(app, instance, [
        'sh',
        '-c',
        'echo hello; echo oops >&2; printf "\\033[31mred\\033[0m <script>alert(1)</script>\\n"; exit 3',
      ]);
      containers.push(id);
      const lines = await waitFor(async () => {
        const rows = await db.logLine.findMany({ where: { appId: app.id }, orderBy: { id: 'asc' } });
        return rows.length >= 3 ? rows : null;
      }, 30_000, 'shipped lines');
      expect(lines.map((l) => [l.stream, l.line]).sort()).toEqual(
        [
          ['STDOUT', 'hello'],
          ['STDERR', 'oops'],
          ['STDOUT', '\u001b[31mred\u001b[0m <script>alert(1)</script>'],
        ].sort(),
      );
      expect(lines.every((l) => l.instanceId === instance.id && l.instanceName === instance.containerName)).toBe(true);
      await removeContainer(id);
    } finally {
      await shipper.close();
    }
    const after = await db.logLine.count({ where: { appId: app.id } });
    expect(after).toBe(3);
  });

  it('resumes after a restart without duplicating lines', async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host });
    const id = await runContainer(app, instance, ['sh', '-c', 'i=0; while [ $i -lt 40 ]; do echo line $i; i=$((i+1)); sleep 0.05; done; sleep 600']);
    containers.push(id);
    const first = startLogShipper({ scanIntervalMs: 500, hosts: async () => [host] });
    await waitFor(async () => (await db.logLine.count({ where: { appId: app.id } })) >= 5, 30_000, 'first lines');
    await first.close();
    const second = startLogShipper({ scanIntervalMs: 500, hosts: async () => [host] });
    try {
      await waitFor(async () => (await db.logLine.count({ where: { appId: app.id } })) >= 40, 30_000, 'all lines');
      await second.settle();
      const rows = await db.logLine.findMany({ where: { appId: app.id }, orderBy: { id: 'asc' } });
      expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 40 }, (_, i) => `line ${i}`));
    } finally {
      await second.close();
    }
  });

  it('enforces retention by age and by size, oldest lines first', async () => {
    const host = await localHost();
    const { app } = await appWithInstance({ host });
    await db.app.update({ where: { id: app.id }, data: { logRetentionDays: 1, logRetentionBytes: 3 * (64 + 10) } });
    const now = Date.now();
    const row = (i: number, ageMs: number) => ({
      appId: app.id,
      instanceName: 'i',
      line: `line ${String(i).padStart(5, '0')}`, // 10 bytes
      ts: new Date(now - ageMs),
    });
    await db.logLine.createMany({ data: [row(0, 2 * 86_400_000), ...[1, 2, 3, 4, 5].map((i) => row(i, 1000 - i))] });
    await enforceLogRetention(new Date(now));
    const left = await db.logLine.findMany({ where: { appId: app.id }, orderBy: { id: 'asc' } });
    expect(left.map((l) => l.line)).toEqual(['line 00003', 'line 00004', 'line 00005']);
  });

  it('keeps shipping after the connection to the engine drops, without gaps or duplicates', async () => {
    const front = await flakyDockerFront();
    try {
      const host = await db.host.create({ data: { name: `flaky-${rand()}`, dockerUrl: front.url, status: 'READY' } });
      const { app, instance } = await appWithInstance({ host });
      const id = await runContainer(app, instance, ['sh', '-c', 'i=0; while [ $i -lt 60 ]; do echo n $i; i=$((i+1)); sleep 0.05; done; sleep 600']);
      containers.push(id);
      const shipper = startLogShipper({ scanIntervalMs: 300, hosts: async () => [host] });
      try {
        await waitFor(async () => (await db.logLine.count({ where: { appId: app.id } })) >= 5, 30_000, 'first lines');
        front.cut();
        await new Promise((r) => setTimeout(r, 1_000));
        front.restore();
        await waitFor(async () => (await db.logLine.count({ where: { appId: app.id } })) >= 60, 30_000, 'all lines');
        await shipper.settle();
        const rows = await db.logLine.findMany({ where: { appId: app.id }, orderBy: { id: 'asc' } });
        expect(rows.map((r) => r.line)).toEqual(Array.from({ length: 60 }, (_, i) => `n ${i}`));
      } finally {
        await shipper.close();
      }
    } finally {
      front.close();
    }
  });
});
