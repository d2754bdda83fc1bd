import type Docker from 'dockerode';
import { config } from '../config';
import type { Host, Instance } from '../db';
import { withTimeout } from '../docker/connect';
import { inspectContainer, statusCodeOf } from '../docker/containers';
import { dockerForHost } from '../docker/host-client';
import { describeError } from '../errors';

/**
 * Startup CPU boost, as Kubernetes' kube-startup-cpu-boost does it: an instance whose tier caps
 * its CPU is created with the host's every core as its limit, and capped to the tier's limit as
 * soon as it is healthy, or BERTH_STARTUP_CPU_BOOST_SECONDS after its start, whichever is first.
 *
 * Why: everything a start does runs inside the container's cgroup — runc's own setup, then the
 * interpreter loading, the JVM compiling — and a SMALL instance's 0.5-core quota throttles all of
 * it, while the host's other cores sit idle (docs/benchmarks.md, Startup CPU boost). CpuShares
 * stay proportional to the request, so under contention a booting instance still gets only its
 * share: the boost lends idle cores, it takes none from busy apps. A process that keeps crashing
 * is restarted by Docker under the cap: only a start Berth makes is boosted.
 */

/** Millicores of CPU limit an instance is created with (null: no limit, shares only). Pure. */
export function startupCpuLimit(cpuLimit: number | null, hostCpuTotal: number, boostSeconds: number): number | null {
  if (cpuLimit === null) return null;
  if (boostSeconds <= 0 || hostCpuTotal <= cpuLimit) return cpuLimit;
  return hostCpuTotal;
}

/** The boost an instance on this host starts with, from the installation's setting. */
export function instanceStartupCpu(cpuLimit: number | null, hostCpuTotal: number): number | null {
  return startupCpuLimit(cpuLimit, hostCpuTotal, config().BERTH_STARTUP_CPU_BOOST_SECONDS);
}

/** Sets a container's CPU limit (a running one's at once, a stopped one's for its next start). */
export async function setCpuLimit(docker: Docker, id: string, millicores: number): Promise<void> {
  await withTimeout(docker.getContainer(id).update({ NanoCpus: millicores * 1_000_000 }), 5_000, 'docker update');
}

/** setCpuLimit where failing is not the caller's problem: a container already gone is fine, anything else is logged. */
async function trySetCpuLimit(docker: Docker, id: string, millicores: number, what: string): Promise<void> {
  await setCpuLimit(docker, id, millicores).catch((error) => {
    if (statusCodeOf(error) !== 404) console.warn(`[deploys] could not ${what}: ${describeError(error)}`);
  });
}

/**
 * Caps a just-started instance's CPU to its tier's limit: `cap()` when it is healthy (or failed),
 * and by itself after the boost window. Idempotent; a container already gone is fine; a failed
 * cap is logged (the reconciler caps a boosted instance it finds: capBoostedInstances below).
 */
export function startupCap(docker: Docker, id: string, current: number | undefined, cpuLimit: number | null): { cap: () => Promise<void> } {
  const target = cpuLimit === null ? undefined : cpuLimit * 1_000_000;
  if (target === undefined || !current || current === target) return { cap: async () => undefined };
  let done: Promise<void> | null = null;
  const cap = () =>
    (done ??= (async () => {
      clearTimeout(timer);
      await trySetCpuLimit(docker, id, cpuLimit!, `cap the CPU of ${id.slice(0, 12)}`);
    })());
  const timer = setTimeout(() => void cap(), config().BERTH_STARTUP_CPU_BOOST_SECONDS * 1000);
  timer.unref();
  return { cap };
}

/** A sleeping app's kept container, stopped capped, gets its boost back for its wake. */
export async function boostNextStart(docker: Docker, instance: Pick<Instance, 'containerName' | 'cpuLimit'>, host: Pick<Host, 'cpuTotal'>): Promise<void> {
  const startup = instanceStartupCpu(instance.cpuLimit, host.cpuTotal);
  if (startup === null || startup === instance.cpuLimit) return;
  await trySetCpuLimit(docker, instance.containerName, startup, `boost ${instance.containerName} for its next start`);
}

/** Running instances checked since this process started: each is inspected once, not every pass. */
const checked = new Set<string>();

/**
 * Caps running instances still boosted past their window: the process that started one died
 * before its cap (its timer died with it). Each running instance is inspected once per process,
 * after its window; a pass inspects at most `perPass` of them.
 */
export async function capBoostedInstances(
  rows: readonly (Pick<Instance, 'id' | 'containerId' | 'status' | 'startedAt' | 'cpuLimit'> & { host: Host })[],
  now = Date.now(),
  perPass = 20,
): Promise<string[]> {
  const windowMs = (config().BERTH_STARTUP_CPU_BOOST_SECONDS + 5) * 1000;
  const capped: string[] = [];
  const due = rows.filter(
    (r) => r.status === 'RUNNING' && r.cpuLimit !== null && r.containerId && !checked.has(`${r.id}/${r.containerId}`) && (r.startedAt?.getTime() ?? 0) < now - windowMs,
  );
  for (const row of due.slice(0, perPass)) {
    const docker = dockerForHost(row.host);
    const details = await inspectContainer(docker, row.containerId!, 5_000).catch(() => undefined);
    if (details === undefined) continue; // not answered: asked again next pass
    checked.add(`${row.id}/${row.containerId}`);
    if (details && (details.HostConfig?.NanoCpus ?? 0) > row.cpuLimit! * 1_000_000 && details.State?.Running) {
      await setCpuLimit(docker, row.containerId!, row.cpuLimit!).catch(() => undefined);
      capped.push(row.id);
    }
  }
  return capped;
}
