import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { redis } from '../redis';

/**
 * One deploy/scale/restart per app at a time, across worker processes: a Redis lock (SET NX PX)
 * renewed while held and released only by its owner. The reconciler uses `tryLock` and skips
 * an app that is busy; the deploy worker waits for it.
 */
const TTL_MS = 30_000;
const key = (appId: string) => `berth:${config().BERTH_INSTALLATION}:lock:app:${appId}`;

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

async function acquire(appId: string, token: string): Promise<boolean> {
  return (await redis().set(key(appId), token, 'PX', TTL_MS, 'NX')) === 'OK';
}

async function holding<T>(appId: string, token: string, fn: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void redis().eval(RENEW, 1, key(appId), token, TTL_MS).catch(() => 0), TTL_MS / 3);
  try {
    return await fn();
  } finally {
    clearInterval(timer);
    await redis().eval(RELEASE, 1, key(appId), token).catch(() => 0);
  }
}

/** Runs `fn` holding the app's lock; waits up to `waitMs` for it. */
export async function withAppLock<T>(appId: string, fn: () => Promise<T>, waitMs = 15 * 60_000): Promise<T> {
  const token = randomUUID();
  const deadline = Date.now() + waitMs;
  for (let attempt = 1; !(await acquire(appId, token)); attempt++) {
    if (Date.now() > deadline) throw new Error('another deploy of this app is still running');
    // Short holds (a new app's network being prepared, a reconcile pass) are common, and a wake's
    // held request waits here too: ask again soon (one SET NX per poll is cheap), then every 100 ms.
    await new Promise((r) => setTimeout(r, Math.min(100, 25 * attempt)));
  }
  return holding(appId, token, fn);
}

/** Runs `fn` only if the lock is free right now; returns undefined otherwise. */
export async function tryAppLock<T>(appId: string, fn: () => Promise<T>): Promise<T | undefined> {
  const token = randomUUID();
  if (!(await acquire(appId, token))) return undefined;
  return holding(appId, token, fn);
}
