/**
 * Scheduler benchmark: `npx tsx bench/scheduler.ts`
 *  1. placements/s of the pure place() at 100, 1,000 and 10,000 hosts on a prepared cluster
 *     snapshot (prepareCluster), plus place() + explainPlacement (the text that is stored), plus
 *     one-off calls that prepare the snapshot from a usage map or fold a raw allocation list
 *     (3 instances per host) first, plus batch placement committing each result;
 *  2. reservations/s of reserveInstance() against PostgreSQL (host row locks, usage recomputed
 *     from Instance rows, port allocation, INSERT) in a temporary database created and dropped
 *     here, sequentially and with 10 / 50 concurrent callers.
 * Prints tables; target: place() ≥ 10,000 placements/s at 1,000 hosts. `--pure` skips part 2.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { explainPlacement } from '../lib/scheduler/explain';
import { commitPlacement, place, prepareCluster, usageByHost } from '../lib/scheduler/place';
import type { Allocation, HostUsage, PlacementRequest, SchedulerHost } from '../lib/scheduler/types';
import { dropDatabases } from '../scripts/harness/drop-database';

const root = path.resolve(import.meta.dirname, '..');

function loadDotEnv(): void {
  const file = path.join(root, '.env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}

// Deterministic pseudo-random numbers so runs are comparable.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

function makeCluster(n: number) {
  const hosts: SchedulerHost[] = [];
  const allocations: Allocation[] = [];
  for (let i = 0; i < n; i++) {
    const cpuTotal = [2000, 4000, 8000, 16000][i % 4];
    const memoryTotalMb = cpuTotal * 2;
    hosts.push({
      id: `host-${i}`,
      name: `host-${i}`,
      status: i % 50 === 7 ? 'DRAINING' : 'READY',
      cpuTotal,
      memoryTotalMb,
      reserveCpu: 250,
      reserveMemoryMb: 512,
      labels: { zone: `z${i % 3}` },
    });
    for (let k = 0; k < 3; k++) {
      allocations.push({
        hostId: `host-${i}`,
        appId: `app-${Math.floor(rand() * 200)}`,
        releaseId: 'r1',
        cpu: 250 * (1 + Math.floor(rand() * 2)),
        memoryMb: 256 * (1 + Math.floor(rand() * 2)),
      });
    }
  }
  return { hosts, allocations, usage: usageByHost(allocations) as Map<string, HostUsage> };
}

function requests(count: number): PlacementRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    appId: `app-${i % 200}`,
    releaseId: 'r1',
    cpu: [250, 500, 1000][i % 3],
    memoryMb: [256, 512, 1024][i % 3],
    strategy: i % 4 === 0 ? 'SPREAD' : 'BINPACK',
    constraints: i % 5 === 0 ? { zone: 'z1' } : undefined,
  }));
}

/**
 * Runs `fn` repeatedly for about `ms` milliseconds. Returns operations per second of CPU time
 * (process user+system) — on a shared, busy machine wall-clock rates mostly measure the other
 * processes — and per wall-clock second.
 */
