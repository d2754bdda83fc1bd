import { createHash } from 'node:crypto';
import { db } from '../../db';
import type { ParsedLogLine } from './docker-log-frames';

/**
 * Where shipping of one container's log resumes: the newest stored timestamp (ms precision) and
 * the lines already stored at exactly that millisecond. Docker's `since` is inclusive, so lines
 * at or before the cursor come again after a restart; `accept` drops exactly those duplicates.
 */
export class LogCursor {
  /** Lines already stored at exactly lastMs, by stream + text. */
  private recorded: Map<string, number>;
  /** Of those, how many a replayed stream may still deliver (and be dropped). */
  private replay = new Map<string, number>();

  private constructor(
    private lastMs: number,
    recorded: Map<string, number>,
  ) {
    this.recorded = recorded;
  }

  static async load(instanceName: string): Promise<LogCursor> {
    const newest = await db.logLine.findFirst({
      where: { instanceName },
      orderBy: [{ ts: 'desc' }, { id: 'desc' }],
      select: { ts: true },
    });
    if (!newest) return new LogCursor(-Infinity, new Map());
    const same = await db.logLine.findMany({
      where: { instanceName, ts: newest.ts },
      select: { stream: true, line: true },
    });
    const recorded = new Map<string, number>();
    for (const row of same) bump(recorded, lineKey(row.stream, row.line));
    return new LogCursor(newest.ts.getTime(), recorded);
  }

  /**
   * Starts reading a stream again: returns Docker's `since` (whole seconds, inclusive) covering
   * the cursor, or undefined for "from the start".
   */
  startReplay(): number | undefined {
    this.replay = new Map(this.recorded);
    return Number.isFinite(this.lastMs) ? Math.floor(this.lastMs / 1000) : undefined;
  }

  /** True when the line is new (store it); advances the cursor. */
  accept(line: ParsedLogLine): boolean {
    const ms = line.ts.getTime();
    if (ms < this.lastMs) return false;
    const key = lineKey(line.stream, line.line);
    if (ms === this.lastMs) {
      const budget = this.replay.get(key) ?? 0;
      if (budget > 0) {
        this.replay.set(key, budget - 1);
        return false;
      }
    } else {
      this.lastMs = ms;
      this.recorded = new Map();
      this.replay = new Map();
    }
    bump(this.recorded, key);
    return true;
  }
}

/** A digest, not the text: every piece of a cut 50 MB line shares one timestamp (and lands here). */
function lineKey(stream: string, line: string): string {
  return createHash('sha1').update(stream).update('\n').update(line).digest('base64');
}

function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The shipper's cursors by container name (= Instance.containerName), loaded once each. */
export class LogCursors {
  private byName = new Map<string, Promise<LogCursor>>();

  get(instanceName: string): Promise<LogCursor> {
    let cursor = this.byName.get(instanceName);
    if (!cursor) {
      cursor = LogCursor.load(instanceName);
      cursor.catch(() => this.byName.delete(instanceName)); // a DB blip: load again next time
      this.byName.set(instanceName, cursor);
    }
    return cursor;
  }

  /** Forgets cursors of containers that exist nowhere any more (after a complete scan only). */
  keepOnly(names: Set<string>): void {
    for (const name of this.byName.keys()) if (!names.has(name)) this.byName.delete(name);
  }
}
