import { readFileSync } from 'node:fs';
import https from 'node:https';
import type * as AcmeClient from 'acme-client';
import { config } from '../config';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { putChallenge, removeChallenge } from './acme-challenges';

/**
 * Gets a certificate for one hostname from the configured ACME issuer (acme-client, RFC 8555)
 * with an HTTP-01 challenge answered by Berth's own edge nginx (acme-challenges.ts). The account
 * key is created once per directory URL and stored encrypted (AcmeAccount). Every HTTP call has a
 * timeout and retries are bounded (acme-client's backoff + an overall deadline).
 */
export const ACME_DEADLINE_MS = 180_000;
const HTTP_TIMEOUT_MS = 20_000;

type Acme = typeof AcmeClient;
let loaded: Promise<Acme> | null = null;
/**
 * acme-client (with axios and its crypto helpers, ~7 MB of heap) is loaded on the first issuance,
 * not when the worker or web starts: most installations never issue a certificate, and every
 * process would carry it (bench/control-plane.ts, docs/benchmarks.md).
 */
function loadAcme(): Promise<Acme> {
  loaded ??= import('acme-client').then((m) => ((m as { default?: Acme }).default ?? m) as Acme);
  return loaded;
}

let configuredFor: string | null = null;
function configureHttp(acme: Acme): void {
  const c = config();
  const key = `${c.BERTH_ACME_CA_FILE}`;
  if (configuredFor === key) return;
  acme.axios.defaults.timeout = HTTP_TIMEOUT_MS;
  // acme-client's own retry of 5xx/429 answers: fewer, shorter waits than its defaults (5 × 5 s…).
  const settings = (acme.axios.defaults as unknown as { acmeSettings: Record<string, number> }).acmeSettings;
  settings.retryMaxAttempts = 3;
  settings.retryDefaultDelay = 2;
  if (c.BERTH_ACME_CA_FILE) {
    // The ACME directory's own HTTPS certificate is issued by this CA (private or test CA).
    const ca = readFileSync(c.BERTH_ACME_CA_FILE, 'utf8');
    acme.axios.defaults.httpsAgent = new https.Agent({ ca, keepAlive: false });
  }
  configuredFor = key;
}

async function accountFor(acme: Acme, directoryUrl: string): Promise<{ key: string; url: string | null }> {
  const existing = await db.acmeAccount.findUnique({ where: { directoryUrl } });
  if (existing) return { key: decryptSecret(existing.keySealed), url: existing.accountUrl };
  const key = (await acme.crypto.createPrivateEcdsaKey('P-256')).toString();
  // Two processes racing here: the first row wins and both use it.
  await db.acmeAccount.createMany({ data: [{ directoryUrl, keySealed: encryptSecret(key) }], skipDuplicates: true });
  const row = await db.acmeAccount.findUniqueOrThrow({ where: { directoryUrl } });
  return { key: decryptSecret(row.keySealed), url: row.accountUrl };
}

export type AcmeResult = { certPem: string; keyPem: string };

export async function issueWithAcme(hostname: string): Promise<AcmeResult> {
  const acme = await loadAcme();
  configureHttp(acme);
  const c = config();
  const directoryUrl = c.BERTH_ACME_DIRECTORY_URL;
  const account = await accountFor(acme, directoryUrl);
  const client = new acme.Client({
    directoryUrl,
    accountKey: account.key,
    accountUrl: account.url ?? undefined,
    backoffAttempts: 12,
    backoffMin: 500,
    backoffMax: 5_000,
  });
  const domainKey = await acme.crypto.createPrivateEcdsaKey('P-256');
  const [, csr] = await acme.crypto.createCsr({ commonName: hostname, altNames: [hostname] }, domainKey);
  const tokens: string[] = [];
  const work = client.auto({
    csr,
    email: c.BERTH_ACME_EMAIL || undefined,
    termsOfServiceAgreed: true,
    challengePriority: ['http-01'],
    // The CA itself fetches the answer through nginx; a self-check would need public DNS here.
    skipChallengeVerification: true,
    challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
      if (challenge.type !== 'http-01') throw new Error(`unsupported challenge ${challenge.type}`);
      tokens.push(challenge.token);
      await putChallenge(challenge.token, keyAuthorization);
    },
    challengeRemoveFn: async (_authz, challenge) => {
      await removeChallenge(challenge.token);
    },
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`ACME issuance took longer than ${ACME_DEADLINE_MS / 1000} s`)), ACME_DEADLINE_MS);
  });
  try {
    const certPem = await Promise.race([work, deadline]);
    if (!account.url) {
      await db.acmeAccount.update({ where: { directoryUrl }, data: { accountUrl: client.getAccountUrl(), email: c.BERTH_ACME_EMAIL || null } });
    }
    return { certPem, keyPem: domainKey.toString() };
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined); // settled later if the deadline won; never unhandled
    await Promise.all(tokens.map((t) => removeChallenge(t)));
  }
}

/**
 * True when an ACME failure means "this name does not reach Berth yet" (DNS missing or pointing
 * elsewhere, nothing answering) rather than a broken setup: the domain stays pending DNS.
 */
export function looksLikeDnsProblem(message: string): boolean {
  return /DNS problem|NXDOMAIN|no such host|SERVFAIL|connection refused|connect: |timeout|timed out|did not match|unauthorized|404|no valid A records|Fetching http/i.test(
    message,
  );
}
