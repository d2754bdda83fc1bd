import { describe, expect, it } from 'vitest';
import { parseDotenv } from './parse-dotenv';

describe('parseDotenv', () => {
  it('reads KEY=value lines with comments, export, quotes and escapes', () => {
    const text = [
      '# comment',
      '',
      'A=1',
      'export B = two words # note',
      "C='lit $x \\n'",
      'D="line\\nnext \\"q\\""',
      'E=',
      'URL=postgres://u:p@h/db?x=1#frag',
    ].join('\n');
    expect(parseDotenv(text)).toEqual({
      vars: { A: '1', B: 'two words', C: 'lit $x \\n', D: 'line\nnext "q"', E: '', URL: 'postgres://u:p@h/db?x=1#frag' },
      errors: [],
    });
  });
  it('reports lines it cannot read', () => {
    expect(parseDotenv('nope\nX="open').errors).toEqual(['line 1: expected KEY=value', 'line 2: missing closing "']);
  });
});
