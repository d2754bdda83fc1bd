import { describe, expect, it } from 'vitest';
import { explainNoFit, explainPlacement } from './explain';
import { commitPlacement, place, prepareCluster, usageByHost } from './place';
import type { Allocation, PlacementRequest, SchedulerHost } from './types';

const host = (name: string, over: Partial<SchedulerHost> = {}): SchedulerHost => ({
  id: name,
  name,
  status: 'READY',
  cpuTotal: 4000,
  memoryTotalMb: 4096,
  reserveCpu: 0,
  reserveMemoryMb: 0,
  labels: {},
  ...over,
});

const req = (over: Partial<PlacementRequest> = {}): PlacementRequest => ({
  appId: 'app',
  releaseId: 'r1',
  cpu: 500,
  memoryMb: 512,
  strategy: 'BINPACK',
  ...over,
});

const alloc = (hostId: string, memoryMb: number, over: Partial<Allocation> = {}): Allocation => ({
  hostId,
  appId: 'other',
  releaseId: 'x',
  cpu: 100,
  memoryMb,
  ...over,
});

describe('place: filtering', () => {
  it('rejects hosts that are not READY, miss labels, or lack memory or CPU', () => {
    const hosts = [
      host('down', { status: 'UNREACHABLE', labels: { zone: 'a' } }),
      host('draining', { status: 'DRAINING', labels: { zone: 'a' } }),
      host('zone-b', { labels: { zone: 'b' } }),
      host('small', { labels: { zone: 'a' }, memoryTotalMb: 800, reserveMemoryMb: 500 }),
      host('slow', { labels: { zone: 'a' }, cpuTotal: 1000, reserveCpu: 600 }),
      host('ok', { labels: { zone: 'a' } }),
    ];
    const p = place(req({ constraints: { zone: 'a' } }), hosts, []);
    expect(p.candidates.map((c) => c.host.name)).toEqual(['ok']);
    expect(Object.fromEntries(p.rejected.map((r) => [r.host.name, r.code]))).toEqual({
      down: 'NOT_READY',
      draining: 'NOT_READY',
      'zone-b': 'LABELS',
      small: 'MEMORY',
      slow: 'CPU',
    });
  });

  it('counts existing allocations and the system reserve', () => {
    const hosts = [host('h1', { memoryTotalMb: 2048, reserveMemoryMb: 512 })];
    expect(place(req({ memoryMb: 1024 }), hosts, [alloc('h1', 512)]).candidates).toHaveLength(1);
    expect(place(req({ memoryMb: 1024 }), hosts, [alloc('h1', 513)]).candidates).toHaveLength(0);
  });

  it('says why nothing fits, naming the host with the most free memory', () => {
    const hosts = [host('host-1', { memoryTotalMb: 200 }), host('host-2', { memoryTotalMb: 300 })];
    const p = place(req({ memoryMb: 512 }), hosts, []);
    expect(p.candidates).toHaveLength(0);
    expect(explainNoFit(p)).toBe('requests 512 MB memory; the most left to request is 300 MB on host-2 (300 MB allocatable, 0 MB requested)');
    expect(explainPlacement(p)).toBe(explainNoFit(p));
  });

  it('names CPU when memory would fit', () => {
    const p = place(req({ cpu: 2000 }), [host('h1', { cpuTotal: 1000 })], []);
    expect(explainNoFit(p)).toBe(
      'requests 2 CPU and 512 MB memory; the most CPU left to request is 1 CPU on h1 (1 CPU allocatable, 0 millicores requested)',
    );
  });

  it('explains label and readiness failures', () => {
    expect(explainNoFit(place(req({ constraints: { zone: 'c' } }), [host('h1')], []))).toBe('no host matching zone=c');
    expect(explainNoFit(place(req(), [host('h1', { status: 'UNREACHABLE' })], []))).toBe('no ready host (h1 unreachable)');
    expect(explainNoFit(place(req(), [], []))).toBe('no hosts registered');
  });
});

