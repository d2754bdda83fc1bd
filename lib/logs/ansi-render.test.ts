import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnsiText } from '../../components/logs/ansi-text';

const html = (line: string) => renderToStaticMarkup(createElement(AnsiText, { line }));

describe('AnsiText (the log line renderer)', () => {
  it('renders colours as styled spans', () => {
    expect(html('\u001b[1;31mfail\u001b[0m ok')).toBe('<span style="color:#cd3131;font-weight:700">fail</span><span> ok</span>');
  });

  it('escapes HTML: a <script> line is text, not markup', () => {
    const out = html('<script>alert(1)</script><img src=x onerror=alert(2)>');
    expect(out).not.toContain('<script');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('turns an OSC 8 hyperlink into inert text, never an <a>', () => {
    const out = html('\u001b]8;;javascript:alert(1)\u001b\\click me\u001b]8;;\u001b\\');
    expect(out).not.toContain('<a');
    expect(out).not.toContain('\u001b');
    expect(out).toContain('\u241b]8;;javascript:alert(1)\u241b\\click me');
  });

  it('cannot be steered into arbitrary CSS through colour codes', () => {
    const out = html('\u001b[38;2;1;2;3;expression(alert(1))mX');
    expect(out).not.toContain('style=');
    expect(out).toContain('expression(alert(1))'); // shown as text
  });
});