function rate(fn: (i: number) => void, ms = 1000): { cpu: number; wall: number } {
  for (let i = 0; i < 200; i++) fn(i); // warm up
  let ops = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let now = start;
  while (now < deadline) {
    for (let k = 0; k < 50; k++) fn(ops++);
    now = process.hrtime.bigint();
  }
  const cpu = process.cpuUsage(cpu0);
  return { cpu: ops / ((cpu.user + cpu.system) / 1e6), wall: ops / (Number(now - start) / 1e9) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

function benchPure() {
  const rows: Record<string, string>[] = [];
  const reqs = requests(1000);
  let sink = 0;
  for (const n of [100, 1_000, 10_000]) {
    const { hosts, allocations, usage } = makeCluster(n);
    const ms = n >= 10_000 ? 2000 : 1000;
    const cluster = prepareCluster(hosts, usage);
    const pure = rate((i) => {
      sink += place(reqs[i % reqs.length], cluster).candidates.length;
    }, ms);
    const explained = rate((i) => {
      sink += explainPlacement(place(reqs[i % reqs.length], cluster)).length;
    }, ms);
    const oneOff = rate((i) => {
      sink += place(reqs[i % reqs.length], hosts, usage).candidates.length;
    }, ms);
    const folding = rate((i) => {
      sink += place(reqs[i % reqs.length], hosts, allocations).candidates.length;
    }, ms);
    // Placing many instances in a row on one snapshot, committing each (a batch scheduler).
    let batchCluster = prepareCluster(hosts, usage);
    const batch = rate((i) => {
      const req = reqs[i % reqs.length];
      const best = place(req, batchCluster).candidates[0];
      if (best) commitPlacement(batchCluster, best.index, req);
      if (i % 2000 === 1999) batchCluster = prepareCluster(hosts, usage); // refill before it saturates
    }, ms);
    rows.push({
      hosts: fmt(n),
      'place()/cpu-s': fmt(pure.cpu),
      'µs cpu each': (1e6 / pure.cpu).toFixed(1),
      'place()/wall-s': fmt(pure.wall),
      '+explain/cpu-s': fmt(explained.cpu),
      'prepare+place/cpu-s': fmt(oneOff.cpu),
      'fold+place/cpu-s': fmt(folding.cpu),
      'batch place+commit/cpu-s': fmt(batch.cpu),
    });
  }
  if (sink === -1) console.log(sink);
  return rows;
}

async function benchReservations() {
  loadDotEnv();
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('DATABASE_URL is not set (.env)');
  const name = `berth_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString(); // before lib/db creates its client
  const rows: Record<string, string>[] = [];
  try {
    const { runMigrations } = await import('../lib/migrations/run-migrations');
    await runMigrations({ databaseUrl: url.toString(), dir: path.join(root, 'prisma/migrations') });
    const { db } = await import('../lib/db');
    const { reserveInstance } = await import('../lib/scheduler/reserve');

    const app = await db.app.create({ data: { name: 'bench', template: 'PHP' } });
    const release = await db.release.create({
      data: { appId: app.id, version: 1, imageTag: 'berth/bench:1', commitSha: 'a'.repeat(40), env: '', description: 'bench' },
    });
    let counter = 0;
    const reserve = () =>
      reserveInstance({
        appId: app.id,
        releaseId: release.id,
        processType: 'web',
        index: counter,
        containerName: `bench-${counter++}`,
        resources: { cpuRequest: 10, cpuLimit: 100, memoryRequestMb: 16, memoryLimitMb: 64 },
        needsPort: true,
        strategy: 'BINPACK',
      });

    for (const hostCount of [10, 100]) {
      await db.instance.deleteMany({});
      await db.host.deleteMany({});
      await db.host.createMany({
        data: Array.from({ length: hostCount }, (_, i) => ({
          name: `bench-${hostCount}-${i}`,
          dockerUrl: 'unix:///nonexistent.sock',
          address: `10.0.${Math.floor(i / 250)}.${i % 250}`,
          cpuTotal: 64_000,
          memoryTotalMb: 256_000,
          portRangeStart: 20000,
          portRangeEnd: 29999,
        })),
      });
      for (const concurrency of [1, 10, 50]) {
        const total = concurrency === 1 ? 200 : 500;
        await reserve(); // warm up connections and plans
        const start = performance.now();
        let done = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (done < total) {
              done++;
              await reserve();
            }
          }),
        );
        const seconds = (performance.now() - start) / 1000;
        rows.push({
          hosts: String(hostCount),
          concurrency: String(concurrency),
          reservations: String(total),
          'reservations/s': fmt(total / seconds),
          'ms each (wall/total)': ((seconds * 1000) / total).toFixed(2),
        });
      }
    }
    await db.$disconnect();
  } finally {
    await dropDatabases(base, [name]);
  }
  return rows;
}

console.log('Pure place() — one placement = filter + score every host, keep the best 3 (machine load: ' + (await import('node:os')).loadavg()[0].toFixed(1) + ')');
console.table(benchPure());
if (!process.argv.includes('--pure')) {
  console.log('\nreserveInstance() against PostgreSQL (temporary database, dropped afterwards)');
  console.table(await benchReservations());
}
process.exit(0);
