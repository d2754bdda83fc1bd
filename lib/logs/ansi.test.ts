import { describe, expect, it } from 'vitest';
import { parseAnsi, stripAnsi } from './ansi';

const text = (line: string) => parseAnsi(line).map((s) => s.text).join('');

describe('parseAnsi', () => {
  it('turns SGR colours into styled segments', () => {
    const segs = parseAnsi('\u001b[31merror\u001b[0m ok \u001b[1;32mgreen\u001b[39m bold');
    expect(segs).toEqual([
      { text: 'error', style: { fg: '#cd3131' } },
      { text: ' ok ', style: {} },
      { text: 'green', style: { bold: true, fg: '#0dbc79' } },
      { text: ' bold', style: { bold: true } },
    ]);
  });

  it('supports 256-colour and truecolor, rejects out-of-range values', () => {
    expect(parseAnsi('\u001b[38;5;196mx')[0].style.fg).toBe('rgb(255,0,0)');
    expect(parseAnsi('\u001b[48;2;1;2;3mx')[0].style.bg).toBe('rgb(1,2,3)');
    expect(parseAnsi('\u001b[38;2;999;0;0mx')[0].style).toEqual({});
  });

  it('keeps HTML as plain text', () => {
    expect(text('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
    expect(parseAnsi('<img src=x onerror=alert(1)>')).toHaveLength(1);
  });

  it('shows OSC 8 hyperlinks and other escapes as inert visible text', () => {
    const link = '\u001b]8;;javascript:alert(1)\u001b\\click\u001b]8;;\u001b\\';
    const out = text(link);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\u241b]8;;javascript:alert(1)\u241b\\');
    expect(out).toContain('click');
    expect(text('\u001b[2J\u001b[Hcleared')).toBe('\u241b[2J\u241b[Hcleared');
    expect(text('title\u001b]0;owned\u0007')).toBe('title\u241b]0;owned\u2407');
  });

  it('makes stray control characters visible but keeps tabs', () => {
    expect(text('a\tb\u0008c\rd')).toBe('a\tb\u2408c\u240dd');
  });

  it('strips escapes for search and download', () => {
    expect(stripAnsi('\u001b[31mred\u001b[0m \u001b]8;;http://x\u001b\\l\u001b]8;;\u001b\\')).toBe('red l');
  });
});
