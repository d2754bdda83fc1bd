// Pure: the Overview's failure banner, derived from rows (Postgres is the truth, so the banner
// survives reloads and goes away only when a newer deploy succeeds). Type-only imports.

/**
 * The newest failed build and failed release of an app, its newest failed operation (scale,
 * restart, start, stop) that no later deployment succeeded after, and the release that serves.
 */
export type FailureInputs = {
  current: { version: number; createdAt: Date } | null;
  failedBuild: { id: string; number: number; commitSha: string; failedStep: string | null; error: string | null; createdAt: Date } | null;
  failedRelease: {
    id: string;
    version: number;
    buildId: string | null;
    failureReason: string | null;
    failedStep?: string | null;
    failureDetail?: string | null;
    createdAt: Date;
  } | null;
  failedOperation?: { id: string; label: string; failedStep: string | null; reason: string | null; failureDetail: string | null; createdAt: Date } | null;
};

/** What the banner says and links to. */
export type FailureNotice = {
  kind: 'build' | 'release' | 'operation';
  /** "Build #7", "v5", "Scale web=20:large", "Restart". */
  subject: string;
  /** Where it stopped: "health check", "install dependencies", "placement", ... */
  step: string;
  /** First line of the stored reason (the full text is in the build log / release row). */
  reason: string;
  /** The long form (raw engine error, the app's last log lines), shown collapsed. */
  detail: string | null;
  /** Where to act on it: a capacity refusal links to Hosts, which shows what is free where. */
  link: { href: string; label: string } | null;
  /** The failed operation's deployment (its Retry asks the same again), or null. */
  operationId: string | null;
  /** The version still serving, if any. */
  serving: number | null;
  buildId: string | null;
  buildNumber: number | null;
  /** The failed release's version (for its logs), or null for a build. */
  version: number | null;
  commitSha: string | null;
  at: string;
};

/**
 * The newest failure that no later live release replaced: a failed build created after the current
 * release, or a failed release with a higher version than the current one. A release that was
 * merely skipped (an older one queued behind a newer live one) never counts: its version is lower.
 */
export function failureNotice({ current, failedBuild, failedRelease, failedOperation = null }: FailureInputs): FailureNotice | null {
  const serving = current?.version ?? null;
  const build = failedBuild && (!current || failedBuild.createdAt > current.createdAt) ? failedBuild : null;
  const release = failedRelease && (!current || failedRelease.version > current.version) ? failedRelease : null;
  // The newest of the three decides (the operation was already checked against later successes).
  const newest = Math.max(build?.createdAt.getTime() ?? -Infinity, release?.createdAt.getTime() ?? -Infinity);
  const none = { detail: null, link: null, operationId: null, buildId: null, buildNumber: null, version: null, commitSha: null };
  if (failedOperation && failedOperation.createdAt.getTime() >= newest) {
    const step = failedOperation.failedStep ?? 'start';
    return {
      ...none,
      kind: 'operation',
      subject: failedOperation.label,
      step,
      reason: firstLine(failedOperation.reason ?? 'unknown reason'),
      detail: failedOperation.failureDetail,
      link: stepLink(step),
      operationId: failedOperation.id,
      serving,
      at: failedOperation.createdAt.toISOString(),
    };
  }
  if (release && (!build || release.createdAt >= build.createdAt)) {
    const reason = release.failureReason ?? 'unknown reason';
    const step = release.failedStep ?? releaseStep(reason);
    return {
      ...none,
      kind: 'release',
      subject: `v${release.version}`,
      step,
      reason: firstLine(reason),
      detail: release.failureDetail ?? null,
      link: stepLink(step),
      serving,
      buildId: release.buildId,
      version: release.version,
      at: release.createdAt.toISOString(),
    };
  }
  if (!build) return null;
  return {
    ...none,
    kind: 'build',
    subject: `Build #${build.number}`,
    step: build.failedStep ?? 'build',
    reason: firstLine(build.error ?? 'see the build log'),
    serving,
    buildId: build.id,
    buildNumber: build.number,
    commitSha: build.commitSha,
    at: build.createdAt.toISOString(),
  };
}

/** A step someone acts on elsewhere: capacity is freed or added on Hosts. */
export function stepLink(step: string): FailureNotice['link'] {
  return step === 'placement' ? { href: '/hosts', label: 'See free capacity on Hosts' } : null;
}

/** "v5 failed at health check — v2 still serving" */
export function failureHeadline(n: FailureNotice): string {
  const serving = n.serving !== null ? `v${n.serving} still serving` : 'nothing is serving yet';
  return `${n.subject} failed at ${n.step} — ${serving}`;
}

/** Which deploy step a release's stored reason names (the reasons are plain sentences). */
export function releaseStep(reason: string): string {
  if (/health.?check|container stopped|\$PORT|did not answer/i.test(reason)) return 'health check';
  if (/capacity|does not fit|not enough|no host/i.test(reason)) return 'placement';
  if (/release phase|release command/i.test(reason)) return 'release phase';
  if (/predeploy|postdeploy/i.test(reason)) return 'deploy script';
  return 'deploy';
}

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? text;
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}