describe('place: scoring', () => {
  const hosts = [host('empty'), host('half'), host('full-ish')];
  const usage = [alloc('half', 2048, { cpu: 2000 }), alloc('full-ish', 3072, { cpu: 3000 })];

  it('bin-packs by default: the fullest host that fits wins', () => {
    const p = place(req(), hosts, usage);
    expect(p.candidates.map((c) => c.host.name)).toEqual(['full-ish', 'half', 'empty']);
    expect(p.candidates[0].score).toBeCloseTo((3584 / 4096 + 3500 / 4000) / 2);
  });

  it('spreads when asked: the emptiest host wins', () => {
    const p = place(req({ strategy: 'SPREAD' }), hosts, usage);
    expect(p.candidates.map((c) => c.host.name)).toEqual(['empty', 'half', 'full-ish']);
  });

  it('keeps replicas of one release on different hosts when possible, even when bin-packing', () => {
    const mine = alloc('full-ish', 512, { appId: 'app', releaseId: 'r1', cpu: 500 });
    const p = place(req(), hosts, [...usage, mine]);
    expect(p.candidates[0].host.name).toBe('half');
    expect(p.candidates.at(-1)!.host.name).toBe('full-ish');
    expect(p.candidates.at(-1)!.siblings).toBe(1);
    // Only one host fits: the replica goes next to its sibling rather than failing.
    const only = place(req(), [host('solo')], [alloc('solo', 512, { appId: 'app', releaseId: 'r1' })]);
    expect(only.candidates.map((c) => c.host.name)).toEqual(['solo']);
  });

  it('instances of another release of the same app do not count as siblings', () => {
    const old = alloc('full-ish', 0, { appId: 'app', releaseId: 'r0', cpu: 0 });
    expect(place(req(), hosts, [...usage, old]).candidates[0].host.name).toBe('full-ish');
  });

  it('keeps only the best `limit` candidates, in order', () => {
    const many = Array.from({ length: 50 }, (_, i) => host(`h${i}`));
    const used = many.map((h, i) => alloc(h.id, i * 50));
    const p = place(req(), many, used, { limit: 3 });
    expect(p.candidates.map((c) => c.host.name)).toEqual(['h49', 'h48', 'h47']);
    expect(place(req(), many, usageByHost(used), { limit: 3 }).candidates.map((c) => c.host.name)).toEqual(['h49', 'h48', 'h47']);
  });
});

describe('place: prepared clusters', () => {
  it('gives the same answer on a prepared snapshot and sees committed placements', () => {
    const hosts = [host('a', { memoryTotalMb: 1024 }), host('b', { memoryTotalMb: 2048 })];
    const cluster = prepareCluster(hosts, [alloc('a', 256)]);
    const first = place(req(), cluster);
    expect(first.candidates.map((c) => c.host.name)).toEqual(place(req(), hosts, [alloc('a', 256)]).candidates.map((c) => c.host.name));
    expect(first.candidates[0].host.name).toBe('a');
    commitPlacement(cluster, first.candidates[0].index, req());
    // a has only 256 MB left now: the next one goes to b.
    expect(place(req(), cluster).candidates[0].host.name).toBe('b');
    commitPlacement(cluster, 1, req());
    commitPlacement(cluster, 1, req());
    // b has 1 GB left, a still 256 MB: only b fits.
    expect(place(req(), cluster).candidates.map((c) => c.host.name)).toEqual(['b']);
  });

  it('keeps at most maxRejected rejections but counts all', () => {
    const many = Array.from({ length: 20 }, (_, i) => host(`r${i}`, { status: 'DRAINING' }));
    const p = place(req(), many, [], { maxRejected: 5 });
    expect(p.rejected).toHaveLength(5);
    expect(p.rejectedCount).toBe(20);
  });
});

describe('explainPlacement', () => {
  it('names the chosen host, its headroom and score, and why others lost', () => {
    const hosts = [host('host-1', { memoryTotalMb: 812 }), host('host-2', { memoryTotalMb: 2048 + 512 })];
    const p = place(req({ memoryMb: 512 }), hosts, [alloc('host-1', 512), alloc('host-2', 512, { cpu: 0 })]);
    const text = explainPlacement(p);
    expect(text).toMatch(/^host-2: 1\.5 GB and 3\.5 CPU left to request after placement \(measured in use: 0 MB, 0 millicores\), bin-pack score 0\.\d\d/);
    expect(text).toContain('host-1 rejected: requests 512 MB memory, 300 MB left to request (812 MB allocatable, 512 MB requested)');
  });
});

describe('explainPlacement: the telling reasons first', () => {
  it('names a host that lacked memory before the many hosts whose labels did not match', () => {
    const others = Array.from({ length: 8 }, (_, i) => host(`other-${i}`));
    const hosts = [...others, host('tight', { memoryTotalMb: 300, labels: { suite: 's' } }), host('roomy', { labels: { suite: 's' } })];
    const p = place(req({ constraints: { suite: 's' } }), hosts, []);
    const text = explainPlacement(p);
    expect(text).toMatch(/^roomy: /);
    expect(text).toContain('tight rejected: requests 512 MB memory, 300 MB left to request (300 MB allocatable, 0 MB requested)');
    expect(text).toContain('other-0 rejected: label suite=s required, host has none');
    expect(text).toMatch(/more hosts not shown$/);
  });
});

