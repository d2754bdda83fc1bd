import { describe, expect, it } from 'vitest';
import { formatSse } from './sse-format';

// These bytes are the wire format of the build log, runtime log and progress streams.
describe('formatSse', () => {
  it('writes id, event and one line of JSON data', () => {
    expect(formatSse({ id: 7, event: 'line', data: { seq: 7, line: 'a\nb' } })).toBe(
      'id: 7\nevent: line\ndata: {"seq":7,"line":"a\\nb"}\n\n',
    );
  });

  it('leaves the id out when the stream cannot resume from it', () => {
    expect(formatSse({ event: 'done', data: { status: 'SUCCEEDED' } })).toBe('event: done\ndata: {"status":"SUCCEEDED"}\n\n');
    expect(formatSse({ event: 'ready', data: {} })).toBe('event: ready\ndata: {}\n\n');
  });

  it('writes comments, with a reconnect delay first when asked', () => {
    expect(formatSse({ comment: 'keep-alive' })).toBe(': keep-alive\n\n');
    expect(formatSse({ comment: 'berth log stream', retry: 2000 })).toBe('retry: 2000\n: berth log stream\n\n');
  });
});
