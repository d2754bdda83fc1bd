import { describe, expect, it } from 'vitest';
import type { ParsedLogLine } from './docker-log-frames';
import { LogCursor } from './log-cursor';

const at = (ms: number, line: string): ParsedLogLine => ({ stream: 'STDOUT', ts: new Date(ms), tsRaw: '', line });

describe('LogCursor', () => {
  it('drops a replayed prefix but keeps repeated lines within one millisecond', () => {
    // @ts-expect-error private constructor: a fresh cursor, as for a container never shipped
    const cursor: LogCursor = new LogCursor(-Infinity, new Map());
    expect(cursor.startReplay()).toBeUndefined();
    expect([at(1000, 'a'), at(1000, 'a'), at(2500, 'b')].map((l) => cursor.accept(l))).toEqual([true, true, true]);
    // The stream restarts from second 2 (inclusive): b again is a duplicate, c is new.
    expect(cursor.startReplay()).toBe(2);
    expect([at(2500, 'b'), at(2500, 'b'), at(3000, 'c')].map((l) => cursor.accept(l))).toEqual([false, true, true]);
    expect(cursor.accept(at(900, 'old'))).toBe(false);
  });
});
