import { describe, expect, it } from 'vitest';
import { deriveAppStatus, type StatusInputs } from './app-status';

const t = new Date();
const base: StatusInputs = {
  desiredState: 'RUNNING',
  latestBuild: { status: 'SUCCEEDED', createdAt: t },
  latestRelease: { status: 'LIVE', createdAt: t },
  hasCurrentRelease: true,
  instances: [{ status: 'RUNNING' }],
};

describe('deriveAppStatus', () => {
  it('live when the current release runs', () => expect(deriveAppStatus(base)).toBe('live'));
  it('stopped wins', () => expect(deriveAppStatus({ ...base, desiredState: 'STOPPED' })).toBe('stopped'));
  it('sleeping when stopped for being idle', () => expect(deriveAppStatus({ ...base, desiredState: 'STOPPED', sleeping: true })).toBe('sleeping'));
  it('building while a build is queued or running', () => {
    expect(deriveAppStatus({ ...base, latestBuild: { status: 'RUNNING', createdAt: t } })).toBe('building');
    expect(deriveAppStatus({ ...base, latestBuild: { status: 'QUEUED', createdAt: t } })).toBe('building');
  });
  it('deploying while a release rolls out', () =>
    expect(deriveAppStatus({ ...base, latestRelease: { status: 'DEPLOYING', createdAt: t } })).toBe('deploying'));
  it('failed when the first build failed', () =>
    expect(
      deriveAppStatus({
        ...base,
        latestBuild: { status: 'FAILED', createdAt: t },
        latestRelease: null,
        hasCurrentRelease: false,
        instances: [],
      }),
    ).toBe('failed'));
  it('still live when a later build failed but the old release serves', () =>
    expect(deriveAppStatus({ ...base, latestBuild: { status: 'FAILED', createdAt: t } })).toBe('live'));
  it('crashed when no instance of the current release runs', () =>
    expect(deriveAppStatus({ ...base, instances: [{ status: 'CRASHED' }] })).toBe('crashed'));
  it('deploying, not stopped, while a running app has no web instance for a moment', () => {
    expect(deriveAppStatus({ ...base, instances: [] })).toBe('deploying');
    expect(deriveAppStatus({ ...base, instances: [], webQuantity: 2 })).toBe('deploying');
  });
  it('a worker-only app (web=0) with a current release is live', () =>
    expect(deriveAppStatus({ ...base, instances: [], webQuantity: 0 })).toBe('live'));
});
