import type { LogLine } from '../db';

/** A runtime log line as the API, SSE stream and UI see it. */
export type LogLineDto = {
  id: string;
  ts: string;
  instance: string;
  stream: 'stdout' | 'stderr';
  line: string;
};

export function toLogLineDto(row: Pick<LogLine, 'id' | 'ts' | 'instanceName' | 'stream' | 'line'>): LogLineDto {
  return {
    id: row.id.toString(),
    ts: row.ts.toISOString(),
    instance: row.instanceName,
    stream: row.stream === 'STDERR' ? 'stderr' : 'stdout',
    line: row.line,
  };
}
