import { describe, expect, it } from 'vitest';
import { pushFailureMessage } from './push-failure-message';

const commit = 'abc1234def5678abc1234def5678abc1234def56';

describe('pushFailureMessage', () => {
  it('a failed build names the step and keeps only the first line of the error', () => {
    const message = pushFailureMessage({
      commit,
      build: { failedStep: 'docker build', error: 'The image build failed: `exit 3` exited with code 3\n\nLast log lines:\nbroken' },
      serving: 2,
    });
    expect(message).toBe(
      'Push failed: the build of abc1234 failed at step "docker build" (The image build failed: `exit 3` exited with code 3). Fix it (the build log above says why) and push again. v2 keeps serving.',
    );
  });

  it('a failed health check names the step and the advice to listen on $PORT', () => {
    const message = pushFailureMessage({
      commit,
      release: { version: 5, failedStep: 'health check', failureReason: 'health check failed: nothing answered HTTP on port 5000 ($PORT) in time' },
      serving: 2,
    });
    expect(message).toMatch(/^Push failed: abc1234 built, but v5 did not go live — it failed at health check: health check failed: nothing answered/);
    expect(message).toContain('Make the web process listen on $PORT');
    expect(message).toMatch(/v2 keeps serving\.$/);
  });

  it('a capacity refusal points at the Hosts page; nothing deployed yet is said', () => {
    const message = pushFailureMessage({
      commit,
      release: { version: 1, failedStep: 'placement', failureReason: 'requests 512 MB memory; the most left to request is 100 MB on local' },
      serving: null,
    });
    expect(message).toContain('failed at placement: requests 512 MB memory; the most left to request is 100 MB on local');
    expect(message).toContain('Hosts page');
    expect(message).toMatch(/Nothing is deployed yet\.$/);
  });

  it('an unknown step still says what to do', () => {
    expect(pushFailureMessage({ commit, release: { version: 3, failedStep: null, failureReason: null }, serving: 2 })).toBe(
      'Push failed: abc1234 built, but v3 did not go live. Fix it and push again, or roll back in the dashboard. v2 keeps serving.',
    );
  });
});
