import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secret that authenticates Berth's own post-receive hook to the internal push endpoint. Random
 * per process (kept on globalThis so every route bundle of one Next server shares it) and only
 * ever handed to `git http-backend` in its environment — never a user's token.
 */
const holder = globalThis as unknown as { berthHookSecret?: string };

export function hookSecret(): string {
  holder.berthHookSecret ??= randomBytes(32).toString('hex');
  return holder.berthHookSecret;
}

export function isHookSecret(value: string | null | undefined): boolean {
  if (!value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(hookSecret());
  return a.length === b.length && timingSafeEqual(a, b);
}
