import { describe, expect, it } from 'vitest';
import { envKeyProblem, maskValue } from './env-key';

describe('env keys', () => {
  it('accepts shell-style names', () => expect(envKeyProblem('DATABASE_URL')).toBeNull());
  it('rejects lower case, dashes and reserved names', () => {
    expect(envKeyProblem('foo')).toBeTruthy();
    expect(envKeyProblem('A-B')).toBeTruthy();
    expect(envKeyProblem('1A')).toBeTruthy();
    expect(envKeyProblem('PORT')).toMatch(/set by Berth/);
    expect(envKeyProblem('BERTH_APP')).toMatch(/set by Berth/);
  });
  it('masks values', () => {
    expect(maskValue('secret-value')).not.toContain('secret');
    expect(maskValue('')).toBe('');
  });
});
