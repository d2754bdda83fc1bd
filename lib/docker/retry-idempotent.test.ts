import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { isConnectionDrop, isIdempotentCall, RETRIES, retryIdempotentCalls, type DialOptions } from './retry-idempotent';

const hangUp = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** A client whose transport is a scripted dial(): the wrapper is pure logic around it. */
function scripted(results: Array<Error | string>) {
  const docker = new Docker({ socketPath: '/nonexistent.sock' });
  const seen: DialOptions[] = [];
  (docker.modem as unknown as { dial: unknown }).dial = (options: DialOptions, cb: (e: unknown, d: unknown) => void) => {
    seen.push({ ...options });
    options.path = `/v9${options.path}`; // dial() edits its options, as docker-modem does
    const next = results.shift()!;
    setImmediate(() => (next instanceof Error ? cb(next, null) : cb(null, next)));
  };
  retryIdempotentCalls(docker, 1);
  const call = (options: DialOptions) =>
    new Promise((resolve, reject) => (docker.modem as unknown as { dial: (o: DialOptions, cb: (e: unknown, d: unknown) => void) => void }).dial(options, (e, d) => (e ? reject(e) : resolve(d))));
  return { call, seen };
}

describe('retrying idempotent Docker calls', () => {
  it('knows which calls may be sent twice', () => {
    expect(isIdempotentCall({ method: 'GET', path: '/containers/json?' })).toBe(true);
    expect(isIdempotentCall({ method: 'POST', path: '/containers/abc/start?' })).toBe(true);
    expect(isIdempotentCall({ method: 'POST', path: '/containers/abc/stop?t=10' })).toBe(true);
    expect(isIdempotentCall({ method: 'POST', path: '/containers/create?' })).toBe(false);
    expect(isIdempotentCall({ method: 'DELETE', path: '/containers/abc?' })).toBe(false);
    expect(isIdempotentCall({ method: 'POST', path: '/containers/abc/kill?' })).toBe(false);
    expect(isIdempotentCall({ method: 'GET', path: '/events?', isStream: true })).toBe(false);
    expect(isIdempotentCall({ method: 'POST', path: '/build?', file: {} })).toBe(false);
  });

  it('tells a dropped connection from other failures', () => {
    expect(isConnectionDrop(hangUp())).toBe(true);
    expect(isConnectionDrop(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isConnectionDrop(new Error('(HTTP code 404) no such container'))).toBe(false);
    expect(isConnectionDrop(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(false);
    expect(isConnectionDrop(null)).toBe(false);
  });

  it('sends a read again after a hang-up, each time with the original options', async () => {
    const { call, seen } = scripted([hangUp(), 'ok']);
    await expect(call({ method: 'GET', path: '/containers/x/json?' })).resolves.toBe('ok');
    expect(seen.map((o) => o.path)).toEqual(['/containers/x/json?', '/containers/x/json?']);
  });

  it(`gives up after ${RETRIES} retries, and never repeats a create`, async () => {
    const reads = scripted(Array.from({ length: RETRIES + 1 }, hangUp));
    await expect(reads.call({ method: 'GET', path: '/info' })).rejects.toThrow('socket hang up');
    expect(reads.seen).toHaveLength(RETRIES + 1);
    const create = scripted([hangUp(), 'ok']);
    await expect(create.call({ method: 'POST', path: '/containers/create?' })).rejects.toThrow('socket hang up');
    expect(create.seen).toHaveLength(1);
  });
});
