import type { Host } from '../db';

/** What the UI and API see of a host. Never the TLS material; the Docker URL only for admins. */
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
  /** Millicores / MB as probed. */
  capacity: { cpu: number; memoryMb: number };
  /** Kept for the system. */
  reserve: { cpu: number; memoryMb: number };
  /** Held by instances in STARTING/RUNNING/STOPPING. */
  reserved: { cpu: number; memoryMb: number };
  /** capacity − reserve − reserved (what the scheduler can still hand out; may be negative). */
  free: { cpu: number; memoryMb: number };
  instances: number;
  createdAt: string;
};

export function labelsOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function toHostDto(
  host: Host,
  usage: { cpu: number; memoryMb: number; instances: number } = { cpu: 0, memoryMb: 0, instances: 0 },
  opts: { admin: boolean } = { admin: true },
): HostDto {
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
    reserved: { cpu: usage.cpu, memoryMb: usage.memoryMb },
    free: {
      cpu: host.cpuTotal - host.reserveCpu - usage.cpu,
      memoryMb: host.memoryTotalMb - host.reserveMemoryMb - usage.memoryMb,
    },
    instances: usage.instances,
    createdAt: host.createdAt.toISOString(),
  };
}
