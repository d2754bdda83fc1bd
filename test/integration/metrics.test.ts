import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { appMetrics } from '../../lib/metrics/app-metrics';
import { downsampleMetrics } from '../../lib/metrics/downsample-metrics';
import { sampleMetrics } from '../../lib/metrics/ingest/sample-metrics';
import { ingestAccessLog } from '../../lib/metrics/ingest/ingest-access-log';
import { appendFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { appWithInstance, localHost, removeContainer, runContainer } from './logs-fixtures';

const containers: string[] = [];
afterAll(async () => {
  await Promise.all(containers.map(removeContainer));
});

describe('metrics', () => {
  it('samples CPU and memory of a running container into MetricSample', async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host, memoryMb: 64 });
    const id = await runContainer(app, instance, ['sh', '-c', 'while :; do :; done'], {
      Memory: 64 * 1024 * 1024,
      MemorySwap: 64 * 1024 * 1024,
    });
    containers.push(id);
    await sampleMetrics({ hosts: [host] });
    await sampleMetrics({ hosts: [host] });
    const rows = await db.metricSample.findMany({ where: { appId: app.id } });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ instanceId: instance.id, instanceName: instance.containerName, resolution: 0 });
    expect(rows[0].memoryLimit).toBe(BigInt(64 * 1024 * 1024));
    expect(rows.every((r) => r.memoryBytes > 0n)).toBe(true);
    expect(Math.max(...rows.map((r) => r.cpuPercent))).toBeGreaterThan(10); // a busy loop

    // One series per process type (web), not per container.
    const chart = await appMetrics(app.id, '15m');
    expect(chart.processTypes).toEqual(['web']);
    expect(chart.cpu.length).toBeGreaterThan(0);
    expect(chart.memoryLimitMb.web).toBe(64);
  });

  it('downsamples raw → 1-minute → 10-minute buckets and drops data older than 7 days', async () => {
    const host = await localHost();
    const { app } = await appWithInstance({ host });
    const now = new Date('2026-11-22T12:00:00Z');
    const at = (msAgo: number, cpu: number) => ({
      appId: app.id,
      instanceName: 'i1',
      ts: new Date(now.getTime() - msAgo),
      cpuPercent: cpu,
      memoryBytes: 100n,
      memoryLimit: 1000n,
    });
    const H = 3_600_000;
    await db.metricSample.createMany({
      data: [
        at(2 * H, 10), at(2 * H - 10_000, 30), // same minute, 2 h old → one 1-minute row, avg 20
        at(10 * 60_000, 50), // 10 min old: stays raw
        { ...at(30 * H, 40), resolution: 60 }, { ...at(30 * H - 60_000, 60), resolution: 60 }, // → one 10-minute row
        at(8 * 24 * H, 99), // older than 7 days: gone
      ],
    });
    await downsampleMetrics(now);
    await downsampleMetrics(now); // idempotent
    const rows = await db.metricSample.findMany({ where: { appId: app.id }, orderBy: { ts: 'asc' } });
    expect(rows.map((r) => [r.resolution, r.cpuPercent])).toEqual([
      [600, 50],
      [60, 20],
      [0, 50],
    ]);
    expect(rows[1].ts.toISOString()).toBe('2026-11-22T10:00:00.000Z');
  });

  it("counts requests per app and minute from the proxy's access log, incrementally", async () => {
    const host = await localHost();
    const { app } = await appWithInstance({ host });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-access-'));
    const file = path.join(dir, 'access.log');
    const stateFile = path.join(dir, 'offset.json');
    const line = (status: number, rt: number) =>
      `${JSON.stringify({ time: '2026-11-22T03:00:05+00:00', app: app.name, status, request_time: rt })}\n`;
    await appendFile(file, line(200, 0.01) + line(500, 0.03));
    expect(await ingestAccessLog({ file, stateFile })).toBe(2);
    await appendFile(file, line(200, 0.02) + line(404, 0.004) + '{"time":"2026-11-22T03:00:06+00:00","app":"par');
    expect(await ingestAccessLog({ file, stateFile })).toBe(2);
    expect(await ingestAccessLog({ file, stateFile })).toBe(0);
    const stat = await db.requestStat.findFirstOrThrow({ where: { appId: app.id } });
    expect(stat).toMatchObject({ count: 4, errors: 1, clientErrors: 1, totalMs: 64, maxMs: 30 });
    // The histograms of both passes added up: 4 ms and 10 ms, 20 ms and 30 ms buckets.
    expect(stat.latency).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(stat.minute.toISOString()).toBe('2026-11-22T03:00:00.000Z');
    // The chart: that minute split by status class, with p50/p95; the empty minutes after it as zero.
    const chart = await appMetrics(app.id, '15m', new Date('2026-11-22T03:05:00Z'));
    const minute = chart.requests.find((p) => p.t === Date.parse('2026-11-22T03:00:00Z'));
    expect(minute).toMatchObject({ count: 4, ok: 2, clientErrors: 1, serverErrors: 1 });
    expect(minute!.p50Ms).toBeGreaterThan(5);
    expect(minute!.p95Ms).toBeLessThanOrEqual(30);
    expect(chart.requests.filter((p) => p.t > minute!.t).every((p) => p.count === 0 && p.p50Ms === null)).toBe(true);
  });
});
