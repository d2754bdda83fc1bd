import { describe, expect, it } from 'vitest';
import { CUT_MARK, dockerSince, LogFrameParser, MAX_LINE } from './docker-log-frames';

function frame(type: number, text: string): Buffer {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('LogFrameParser', () => {
  it('demuxes stdout/stderr and parses timestamps across split chunks', () => {
    const parser = new LogFrameParser();
    const bytes = Buffer.concat([
      frame(1, '2026-11-22T02:00:00.123456789Z hello\n'),
      frame(2, '2026-11-22T02:00:01.000000001Z oops\n2026-11-22T02:00:02Z par'),
      frame(2, 'tial\n'),
    ]);
    const lines = [...parser.push(bytes.subarray(0, 13)), ...parser.push(bytes.subarray(13))];
    expect(lines.map((l) => [l.stream, l.line])).toEqual([
      ['STDOUT', 'hello'],
      ['STDERR', 'oops'],
      ['STDERR', 'partial'],
    ]);
    expect(lines[0].ts.toISOString()).toBe('2026-11-22T02:00:00.123Z');
    expect(lines[0].tsRaw).toBe('2026-11-22T02:00:00.123456789Z');
  });

  it('flushes a last line without newline', () => {
    const parser = new LogFrameParser();
    expect(parser.push(frame(1, '2026-11-22T02:00:00Z bye'))).toEqual([]);
    expect(parser.flush().map((l) => l.line)).toEqual(['bye']);
  });
});

describe('dockerSince', () => {
  it('keeps nanoseconds', () => {
    expect(dockerSince('2026-11-22T02:00:00.123456789Z')).toBe(`${Date.UTC(2026, 10, 22, 2) / 1000}.123456789`);
    expect(dockerSince('2026-11-22T02:00:00Z')).toBe(`${Date.UTC(2026, 10, 22, 2) / 1000}.000000000`);
  });
});

describe('LogFrameParser caps lines while reading', () => {
  it('splits a line without newline at MAX_LINE and keeps only a bounded tail', () => {
    const parser = new LogFrameParser();
    const lines = [];
    // 5 MB in 64 KiB frames, one timestamp at the start, never a newline.
    lines.push(...parser.push(frame(1, '2026-11-22T02:00:00Z ')));
    for (let i = 0; i < 80; i++) lines.push(...parser.push(frame(1, 'A'.repeat(64 * 1024))));
    const internal = parser as unknown as { partial: Record<string, string> };
    expect(internal.partial.STDOUT.length).toBeLessThanOrEqual(MAX_LINE + 64 + 2);
    lines.push(...parser.flush());
    expect(lines.every((l) => l.line.length <= MAX_LINE + 2)).toBe(true);
    expect(lines.reduce((n, l) => n + l.line.replaceAll(CUT_MARK, '').length, 0)).toBe(80 * 64 * 1024);
    expect(lines[0].line.endsWith(CUT_MARK)).toBe(true);
    expect(lines[1].line.startsWith(CUT_MARK)).toBe(true);
    expect(lines.at(-1)?.line.endsWith(CUT_MARK)).toBe(false);
    expect(lines.every((l) => l.tsRaw === '2026-11-22T02:00:00Z')).toBe(true);
  });

  it('splits a long complete line into pieces and keeps multibyte characters whole across frames', () => {
    const parser = new LogFrameParser();
    const euro = Buffer.from('€');
    const head = Buffer.concat([frame(1, '2026-11-22T02:00:00Z x'), frame(1, '')]);
    const split = Buffer.concat([
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 1]),
      euro.subarray(0, 1),
      Buffer.from([1, 0, 0, 0, 0, 0, 0, 3]),
      euro.subarray(1),
      Buffer.from('\n'),
    ]);
    expect(parser.push(Buffer.concat([head, split])).map((l) => l.line)).toEqual(['x€']);
    const long = parser.push(frame(2, `2026-11-22T02:00:01Z ${'b'.repeat(MAX_LINE * 2 + 5)}\n`));
    expect(long.map((l) => l.line.length)).toEqual([MAX_LINE + 1, MAX_LINE + 2, 6]);
  });

  it('does not buffer a frame that claims gigabytes', () => {
    const parser = new LogFrameParser();
    const header = Buffer.from([1, 0, 0, 0, 0x40, 0, 0, 0]);
    expect(parser.push(Buffer.concat([header, Buffer.from('2026-11-22T02:00:00Z ok\npart')]))).toHaveLength(1);
  });
});
