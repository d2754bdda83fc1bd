/**
 * Plain data the pure scheduler works on. No Prisma types: the reservation step maps rows to
 * these, the benchmark and unit tests build them by hand.
 *
 * Kubernetes semantics: the scheduler admits by *requests*. Per host,
 *   allocatable = capacity − system reserve,
 *   requests may add up to allocatable × overcommit (a ratio ≥ 1 per resource),
 *   and measured use (docker stats samples) plus the new request must stay within allocatable,
 * so a host that is busy in fact is not chosen even when its requests leave room. Limits are
 * enforced by cgroups and never counted here.
 */
export type Strategy = 'BINPACK' | 'SPREAD';

export type SchedulerHost = {
  id: string;
  name: string;
  status: 'READY' | 'UNREACHABLE' | 'DRAINING';
  /** Millicores and MB as probed from `docker info`. */
  cpuTotal: number;
  memoryTotalMb: number;
  /** Kept free for the system; never handed to instances. */
  reserveCpu: number;
  reserveMemoryMb: number;
  /** Requests may add up to allocatable × this (≥ 1). Default 1: no overcommit. */
  cpuOvercommit?: number;
  memoryOvercommit?: number;
  labels: Readonly<Record<string, string>>;
};

/** What one host already carries (instances in STARTING/RUNNING/STOPPING). */
export type HostUsage = {
  /** Sum of the requests of its instances (millicores, MB). */
  cpu: number;
  memoryMb: number;
  instances: number;
  /** Measured use of its instances (recent docker stats samples); unknown = 0. */
  measuredCpu?: number;
  measuredMemoryMb?: number;
  /** Instances per `appId` and per `appId/releaseId`, for keeping one app's replicas apart. */
  perApp?: ReadonlyMap<string, number>;
};

/** One existing reservation (its requests); `usageByHost` folds a list of these into a `UsageIndex`. */
export type Allocation = { hostId: string; appId: string; releaseId: string; cpu: number; memoryMb: number };

export type UsageIndex = ReadonlyMap<string, HostUsage>;

export type PlacementRequest = {
  appId: string;
  releaseId: string;
  /** The instance's requests (millicores, MB): what admission counts. */
  cpu: number;
  memoryMb: number;
  strategy: Strategy;
  /** Every key must equal the host's label, e.g. { zone: 'a' }. */
  constraints?: Readonly<Record<string, string>>;
};

export type Candidate = {
  host: SchedulerHost;
  /** Position of the host in the cluster (for commitPlacement). */
  index: number;
  /** 0..1 from the strategy alone (higher is better). */
  score: number;
  /** score minus one per sibling instance of the same app release already on the host. */
  rank: number;
  siblings: number;
  /** Requestable headroom left after placement: allocatable × overcommit − requests. */
  freeCpuAfter: number;
  freeMemoryAfterMb: number;
  /** Measured use on the host before placement. */
  measuredCpu: number;
  measuredMemoryMb: number;
};

/**
 * CPU / MEMORY: the requests do not fit under allocatable × overcommit.
 * CPU_BUSY / MEMORY_BUSY: they would, but measured use + the request exceeds allocatable.
 */
export type RejectionCode = 'NOT_READY' | 'LABELS' | 'CPU' | 'MEMORY' | 'CPU_BUSY' | 'MEMORY_BUSY';

export type Rejection = {
  host: SchedulerHost;
  code: RejectionCode;
  /** Requestable headroom: allocatable × overcommit − requests (may be negative). */
  freeCpu: number;
  freeMemoryMb: number;
  /** Requests already on the host. */
  requestedCpu: number;
  requestedMemoryMb: number;
  /** Measured use on the host. */
  measuredCpu: number;
  measuredMemoryMb: number;
  /** For LABELS: the first constraint that did not match. */
  label?: string;
};

export type Placement = {
  request: PlacementRequest;
  /** Best first; at most `limit` entries. */
  candidates: Candidate[];
  /** Hosts that cannot take the request, in host order; at most `maxRejected` are kept. */
  rejected: Rejection[];
  /** How many hosts were rejected in all (may exceed rejected.length). */
  rejectedCount: number;
  /** The READY, label-matching host with the most requestable memory / CPU left (for "at most … left on …"). */
  mostFreeMemory?: { host: SchedulerHost; freeMemoryMb: number };
  mostFreeCpu?: { host: SchedulerHost; freeCpu: number };
};

/**
 * A snapshot of hosts and what they carry, laid out for fast scans: usage in typed arrays
 * aligned with `hosts`, sibling counts per app release. Built once by `prepareCluster`, reused
 * for many placements (and updated with `commitPlacement` when placing a batch).
 */
export type Cluster = {
  hosts: readonly SchedulerHost[];
  /** Allocatable (capacity − reserve), requestable (allocatable × overcommit), and 1 when READY — copied from `hosts` so the scan stays in arrays. */
  allocCpu: Float64Array;
  allocMemoryMb: Float64Array;
  capCpu: Float64Array;
  capMemoryMb: Float64Array;
  ready: Uint8Array;
  /** Sum of requests. */
  usedCpu: Float64Array;
  usedMemoryMb: Float64Array;
  /** Measured use. */
  measuredCpu: Float64Array;
  measuredMemoryMb: Float64Array;
  instances: Uint32Array;
  /** releaseKey(appId, releaseId) → instances of that release per host index. */
  siblings: Map<string, Uint32Array>;
};
