import { describe, expect, it } from 'vitest';
import { unavailableService } from './unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('unavailableService', () => {
  it('recognises PostgreSQL being down, also wrapped in a cause', () => {
    expect(unavailableService(withCode("Can't reach database server at 127.0.0.1:5999", 'P1001'))?.service).toBe('database');
    expect(unavailableService(withCode('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'))?.service).toBe('database');
    expect(unavailableService(new Error('query failed', { cause: new Error('Connection terminated unexpectedly') }))?.service).toBe('database');
    expect(unavailableService(withCode('terminating connection due to administrator command', '57P01'))?.service).toBe('database');
  });

  it('recognises Redis being down', () => {
    expect(unavailableService(new Error('Command timed out'))?.service).toBe('redis');
    expect(unavailableService(new Error('Connection is closed.'))?.service).toBe('redis');
    expect(unavailableService(Object.assign(new Error('x'), { name: 'MaxRetriesPerRequestError' }))?.service).toBe('redis');
  });

  it('leaves other errors alone', () => {
    expect(unavailableService(new Error('Unique constraint failed'))).toBeNull();
    expect(unavailableService(withCode('unique', 'P2002'))).toBeNull();
    expect(unavailableService('oops')).toBeNull();
    const loop: Error & { cause?: unknown } = new Error('self');
    loop.cause = loop;
    expect(unavailableService(loop)).toBeNull();
  });
});
