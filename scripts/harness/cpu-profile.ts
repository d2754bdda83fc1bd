import { readdir, readFile } from 'node:fs/promises';
import os from 'node:os';

/**
 * Where an idle host's CPU goes (a measurement aid for bench/density.ts): every process's
 * user + system ticks from /proc over a window, grouped by command name, and the machine's
 * user / system / softirq / idle split from /proc/stat. Reads only /proc; no process is touched.
 */
export type CpuProfile = {
  seconds: number;
  /** Share of all cores, 0–1 each. */
  machine: { user: number; system: number; softirq: number; iowait: number; idle: number };
  /** Per command name: cores used on average over the window, and how many processes had that name. */
  groups: { command: string; cores: number; processes: number }[];
};

type Ticks = Map<number, { command: string; ticks: number }>;

async function processTicks(): Promise<Ticks> {
  const out: Ticks = new Map();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue; // gone meanwhile
    // comm is in parentheses and may itself contain spaces or ')': split after the last ')'.
    const close = stat.lastIndexOf(')');
    // Kernel workers are named per CPU and task (kworker/1:1-mm_percpu_wq): one group each kind.
    const command = stat.slice(stat.indexOf('(') + 1, close).replace(/^(kworker|ksoftirqd|migration)\/.*$/, '$1');
    const fields = stat.slice(close + 2).split(' ');
    // Fields after comm start at field 3 (state): utime is field 14, stime 15.
    out.set(Number(entry), { command, ticks: Number(fields[11]) + Number(fields[12]) });
  }
  return out;
}

async function machineTicks(): Promise<number[]> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  return line.trim().split(/\s+/).slice(1).map(Number); // user nice system idle iowait irq softirq steal …
}

/** Samples for `seconds` and returns where the CPU went; groups using < 0.2 % of a core are left out. */
export async function profileCpu(seconds: number): Promise<CpuProfile> {
  const hz = 100; // USER_HZ: 100 on Linux
  const [p0, m0] = [await processTicks(), await machineTicks()];
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const [p1, m1] = [await processTicks(), await machineTicks()];
  const byCommand = new Map<string, { ticks: number; processes: number }>();
  for (const [pid, now] of p1) {
    const before = p0.get(pid);
    const g = byCommand.get(now.command) ?? { ticks: 0, processes: 0 };
    // A process born in the window (or a pid reused) is counted, its ticks are not: they may predate it.
    if (before && before.command === now.command) g.ticks += Math.max(0, now.ticks - before.ticks);
    g.processes++;
    byCommand.set(now.command, g);
  }
  const d = m1.map((v, i) => v - (m0[i] ?? 0));
  const total = d.reduce((a, b) => a + b, 0) || 1;
  const share = (...idx: number[]) => idx.reduce((a, i) => a + (d[i] ?? 0), 0) / total;
  return {
    seconds,
    machine: { user: share(0, 1), system: share(2, 5), softirq: share(6), iowait: share(4), idle: share(3) },
    groups: [...byCommand]
      .map(([command, g]) => ({ command, cores: g.ticks / hz / seconds, processes: g.processes }))
      .filter((g) => g.cores >= 0.002)
      .sort((a, b) => b.cores - a.cores),
  };
}

/** The profile as markdown tables. */
export function formatCpuProfile(p: CpuProfile): string {
  const pc = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `CPU over ${p.seconds} s, ${os.cpus().length} cores, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}:`,
    '',
    '| user | system | softirq | iowait | idle |',
    '|---|---|---|---|---|',
    `| ${pc(p.machine.user)} | ${pc(p.machine.system)} | ${pc(p.machine.softirq)} | ${pc(p.machine.iowait)} | ${pc(p.machine.idle)} |`,
    '',
    '| command | cores (mean) | processes |',
    '|---|---|---|',
    ...p.groups.slice(0, 20).map((g) => `| ${g.command} | ${g.cores.toFixed(3)} | ${g.processes} |`),
  ];
  return lines.join('\n');
}
