/**
 * Pure maths on one Docker stats reading (GET /containers/{id}/stats?stream=false), cgroup v1
 * and v2: CPU % of one core ×100 per core as `docker stats` shows it, and memory in use without
 * the page cache.
 */
export type DockerStats = {
  cpu_stats?: { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
};

export function cpuPercent(stats: DockerStats): number {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const cores = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return Math.round((cpuDelta / systemDelta) * cores * 100 * 100) / 100;
}

export function memoryUsage(stats: DockerStats): { used: number; limit: number } {
  const mem = stats.memory_stats ?? {};
  const s = mem.stats ?? {};
  // v1: total_inactive_file (or cache); v2: inactive_file — what `docker stats` subtracts.
  const cache = s.total_inactive_file ?? s.inactive_file ?? s.cache ?? 0;
  const used = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));
  return { used, limit: mem.limit ?? 0 };
}
