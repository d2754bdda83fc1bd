import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ensureRealDir, writeFileNoFollow } from './private-files';
import { tlsPaths } from './paths';

/**
 * Pending HTTP-01 challenges: one file per token under <nginx>/acme-challenge, served by every
 * server on the edge's HTTP port at /.well-known/acme-challenge/<token> (no reload needed).
 * Key authorisations are public by design (the CA fetches them over plain HTTP).
 */
const TOKEN = /^[A-Za-z0-9_-]{16,256}$/;

export async function putChallenge(token: string, keyAuthorization: string): Promise<void> {
  if (!TOKEN.test(token)) throw new Error('ACME challenge token has unexpected characters');
  const dir = tlsPaths().challenges;
  await ensureRealDir(dir, 0o755);
  await writeFileNoFollow(dir, token, keyAuthorization, 0o644);
}

export async function removeChallenge(token: string): Promise<void> {
  if (!TOKEN.test(token)) return;
  await rm(path.join(tlsPaths().challenges, token), { force: true });
}
