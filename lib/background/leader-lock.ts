import pg from 'pg';
import { config } from '../config';
import { describeError } from '../errors';
import { processLabel } from './process-label';

/**
 * Leadership across worker processes: a PostgreSQL session advisory lock held on a connection of
 * its own (docs/architecture.md, "Background loops", says why not a Redis lease).
 *  - The holder's session owns the lock: when the process dies (even kill -9) the kernel closes its
 *    socket, PostgreSQL ends the session and the lock is free at once; no TTL to tune, no clock.
 *  - Waiting processes try again every `retryMs` (1 s) on their own open connection (one cheap query
 *    per try), so leadership moves within seconds.
 *  - The holder pings its connection every `checkMs` (with a timeout): a connection that broke
 *    silently (PostgreSQL restarted, network cut) counts as lost, so the old leader steps down by
 *    itself instead of going on next to a new one. `lost` resolves then.
 * The connection's application_name says which process leads (`pg_stat_activity`).
 */
export type LeaderLock = {
  /** Resolves when the lock is lost (connection dropped or unresponsive). */
  lost: Promise<void>;
  release: () => Promise<void>;
};

export type LeaderLockOptions = { retryMs?: number; checkMs?: number };

export const LEADER_RETRY_MS = 1_000;
export const LEADER_CHECK_MS = 2_000;
const QUERY_TIMEOUT_MS = 5_000;

export async function acquireLeaderLock(name: string, signal: AbortSignal, opts: LeaderLockOptions = {}): Promise<LeaderLock | null> {
  let failures = 0;
  let session: Session | null = null; // kept between tries: a try is then one cheap query
  while (!signal.aborted) {
    try {
      session ??= await openSession();
      const { rows } = await session.client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name]);
      failures = 0;
      if (rows[0]?.ok) return held(session, opts.checkMs ?? LEADER_CHECK_MS);
    } catch (error) {
      // Logged once per outage, not every retry.
      if (failures++ === 0) console.error(`[leader] ${name}: ${describeError(error)}`);
      await session?.client.end().catch(() => undefined);
      session = null;
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, opts.retryMs ?? LEADER_RETRY_MS);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
  await session?.client.end().catch(() => undefined);
  return null;
}

type Session = { client: pg.Client; lost: Promise<void>; markLost: () => void };

async function openSession(): Promise<Session> {
  const client = new pg.Client({
    connectionString: config().DATABASE_URL,
    connectionTimeoutMillis: 5_000,
    query_timeout: QUERY_TIMEOUT_MS,
    keepAlive: true,
    application_name: `berth leader ${processLabel()}`.slice(0, 63),
  });
  let markLost!: () => void;
  const lost = new Promise<void>((resolve) => (markLost = resolve));
  client.on('error', () => markLost());
  client.on('end', () => markLost());
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return { client, lost, markLost };
}

function held({ client, lost, markLost }: Session, checkMs: number): LeaderLock {
  const ping = setInterval(() => {
    client.query('SELECT 1').catch(() => {
      markLost();
      void client.end().catch(() => undefined);
    });
  }, checkMs);
  ping.unref();
  void lost.then(() => clearInterval(ping));
  return {
    lost,
    release: async () => {
      clearInterval(ping);
      await client.end().catch(() => undefined);
    },
  };
}
