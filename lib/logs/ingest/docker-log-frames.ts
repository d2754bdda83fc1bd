/**
 * Pure parsing of Docker's log stream for containers without a TTY: frames of
 * [stream(1) 0 0 0 size(4, big-endian)] + payload, stdout = 1, stderr = 2. With `timestamps: true`
 * each line starts with an RFC 3339 nano timestamp and a space. Partial frames and partial lines
 * are buffered across chunks.
 */
export type StreamName = 'STDOUT' | 'STDERR';
export type ParsedLogLine = { stream: StreamName; ts: Date; tsRaw: string; line: string };

import { StringDecoder } from 'node:string_decoder';

/**
 * Longer lines are split while reading, not after: a container printing without a newline must not
 * grow the worker's memory (finding 6/7 of the security issue) nor store one huge row. A cut piece
 * ends with CUT_MARK and the next piece of the same line starts with it.
 */
export const MAX_LINE = 16 * 1024;
export const CUT_MARK = '\u2026';

type Current = { stream: StreamName; remaining: number };

export class LogFrameParser {
  private header: Buffer = Buffer.alloc(0);
  private current: Current | null = null;
  private partial: Record<StreamName, string> = { STDOUT: '', STDERR: '' };
  private decoders: Record<StreamName, StringDecoder> = { STDOUT: new StringDecoder('utf8'), STDERR: new StringDecoder('utf8') };

  /**
   * Feeds raw bytes; returns the complete lines they finish. Frame payloads are consumed as they
   * arrive (a frame header claiming gigabytes buffers nothing), so memory stays within a few
   * MAX_LINEs whatever the container prints.
   */
  push(chunk: Buffer): ParsedLogLine[] {
    const out: ParsedLogLine[] = [];
    let at = 0;
    while (at < chunk.length) {
      if (!this.current) {
        const need = 8 - this.header.length;
        this.header = Buffer.concat([this.header, chunk.subarray(at, at + need)]);
        at += Math.min(need, chunk.length - at);
        if (this.header.length < 8) break;
        this.current = { stream: this.header[0] === 2 ? 'STDERR' : 'STDOUT', remaining: this.header.readUInt32BE(4) };
        this.header = Buffer.alloc(0);
        if (this.current.remaining === 0) this.current = null;
        continue;
      }
      const take = Math.min(this.current.remaining, chunk.length - at);
      const stream = this.current.stream;
      this.take(stream, this.decoders[stream].write(chunk.subarray(at, at + take)), out);
      at += take;
      this.current.remaining -= take;
      if (this.current.remaining === 0) this.current = null;
    }
    return out;
  }

  /** Lines left without a trailing newline when the stream ends. */
  flush(): ParsedLogLine[] {
    const out: ParsedLogLine[] = [];
    for (const stream of ['STDOUT', 'STDERR'] as const) {
      const rest = this.partial[stream] + this.decoders[stream].end();
      if (rest) out.push(...pieces(stream, rest));
      this.partial[stream] = '';
    }
    return out;
  }

  private take(stream: StreamName, payload: string, out: ParsedLogLine[]) {
    const parts = (this.partial[stream] + payload).split('\n');
    let rest = parts.pop() ?? '';
    for (const part of parts) out.push(...pieces(stream, part));
    // An unfinished line longer than the cap: emit its head now, keep only the tail.
    if (rest.length > MAX_LINE + TIMESTAMP_ROOM) {
      const { tsRaw, body } = splitTimestamp(rest);
      const ts = tsRaw ?? new Date().toISOString();
      let at = 0;
      for (; body.length - at > MAX_LINE; at += MAX_LINE) {
        out.push({ stream, ts: new Date(ts), tsRaw: ts, line: `${at > 0 ? CUT_MARK : ''}${body.slice(at, at + MAX_LINE)}${CUT_MARK}` });
      }
      rest = `${ts} ${CUT_MARK}${body.slice(at)}`;
    }
    this.partial[stream] = rest;
  }
}

/** Room for the RFC 3339 nano timestamp Docker puts before each line. */
const TIMESTAMP_ROOM = 64;

/** One line as one or more pieces of at most MAX_LINE characters (plus the cut marks). */
function pieces(stream: StreamName, raw: string): ParsedLogLine[] {
  const first = parseTimestamped(stream, raw);
  const { body } = splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  if (body.length <= MAX_LINE) return [first];
  const out: ParsedLogLine[] = [];
  for (let at = 0; at < body.length; at += MAX_LINE) {
    const line = `${at > 0 ? CUT_MARK : ''}${body.slice(at, at + MAX_LINE)}${at + MAX_LINE < body.length ? CUT_MARK : ''}`;
    out.push({ ...first, line });
  }
  return out;
}

function splitTimestamp(text: string): { tsRaw: string | null; body: string } {
  const match = TIMESTAMP.exec(text);
  return match ? { tsRaw: match[1], body: text.slice(match[0].length) } : { tsRaw: null, body: text };
}

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})) ?/;

export function parseTimestamped(stream: StreamName, raw: string): ParsedLogLine {
  const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  const match = TIMESTAMP.exec(text);
  const tsRaw = match?.[1] ?? new Date().toISOString();
  const line = (match ? text.slice(match[0].length) : text).slice(0, MAX_LINE);
  return { stream, ts: new Date(tsRaw), tsRaw, line };
}

/** Docker's `since` parameter: seconds with fractional nanoseconds, from an RFC 3339 nano string. */
export function dockerSince(tsRaw: string): string {
  const match = /^(.*?)(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/.exec(tsRaw);
  if (!match) return String(Math.floor(new Date(tsRaw).getTime() / 1000));
  const seconds = Math.floor(new Date(`${match[1]}${match[3]}`).getTime() / 1000);
  return `${seconds}.${(match[2] ?? '0').padEnd(9, '0').slice(0, 9)}`;
}
