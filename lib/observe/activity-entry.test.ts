import { describe, expect, it } from 'vitest';
import { activityGroup, activityTone, activityWho } from './activity-entry';

describe('activity entries', () => {
  it('groups builds, releases, config, scale and containers', () => {
    expect(activityGroup('git.push')).toBe('build');
    expect(activityGroup('build.failed')).toBe('build');
    expect(activityGroup('deploy.live')).toBe('release');
    expect(activityGroup('release.rollback')).toBe('release');
    expect(activityGroup('env.change')).toBe('config');
    expect(activityGroup('app.scale')).toBe('scale');
    expect(activityGroup('container.die')).toBe('container');
    expect(activityGroup('app.create')).toBe('other');
  });

  it('shows exit 0 as neutral and failures as bad', () => {
    expect(activityTone({ kind: 'container.die', data: { exitCode: 0 } })).toBe('neutral');
    expect(activityTone({ kind: 'container.die', data: { exitCode: 137 } })).toBe('bad');
    expect(activityTone({ kind: 'container.die', data: { exitCode: 0, oomKilled: true } })).toBe('bad');
    expect(activityTone({ kind: 'deploy.failed', data: {} })).toBe('bad');
    expect(activityTone({ kind: 'deploy.live', data: {} })).toBe('good');
    expect(activityTone({ kind: 'container.start', data: {} })).toBe('neutral');
    expect(activityTone({ kind: 'env.change', data: {} })).toBe('info');
  });

  it('names who did it', () => {
    expect(activityWho({ actor: 'ann@x.test', data: {} })).toBe('ann@x.test');
    expect(activityWho({ actor: null, data: { author: 'Bob <bob@x.test>' } })).toBe('Bob <bob@x.test>');
    expect(activityWho({ actor: null, data: {} })).toBeNull();
  });
});
