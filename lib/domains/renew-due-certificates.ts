import { db } from '../db';
import { RENEW_BEFORE_MS } from './certificate-schedule';
import { issueCertificate, type IssueOutcome } from './issue-certificate';
import { ensureUiCertificate } from './ui-certificate';

/**
 * The renewal pass (workers/certificates.ts runs it every minute; tests call it with an injected
 * clock): every ACME certificate not issued (or not tried with ACME) yet, or expiring within 30 days, whose backoff has
 * passed (custom domains, and Berth's own hostname when the edge serves the UI) — at most `limit` per pass, one after another. Returns what happened to each.
 */
export async function renewDueCertificates(now: Date, opts: { limit?: number } = {}): Promise<IssueOutcome[]> {
  await ensureUiCertificate();
  const due = await db.certificate.findMany({
    where: {
      source: 'ACME',
      AND: [
        { OR: [{ nextAttemptAt: null }, { nextAttemptAt: { lte: now } }] },
        {
          OR: [
            { certPem: null },
            { lastAttemptAt: null }, // switched from an upload: replace it with the issuer's
            { notAfter: null },
            { notAfter: { lte: new Date(now.getTime() + RENEW_BEFORE_MS) } },
          ],
        },
        { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
      ],
    },
    orderBy: [{ notAfter: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
    take: opts.limit ?? 20,
    select: { id: true },
  });
  const outcomes: IssueOutcome[] = [];
  for (const { id } of due) outcomes.push(await issueCertificate(id, now));
  return outcomes;
}
