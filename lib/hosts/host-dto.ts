import type { Host } from '../db';
import { NO_USAGE, overcommitOf, type HostResourceUsage } from '../scheduler/cluster-state';

/**
 * What the UI and API see of a host. Never the TLS material; the Docker URL only for admins.
 * Resources side by side, Kubernetes style (millicores / MB): capacity − reserve = allocatable;
 * requests may add up to allocatable × overcommit (`requestable`); `requested` is what instances
 * hold, `limits` what cgroups would let them use at most, `used` what they measurably use.
 */
export type HostDto = {
  id: string;
  name: string;
  status: 'READY' | 'UNREACHABLE' | 'DRAINING';
  isLocal: boolean;
  address: string;
  dockerUrl: string | null;
  hasTls: boolean;
  /** ssh:// hosts: the pinned SSH host key fingerprint (admins only). */
  sshHostKey: string | null;
  labels: Record<string, string>;
  portRange: { start: number; end: number };
  dockerVersion: string | null;
  lastHeartbeatAt: string | null;
  lastError: string | null;
  /** As probed (docker info). */
  capacity: { cpu: number; memoryMb: number };
  /** Kept for the system. */
  reserve: { cpu: number; memoryMb: number };
  /** capacity − reserve: what instances may use in fact. */
  allocatable: { cpu: number; memoryMb: number };
  /** Ratios (≥ 1) requests may reach over allocatable; `own`: set on this host, else the installation default. */
  overcommit: { cpu: number; memory: number; own: boolean };
  /** allocatable × overcommit: what requests may add up to. */
  requestable: { cpu: number; memoryMb: number };
  /** Sum of the requests of instances in STARTING/RUNNING/STOPPING. */
  requested: { cpu: number; memoryMb: number };
  /** Sum of their limits; `cpuUnlimited` instances have no CPU limit (shares only). */
  limits: { cpu: number; memoryMb: number; cpuUnlimited: number };
  /** Measured use of those instances (average of the last 2 minutes of samples). */
  used: { cpu: number; memoryMb: number };
  /** requestable − requested (what the scheduler can still admit; may be negative). */
  free: { cpu: number; memoryMb: number };
  instances: number;
  createdAt: string;
};

export function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}


export function toHostDto(host: Host, usage: HostResourceUsage = NO_USAGE, opts: { admin: boolean } = { admin: true }): HostDto {
  const ratio = overcommitOf(host);
  const allocatable = { cpu: host.cpuTotal - host.reserveCpu, memoryMb: host.memoryTotalMb - host.reserveMemoryMb };
  const requestable = { cpu: Math.floor(allocatable.cpu * ratio.cpu), memoryMb: Math.floor(allocatable.memoryMb * ratio.memory) };
  return {
    id: host.id,
    name: host.name,
    status: host.status,
    isLocal: host.isLocal,
    address: host.address,
    dockerUrl: opts.admin ? host.dockerUrl : null,
    hasTls: Boolean(host.tls),
    sshHostKey: opts.admin ? host.sshHostKey : null,
    labels: labelsOf(host.labels),
    portRange: { start: host.portRangeStart, end: host.portRangeEnd },
    dockerVersion: host.dockerVersion,
    lastHeartbeatAt: host.lastHeartbeatAt?.toISOString() ?? null,
    lastError: opts.admin ? host.lastError : host.lastError ? 'unreachable' : null,
    capacity: { cpu: host.cpuTotal, memoryMb: host.memoryTotalMb },
    reserve: { cpu: host.reserveCpu, memoryMb: host.reserveMemoryMb },
    allocatable,
    overcommit: { cpu: ratio.cpu, memory: ratio.memory, own: host.cpuOvercommit !== null || host.memoryOvercommit !== null },
    requestable,
    requested: { cpu: usage.cpuRequest, memoryMb: usage.memoryRequestMb },
    limits: { cpu: usage.cpuLimit, memoryMb: usage.memoryLimitMb, cpuUnlimited: usage.cpuUnlimited },
    used: { cpu: usage.measuredCpu, memoryMb: usage.measuredMemoryMb },
    free: { cpu: requestable.cpu - usage.cpuRequest, memoryMb: requestable.memoryMb - usage.memoryRequestMb },
    instances: usage.instances,
    createdAt: host.createdAt.toISOString(),
  };
}
