import { describe, expect, it } from 'vitest';
import { appNameProblem, isValidAppName } from './app-names';

describe('app names', () => {
  it.each(['shop', 'my-shop', 'a1b', 'x'.repeat(40), 'abc-123'])('accepts %s', (name) => {
    expect(appNameProblem(name)).toBeNull();
  });

  it.each([
    ['a;rm -rf /', /letters, digits and dashes/],
    ['$(id)', /letters, digits and dashes/],
    ['../x', /letters, digits and dashes/],
    ['-h', /at least 3/],
    ['-hello', /start with a letter/],
    ['Shop', /lower-case/],
    ['x'.repeat(64), /at most 40/],
    ['ab', /at least 3/],
    ['shop-', /end with a letter or digit/],
    ['1shop', /start with a letter/],
    ['sh.op', /letters, digits and dashes/],
    ['sh--op', /two dashes/],
    ['', /required/],
  ])('rejects %j', (name, message) => {
    expect(appNameProblem(name)).toMatch(message);
    expect(isValidAppName(name)).toBe(false);
  });

  it.each(['www', 'api', 'git', 'admin', 'localhost', 'berth'])('refuses reserved %s with a reason', (name) => {
    expect(appNameProblem(name)).toMatch(/reserved|always means/);
  });

  it('rejects non-strings', () => {
    expect(appNameProblem(undefined)).toMatch(/required/);
    expect(appNameProblem(42)).toMatch(/required/);
  });
});
