import type { CSSProperties } from 'react';
import { parseAnsi, type AnsiStyle } from '@/lib/logs/ansi';

/**
 * A log line with its ANSI colours, as React text nodes inside spans: HTML, OSC 8 links and other
 * escape sequences in the line stay inert text (never dangerouslySetInnerHTML).
 */
export function AnsiText({ line }: { line: string }) {
  return (
    <>
      {parseAnsi(line).map((segment, i) =>
        Object.keys(segment.style).length === 0 ? (
          <span key={i}>{segment.text}</span>
        ) : (
          <span key={i} style={cssOf(segment.style)}>
            {segment.text}
          </span>
        ),
      )}
    </>
  );
}

function cssOf(style: AnsiStyle): CSSProperties {
  const fg = style.inverse ? style.bg ?? '#0f172a' : style.fg;
  const bg = style.inverse ? style.fg ?? '#e2e8f0' : style.bg;
  const decorations = [style.underline && 'underline', style.strike && 'line-through'].filter(Boolean).join(' ');
  return {
    ...(fg ? { color: fg } : {}),
    ...(bg ? { backgroundColor: bg } : {}),
    ...(style.bold ? { fontWeight: 700 } : {}),
    ...(style.dim ? { opacity: 0.7 } : {}),
    ...(style.italic ? { fontStyle: 'italic' } : {}),
    ...(decorations ? { textDecoration: decorations } : {}),
  };
}