describe('requests, overcommit and measured use', () => {
  it('admits by requests up to allocatable × overcommit', () => {
    // 2 cores, 250 millicores reserved: 1,750 allocatable; × 2 = 3,500 requestable.
    const h = host('local', { cpuTotal: 2000, reserveCpu: 250, cpuOvercommit: 2, memoryTotalMb: 24_000 });
    const small = req({ cpu: 50, memoryMb: 64 });
    const seventy = Array.from({ length: 70 }, (_, i) => alloc('local', 64, { cpu: 50, appId: `a${i}` }));
    expect(place(small, [h], seventy.slice(0, 69)).candidates).toHaveLength(1);
    const full = place(small, [h], seventy);
    expect(full.candidates).toHaveLength(0);
    expect(full.rejected[0].code).toBe('CPU');
    expect(explainNoFit(full)).toBe(
      'requests 50 millicores CPU and 64 MB memory; the most CPU left to request is 0 millicores on local (1.75 CPU allocatable × 2 overcommit, 3.5 CPU requested)',
    );
    // Without overcommit the same host takes 35.
    const strict = { ...h, cpuOvercommit: 1 };
    expect(place(small, [strict], seventy.slice(0, 34)).candidates).toHaveLength(1);
    expect(place(small, [strict], seventy.slice(0, 35)).candidates).toHaveLength(0);
  });

  it('overcommits memory only when asked, and never below 1', () => {
    const h = host('h', { memoryTotalMb: 1024, memoryOvercommit: 1.5 });
    const held = [alloc('h', 1024)];
    expect(place(req({ memoryMb: 512 }), [h], held).candidates).toHaveLength(1);
    expect(place(req({ memoryMb: 513 }), [h], held).rejected[0].code).toBe('MEMORY');
    expect(place(req({ memoryMb: 1 }), [{ ...h, memoryOvercommit: 0.5 }], held).candidates).toHaveLength(0);
  });

  it('skips a host that is busy in fact even when its requests leave room', () => {
    const busy = host('busy', { cpuTotal: 2000, cpuOvercommit: 4 });
    const idle = host('idle', { cpuTotal: 2000, cpuOvercommit: 4 });
    const usage = new Map([
      ['busy', { cpu: 200, memoryMb: 256, instances: 2, measuredCpu: 1980, measuredMemoryMb: 100 }],
      ['idle', { cpu: 1500, memoryMb: 1024, instances: 6, measuredCpu: 10, measuredMemoryMb: 80 }],
    ]);
    const p = place(req({ cpu: 50, memoryMb: 64 }), [busy, idle], usage);
    expect(p.candidates.map((c) => c.host.name)).toEqual(['idle']);
    expect(p.rejected[0]).toMatchObject({ code: 'CPU_BUSY', measuredCpu: 1980 });
    expect(explainPlacement(p)).toContain('busy rejected: busy, 1.98 CPU measured in use of 2 CPU allocatable, no room for a 50 millicores request');

    const alone = place(req({ cpu: 50, memoryMb: 64 }), [busy], usage);
    expect(explainNoFit(alone)).toBe(
      'requests 50 millicores CPU and 64 MB memory; busy is busy: 1.98 CPU measured in use of 2 CPU allocatable, no room for a 50 millicores request',
    );
    const memBusy = new Map([['busy', { cpu: 0, memoryMb: 0, instances: 1, measuredCpu: 0, measuredMemoryMb: 4050 }]]);
    expect(place(req({ cpu: 50, memoryMb: 64 }), [busy], memBusy).rejected[0].code).toBe('MEMORY_BUSY');
  });

  it('a committed placement counts by its requests only (it has no measured use yet)', () => {
    const h = host('h', { cpuTotal: 1000, cpuOvercommit: 3 });
    const cluster = prepareCluster([h], new Map());
    const big = req({ cpu: 600, memoryMb: 64 });
    for (let i = 0; i < 5; i++) commitPlacement(cluster, place(big, cluster).candidates[0].index, big);
    // 3 CPU of requests allowed: five 600-millicore requests, not a sixth.
    expect(place(big, cluster).rejected[0].code).toBe('CPU');
  });
});
