// Pure: the Overview's failure banner, derived from rows (Postgres is the truth, so the banner
// survives reloads and goes away only when a newer deploy succeeds). Type-only imports.

/** The newest failed build and failed release of an app, and the release that serves. */
export type FailureInputs = {
  current: { version: number; createdAt: Date } | null;
  failedBuild: { id: string; number: number; commitSha: string; failedStep: string | null; error: string | null; createdAt: Date } | null;
  failedRelease: { id: string; version: number; buildId: string | null; failureReason: string | null; createdAt: Date } | null;
};

/** What the banner says and links to. */
export type FailureNotice = {
  kind: 'build' | 'release';
  /** "Build #7" or "v5". */
  subject: string;
  /** Where it stopped: "health check", "install dependencies", ... */
  step: string;
  /** First line of the stored reason (the full text is in the build log / release row). */
  reason: string;
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
export function failureNotice({ current, failedBuild, failedRelease }: FailureInputs): FailureNotice | null {
  const serving = current?.version ?? null;
  const build = failedBuild && (!current || failedBuild.createdAt > current.createdAt) ? failedBuild : null;
  const release = failedRelease && (!current || failedRelease.version > current.version) ? failedRelease : null;
  if (release && (!build || release.createdAt >= build.createdAt)) {
    const reason = release.failureReason ?? 'unknown reason';
    return {
      kind: 'release',
      subject: `v${release.version}`,
      step: releaseStep(reason),
      reason: firstLine(reason),
      serving,
      buildId: release.buildId,
      buildNumber: null,
      version: release.version,
      commitSha: null,
      at: release.createdAt.toISOString(),
    };
  }
  if (!build) return null;
  return {
    kind: 'build',
    subject: `Build #${build.number}`,
    step: build.failedStep ?? 'build',
    reason: firstLine(build.error ?? 'see the build log'),
    serving,
    buildId: build.id,
    buildNumber: build.number,
    version: null,
    commitSha: build.commitSha,
    at: build.createdAt.toISOString(),
  };
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
