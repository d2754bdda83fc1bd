import { describe, expect, it } from 'vitest';
import { parseRefUpdates, readPushReport } from './read-push-report';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('push report', () => {
  it('parses git hook input lines and skips anything else', () => {
    expect(parseRefUpdates(`${A} ${B} refs/heads/main\n\n${B} ${A} refs/heads/x\r\nnot-a-ref-line\n${A} ${B} refs/heads/a\0b\n`)).toEqual([
      { oldSha: A, newSha: B, ref: 'refs/heads/main' },
      { oldSha: B, newSha: A, ref: 'refs/heads/x' },
    ]);
  });

  it('takes the app and push id from headers', async () => {
    const request = new Request('http://x/api/internal/push', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-berth-app': 'shop', 'x-berth-push-id': '' },
      body: `${A} ${B} refs/heads/main\n`,
    });
    expect(await readPushReport(request)).toEqual({ app: 'shop', pushId: undefined, updates: [{ oldSha: A, newSha: B, ref: 'refs/heads/main' }] });
  });
});
