import { randomBytes } from 'node:crypto';

/**
 * How a push ended, handed from the internal push endpoint (which narrates the build and deploy)
 * to the `git http-backend` response that carries it (serve-git-http.ts), so the client's
 * `git push` can exit non-zero. Both run in the same web process — the hook secret is per process,
 * so the hook only ever reaches the process that served the push — and the map lives on
 * globalThis so every route bundle of one Next server shares it.
 */
export type PushVerdict = { ok: true } | { ok: false; message: string };

type Entry = { verdict: PushVerdict; at: number };
const holder = globalThis as unknown as { berthPushVerdicts?: Map<string, Entry> };
const verdicts = (holder.berthPushVerdicts ??= new Map());

/** A verdict nobody took (the client went away) is dropped after the longest push could last. */
const KEEP_MS = 20 * 60 * 1000;

/** A random id for one receive-pack request, given to its hooks as BERTH_PUSH_ID. */
export function newPushId(): string {
  return randomBytes(16).toString('hex');
}

export const PUSH_ID = /^[0-9a-f]{32}$/;

export function settlePush(pushId: string, verdict: PushVerdict, now = Date.now()): void {
  for (const [id, entry] of verdicts) if (now - entry.at > KEEP_MS) verdicts.delete(id);
  verdicts.set(pushId, { verdict, at: now });
}

/** The verdict of a push, once (null when the hook never reported: nothing to add). */
export function takePushVerdict(pushId: string): PushVerdict | null {
  const entry = verdicts.get(pushId);
  verdicts.delete(pushId);
  return entry?.verdict ?? null;
}
