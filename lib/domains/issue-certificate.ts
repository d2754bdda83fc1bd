import { issuedCertificateData } from './issued-certificate-data';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { issueWithAcme, looksLikeDnsProblem } from '../tls/acme-issue';
import { checkCertificate } from '../tls/parse-pem';
import { backoffMs } from './certificate-schedule';

/**
 * One ACME attempt for one custom domain's certificate, under a lease so the worker loop and the
 * Renew button never order the same certificate twice at once. On success the certificate is
 * checked like an upload (key, validity, name), stored (key encrypted), the edge reloaded and an
 * event recorded; on failure the previous certificate keeps serving, the reason is stored, the
 * next attempt is scheduled with backoff and an event recorded.
 */
export const LEASE_MS = 10 * 60_000;

export type IssueOutcome = { hostname: string; ok: boolean; renewed: boolean; error?: string; skipped?: 'leased' | 'not-acme' };

export async function issueCertificate(certificateId: string, now: Date): Promise<IssueOutcome> {
  const cert = await db.certificate.findUnique({
    where: { id: certificateId },
    include: { route: { include: { app: { select: { id: true, name: true } } } } },
  });
  const hostname = cert?.route?.hostname ?? cert?.hostname;
  if (!cert || !hostname) return { hostname: '?', ok: false, renewed: false, skipped: 'not-acme' };
  if (cert.source !== 'ACME') return { hostname, ok: false, renewed: false, skipped: 'not-acme' };
  const claimed = await db.certificate.updateMany({
    where: { id: cert.id, source: 'ACME', OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] },
    data: { leaseUntil: new Date(now.getTime() + LEASE_MS), lastAttemptAt: now },
  });
  if (claimed.count === 0) return { hostname, ok: false, renewed: false, skipped: 'leased' };

  const app = cert.route?.app ?? null; // null: Berth's own hostname
  const renewal = cert.certPem !== null;
  try {
    const result = await issueWithAcme(hostname);
    const info = checkCertificate({ certificate: result.certPem, privateKey: result.keyPem, hostnames: [hostname], now: new Date() });
    await db.certificate.update({
      where: { id: cert.id },
      data: {
        ...issuedCertificateData(info),
        lastError: null,
        failures: 0,
        nextAttemptAt: null,
        leaseUntil: null,
      },
    });
    await recordEvent({
      kind: renewal ? 'certificate.renewed' : 'certificate.issued',
      message: `${renewal ? 'Renewed' : 'Issued'} the certificate for ${hostname} (ACME, valid until ${info.notAfter.toISOString().slice(0, 10)})`,
      appId: app?.id,
      appName: app?.name,
      data: { hostname, issuer: info.issuer, notAfter: info.notAfter.toISOString() },
    });
    await syncProxy();
    return { hostname, ok: true, renewed: renewal };
  } catch (error) {
    const reason = describeError(error).slice(0, 2_000);
    const failures = cert.failures + 1;
    const next = new Date(now.getTime() + backoffMs(failures));
    await db.certificate.update({
      where: { id: cert.id },
      data: {
        // An issued certificate keeps serving (and its status) until it is replaced.
        status: renewal ? 'ISSUED' : looksLikeDnsProblem(reason) ? 'PENDING' : 'FAILED',
        lastError: reason,
        failures,
        nextAttemptAt: next,
        leaseUntil: null,
      },
    });
    await recordEvent({
      kind: renewal ? 'certificate.renew_failed' : 'certificate.failed',
      message: `${renewal ? 'Renewing' : 'Issuing'} the certificate for ${hostname} failed: ${reason.slice(0, 300)} (next attempt ${next.toISOString()})`,
      appId: app?.id,
      appName: app?.name,
      data: { hostname, error: reason, failures, nextAttemptAt: next.toISOString() },
    });
    return { hostname, ok: false, renewed: false, error: reason };
  }
}
