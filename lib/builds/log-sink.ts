import { config } from '../config';
import { db } from '../db';
import { channel } from '../events/channels';
import { redis } from '../redis';

/**
 * Collects a build's output lines: numbered, written to Postgres in batches (kept), then
 * published on channel.build(buildId) (live). Postgres first, so a late subscriber that reads
 * history and then listens never misses a line.
 */
const FLUSH_MS = 200;
const MAX_BATCH = 200;
const MAX_LINE = 4_000;
const TAIL = 30;

/** Lines Berth itself writes ("-----> Built …", " !     reason") still kept after the cap. */
const STATUS_RESERVE = 20;
const isStatusLine = (line: string) => line.startsWith('-----> ') || line.startsWith(' !     ');

export type LogCaps = { maxLines: number; maxBytes: number };

export class BuildLogSink {
  private seq: number;
  private buffer: { seq: number; line: string }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private readonly tail: string[] = [];
  private readonly caps: LogCaps;
  private stored = 0;
  private bytes = 0;
  private truncated = false;
  private reserve = STATUS_RESERVE;

  constructor(
    private readonly buildId: string,
    startSeq = 0,
    caps?: Partial<LogCaps>,
  ) {
    this.seq = startSeq;
    const c = config();
    this.caps = { maxLines: c.BERTH_BUILD_LOG_MAX_LINES, maxBytes: c.BERTH_BUILD_LOG_MAX_MB * 1024 * 1024, ...caps };
  }

  /**
   * Stores and publishes a line, up to the caps (BERTH_BUILD_LOG_MAX_LINES / _MB): a build that
   * prints without end fills neither Postgres nor the subscribers, only the in-memory tail.
   */
  push(line: string): void {
    const text = line.length > MAX_LINE ? `${line.slice(0, MAX_LINE)}…` : line;
    this.tail.push(text);
    if (this.tail.length > TAIL) this.tail.shift();
    if (!this.truncated && (this.stored >= this.caps.maxLines || this.bytes + text.length > this.caps.maxBytes)) {
      this.truncated = true;
      this.enqueue(
        ` !     Build output truncated after ${this.stored} lines (${Math.ceil(this.bytes / 1024)} KB): ` +
          `the rest is not stored (BERTH_BUILD_LOG_MAX_LINES, BERTH_BUILD_LOG_MAX_MB)`,
      );
    }
    if (this.truncated) {
      if (!isStatusLine(text) || this.reserve <= 0) return;
      this.reserve -= 1;
    }
    this.stored += 1;
    this.bytes += text.length;
    this.enqueue(text);
  }

  private enqueue(text: string): void {
    this.seq += 1;
    this.buffer.push({ seq: this.seq, line: text });
    if (this.buffer.length >= MAX_BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  /** The last lines, for a failure reason in plain words. */
  lastLines(count = 15): string[] {
    return this.tail.slice(-count);
  }

  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    // Chained: batches reach Postgres and subscribers in order.
    this.flushing = this.flushing.then(async () => {
      if (batch.length === 0) return;
      try {
        await db.buildLogLine.createMany({ data: batch.map((l) => ({ buildId: this.buildId, ...l })) });
      } catch (error) {
        // Losing log lines must not fail (or crash) the build; the failure reason keeps the tail.
        console.error(`[builds] ${this.buildId}: could not store ${batch.length} log lines: ${(error as Error).message}`);
        return;
      }
      const pipeline = redis().pipeline();
      for (const l of batch) pipeline.publish(channel.build(this.buildId), JSON.stringify(l));
      await pipeline.exec().catch(() => null);
    });
    return this.flushing;
  }
}

/** Final message on the build channel after the status is in Postgres. */
export async function publishBuildDone(buildId: string, status: string): Promise<void> {
  await redis()
    .publish(channel.build(buildId), JSON.stringify({ done: status }))
    .catch(() => 0);
}
