/**
 * Plain data the pure scheduler works on. No Prisma types: the reservation step maps rows to
 * these, the benchmark and unit tests build them by hand.
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
  labels: Readonly<Record<string, string>>;
};

/** What one host already carries (instances in STARTING/RUNNING/STOPPING). */
export type HostUsage = {
  cpu: number;
  memoryMb: number;
  instances: number;
  /** Instances per `appId` and per `appId/releaseId`, for keeping one app's replicas apart. */
  perApp?: ReadonlyMap<string, number>;
};

/** One existing reservation; `usageByHost` folds a list of these into a `UsageIndex`. */
export type Allocation = { hostId: string; appId: string; releaseId: string; cpu: number; memoryMb: number };

export type UsageIndex = ReadonlyMap<string, HostUsage>;

export type PlacementRequest = {
  appId: string;
  releaseId: string;
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
  freeCpuAfter: number;
  freeMemoryAfterMb: number;
};

export type RejectionCode = 'NOT_READY' | 'LABELS' | 'CPU' | 'MEMORY';

export type Rejection = {
  host: SchedulerHost;
  code: RejectionCode;
  freeCpu: number;
  freeMemoryMb: number;
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
  /** The READY, label-matching host with the most free memory / CPU (for "largest free is…"). */
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
  /** Capacity minus reserve, and 1 when READY — copied from `hosts` so the scan stays in arrays. */
  capCpu: Float64Array;
  capMemoryMb: Float64Array;
  ready: Uint8Array;
  usedCpu: Float64Array;
  usedMemoryMb: Float64Array;
  instances: Uint32Array;
  /** releaseKey(appId, releaseId) → instances of that release per host index. */
  siblings: Map<string, Uint32Array>;
};
