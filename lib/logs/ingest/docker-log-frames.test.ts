import { describe, expect, it } from 'vitest';
import { dockerSince, LogFrameParser } from './docker-log-frames';

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
