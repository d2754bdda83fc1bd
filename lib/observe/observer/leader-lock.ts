import pg from 'pg';
import { config } from '../../config';

/**
 * One observer per installation: a PostgreSQL session advisory lock held on its own connection.
 * A second worker process waits (retrying) instead of shipping every log line and sample twice;
 * if the holder dies its connection closes, the lock is released and a waiting worker takes over.
 */
export type LeaderLock = {
  /** Resolves when the lock is lost (connection dropped). */
  lost: Promise<void>;
  release: () => Promise<void>;
};

const RETRY_MS = 10_000;

export async function acquireLeaderLock(
  name: string,
  signal: AbortSignal,
  opts: { retryMs?: number } = {},
): Promise<LeaderLock | null> {
  while (!signal.aborted) {
    const client = new pg.Client({ connectionString: config().DATABASE_URL, connectionTimeoutMillis: 5_000 });
    let lostResolve!: () => void;
    const lost = new Promise<void>((resolve) => (lostResolve = resolve));
    client.on('error', () => lostResolve());
    client.on('end', () => lostResolve());
    try {
      await client.connect();
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name]);
      if (rows[0]?.ok) {
        return { lost, release: () => client.end().catch(() => undefined) };
      }
    } catch (error) {
      console.error(`[observe] leader lock: ${(error as Error).message}`);
    }
    await client.end().catch(() => undefined);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.retryMs ?? RETRY_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  return null;
}
