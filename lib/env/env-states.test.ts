import { describe, expect, it } from 'vitest';
import { envStates } from './env-states';

describe('envStates', () => {
  it('marks vars the live release has as live', () => {
    expect(envStates({ A: '1' }, { A: '1' }, null)).toEqual([{ key: 'A', state: 'live', removed: false }]);
  });

  it('marks a var whose release failed as failed, not applied', () => {
    const newer = { version: 5, status: 'FAILED', env: { A: '1', B: '2' } };
    expect(envStates({ A: '1', B: '2' }, { A: '1' }, newer)).toEqual([
      { key: 'A', state: 'live', removed: false },
      { key: 'B', state: 'failed', removed: false },
    ]);
  });

  it('marks a change on its way as pending, a removal too', () => {
    const newer = { version: 3, status: 'DEPLOYING', env: { A: '2' } };
    expect(envStates({ A: '2' }, { A: '1', C: 'x' }, newer)).toEqual([
      { key: 'A', state: 'pending', removed: false },
      { key: 'C', state: 'pending', removed: true },
    ]);
  });

  it('says not deployed when no release carries the stored value', () => {
    expect(envStates({ A: '3' }, { A: '1' }, { version: 4, status: 'FAILED', env: { A: '2' } })).toEqual([{ key: 'A', state: 'not-deployed', removed: false }]);
    expect(envStates({ A: '1' }, null, null)).toEqual([{ key: 'A', state: 'not-deployed', removed: false }]);
  });
});
