/**
 * A small, safe ANSI parser for log lines: SGR colour/style sequences (ESC [ … m) become styled
 * segments; every other escape — OSC 8 hyperlinks, window titles, cursor movement, other CSI — is
 * kept as inert visible text with ESC shown as "␛", and other control characters as their Unicode
 * control pictures. The output is plain data (text + a style from a fixed vocabulary); rendering
 * it with React text nodes means HTML in a log line is never interpreted.
 */
export type AnsiStyle = {
  fg?: string; // CSS colour: palette name key or rgb(r,g,b) built from numbers only
  bg?: string;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  inverse?: boolean;
  strike?: boolean;
};
export type AnsiSegment = { text: string; style: AnsiStyle };

// xterm default palette, 0–15.
const BASIC = [
  '#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5',
  '#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff',
];

function color256(n: number): string | undefined {
  if (!Number.isInteger(n) || n < 0 || n > 255) return undefined;
  if (n < 16) return BASIC[n];
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `rgb(${level(Math.floor(i / 36))},${level(Math.floor(i / 6) % 6)},${level(i % 6)})`;
  }
  const grey = 8 + (n - 232) * 10;
  return `rgb(${grey},${grey},${grey})`;
}

function rgb(r: number, g: number, b: number): string | undefined {
  const ok = [r, g, b].every((v) => Number.isInteger(v) && v >= 0 && v <= 255);
  return ok ? `rgb(${r},${g},${b})` : undefined;
}

/** Applies SGR parameters to a style; returns the new style (never mutates the old one). */
export function applySgr(style: AnsiStyle, params: number[]): AnsiStyle {
  const next: AnsiStyle = { ...style };
  const p = params.length === 0 ? [0] : params;
  for (let i = 0; i < p.length; i++) {
    const code = p[i];
    if (code === 0) for (const key of Object.keys(next)) delete next[key as keyof AnsiStyle];
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 7) next.inverse = true;
    else if (code === 9) next.strike = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    }
    else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code === 27) delete next.inverse;
    else if (code === 29) delete next.strike;
    else if (code >= 30 && code <= 37) next.fg = BASIC[code - 30];
    else if (code >= 90 && code <= 97) next.fg = BASIC[code - 90 + 8];
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = BASIC[code - 40];
    else if (code >= 100 && code <= 107) next.bg = BASIC[code - 100 + 8];
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      let colour: string | undefined;
      if (p[i + 1] === 5) {
        colour = color256(p[i + 2]);
        i += 2;
      } else if (p[i + 1] === 2) {
        colour = rgb(p[i + 2], p[i + 3], p[i + 4]);
        i += 4;
      }
      if (colour) next[key] = colour;
    }
  }
  return next;
}

/** Control characters other than tab made visible (U+2400 block), so nothing acts on the terminal/DOM. */
function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, (c) =>
    c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
  );
}

// CSI: ESC [ params intermediates final. OSC: ESC ] … (BEL | ESC \). Other two-byte escapes: ESC X.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\u001b(?:\[([0-?]*)([ -/]*)([@-~])|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[@-Z\\-_]?)/g;

export function parseAnsi(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  const push = (text: string) => {
    if (!text) return;
    const prev = segments[segments.length - 1];
    if (prev && sameStyle(prev.style, style)) prev.text += text;
    else segments.push({ text, style });
  };
  for (const match of line.matchAll(ESCAPE)) {
    push(visibleControls(line.slice(last, match.index)));
    last = match.index + match[0].length;
    const [whole, params, intermediates, final] = match;
    if (final === 'm' && !intermediates && /^[\d;]*$/.test(params ?? '')) {
      const numbers = (params ?? '').split(';').filter((s) => s !== '').map(Number);
      style = applySgr(style, (params ?? '') === '' ? [] : numbers);
    } else {
      // Not a colour: show it, inert. ESC itself becomes a visible symbol.
      push(visibleControls(whole));
    }
  }
  push(visibleControls(line.slice(last)));
  return segments;
}

function sameStyle(a: AnsiStyle, b: AnsiStyle): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof AnsiStyle>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

/** The line without any escape sequence, for search and downloads. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, '');
}
