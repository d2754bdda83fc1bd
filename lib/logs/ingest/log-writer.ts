import { db, type LogStream } from '../../db';
import { channel } from '../../events/channels';
import { redis } from '../../redis';
import { toLogLineDto } from '../log-line-dto';

/**
 * Buffers shipped log lines and writes them in batches (one INSERT per flush), then publishes
 * each stored line on the app's Redis channel for live tails. Postgres first, Redis second: a
 * subscriber that missed a message reads it back from the table.
 */
export type PendingLogLine = {
  appId: string;
  instanceId: string | null;
  instanceName: string;
  /** Set for an add-on's server log line. */
  addonId?: string | null;
  stream: LogStream;
  line: string;
  ts: Date;
};

export class LogWriter {
  private buffer: PendingLogLine[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private writing = 0;

  constructor(private readonly opts: { flushMs?: number; maxBatch?: number } = {}) {}

  add(line: PendingLogLine): void {
    // PostgreSQL text cannot hold NUL; keep it visible instead of failing the batch.
    this.buffer.push({ ...line, line: line.line.replaceAll('\u0000', '\u2400') });
    if (this.buffer.length >= (this.opts.maxBatch ?? 500)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs ?? 200);
  }

  /** Lines accepted but not yet stored: a reader pauses its source while this is high. */
  get backlog(): number {
    return this.buffer.length + this.writing;
  }

  /** Writes everything buffered so far; resolves when it is stored (and published). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) {
      this.writing += batch.length;
      this.chain = this.chain.then(() => this.write(batch)).finally(() => (this.writing -= batch.length));
    }
    return this.chain;
  }

  private async write(batch: PendingLogLine[]): Promise<void> {
    try {
      const rows = await db.logLine.createManyAndReturn({ data: batch });
      const pipeline = redis().pipeline();
      for (const row of rows) pipeline.publish(channel.logs(row.appId), JSON.stringify(toLogLineDto(row)));
      await pipeline.exec().catch(() => undefined);
    } catch (error) {
      // An app deleted mid-batch (FK) or a DB blip: retry line by line so one bad row loses only itself.
      console.error('[logs] batch write failed, retrying per line:', (error as Error).message);
      for (const line of batch) await db.logLine.create({ data: line }).catch(() => undefined);
    }
  }
}
