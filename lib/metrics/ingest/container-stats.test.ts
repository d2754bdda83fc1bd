import { describe, expect, it } from 'vitest';
import { cpuPercent, memoryUsage } from './container-stats';

describe('container stats', () => {
  it('computes CPU % like docker stats', () => {
    expect(
      cpuPercent({
        cpu_stats: { cpu_usage: { total_usage: 2_000_000 }, system_cpu_usage: 20_000_000, online_cpus: 4 },
        precpu_stats: { cpu_usage: { total_usage: 1_000_000 }, system_cpu_usage: 10_000_000 },
      }),
    ).toBe(40);
    expect(cpuPercent({})).toBe(0);
  });

  it('subtracts inactive file cache from memory usage', () => {
    expect(memoryUsage({ memory_stats: { usage: 100, limit: 1000, stats: { total_inactive_file: 30 } } })).toEqual({
      used: 70,
      limit: 1000,
    });
  });
});
