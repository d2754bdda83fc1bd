import { describe, expect, it } from 'vitest';
import { failureHeadline, failureNotice, releaseStep } from './failure-notice';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const current = { version: 2, createdAt: t(10) };
const build = { id: 'b7', number: 7, commitSha: 'a'.repeat(40), failedStep: 'install dependencies', error: 'npm ci exited with code 1\nmore', createdAt: t(20) };
const release = { id: 'r5', version: 5, buildId: 'b5', failureReason: 'health check failed: GET / timed out', createdAt: t(30) };

describe('failureNotice', () => {
  it('names a failed release newer than the live one, with the step and what still serves', () => {
    const n = failureNotice({ current, failedBuild: null, failedRelease: release })!;
    expect(failureHeadline(n)).toBe('v5 failed at health check — v2 still serving');
    expect(n).toMatchObject({ kind: 'release', version: 5, buildId: 'b5' });
  });

  it('names a failed build after the live release, first line of its error only', () => {
    const n = failureNotice({ current, failedBuild: build, failedRelease: null })!;
    expect(failureHeadline(n)).toBe('Build #7 failed at install dependencies — v2 still serving');
    expect(n.reason).toBe('npm ci exited with code 1');
  });

  it('picks the newer of a failed build and a failed release', () => {
    expect(failureNotice({ current, failedBuild: build, failedRelease: release })!.kind).toBe('release');
    expect(failureNotice({ current, failedBuild: { ...build, createdAt: t(40) }, failedRelease: release })!.kind).toBe('build');
  });

  it('is gone once a newer release went live', () => {
    const newer = { version: 6, createdAt: t(50) };
    expect(failureNotice({ current: newer, failedBuild: build, failedRelease: release })).toBeNull();
  });

  it('ignores releases older than the live one (skipped) and says when nothing serves', () => {
    expect(failureNotice({ current, failedBuild: null, failedRelease: { ...release, version: 1 } })).toBeNull();
    expect(failureHeadline(failureNotice({ current: null, failedBuild: build, failedRelease: null })!)).toMatch(/nothing is serving yet$/);
  });

  it('reads the step from the reason', () => {
    expect(releaseStep('Not enough capacity for 1 more web instance')).toBe('placement');
    expect(releaseStep('release phase exited with code 2')).toBe('release phase');
    expect(releaseStep('image pull failed')).toBe('deploy');
  });

  it('names a failed scale newer than the other failures, with its step, the Hosts link and Retry', () => {
    const op = { id: 'd9', label: 'Scale web=20:large', failedStep: 'placement', reason: 'Not enough capacity for 19 more web instances', failureDetail: null, createdAt: t(40) };
    const n = failureNotice({ current, failedBuild: build, failedRelease: release, failedOperation: op })!;
    expect(failureHeadline(n)).toBe('Scale web=20:large failed at placement — v2 still serving');
    expect(n).toMatchObject({ kind: 'operation', operationId: 'd9', link: { href: '/hosts' }, buildId: null, version: null });
    // An older operation failure gives way to a newer failed release.
    expect(failureNotice({ current, failedBuild: null, failedRelease: release, failedOperation: { ...op, createdAt: t(25) } })!.kind).toBe('release');
  });

  it("uses a release's stored step and detail over the reason's wording", () => {
    const stored = { ...release, failureReason: 'Docker could not start the container', failedStep: 'start', failureDetail: 'raw engine error' };
    expect(failureNotice({ current, failedBuild: null, failedRelease: stored })).toMatchObject({ step: 'start', detail: 'raw engine error', link: null });
  });
});
