/**
 * Pure parsing of Docker's log stream for containers without a TTY: frames of
 * [stream(1) 0 0 0 size(4, big-endian)] + payload, stdout = 1, stderr = 2. With `timestamps: true`
 * each line starts with an RFC 3339 nano timestamp and a space. Partial frames and partial lines
 * are buffered across chunks.
 */
export type StreamName = 'STDOUT' | 'STDERR';
export type ParsedLogLine = { stream: StreamName; ts: Date; tsRaw: string; line: string };

const MAX_LINE = 16 * 1024; // longer lines are cut: one runaway line must not fill the store

export class LogFrameParser {
  private pending: Buffer = Buffer.alloc(0);
  private partial: Record<StreamName, string> = { STDOUT: '', STDERR: '' };

  /** Feeds raw bytes; returns the complete lines they finish. */
  push(chunk: Buffer): ParsedLogLine[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: ParsedLogLine[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const type = this.pending[0];
      const payload = this.pending.subarray(8, 8 + size).toString('utf8');
      this.pending = this.pending.subarray(8 + size);
      const stream: StreamName = type === 2 ? 'STDERR' : 'STDOUT';
      this.take(stream, payload, out);
    }
    return out;
  }

  /** Lines left without a trailing newline when the stream ends. */
  flush(): ParsedLogLine[] {
    const out: ParsedLogLine[] = [];
    for (const stream of ['STDOUT', 'STDERR'] as const) {
      if (this.partial[stream]) out.push(parseTimestamped(stream, this.partial[stream]));
      this.partial[stream] = '';
    }
    return out;
  }

  private take(stream: StreamName, payload: string, out: ParsedLogLine[]) {
    const text = this.partial[stream] + payload;
    const parts = text.split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const part of parts) out.push(parseTimestamped(stream, part));
  }
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
