import { z } from 'zod';
import { requireAdmin, type Actor } from '../auth/actor';
import { config } from '../config';
import { issuedCertificateData } from './issued-certificate-data';
import { db } from '../db';
import { describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { checkUpload, ZPem, type UploadInput } from './check-upload';

/** PUT /api/tls/wildcard {certificate, chain?, privateKey} */
export const ZWildcard = z.object({ certificate: ZPem.min(1), chain: ZPem.optional(), privateKey: ZPem.min(1) }).strict();

/**
 * The wildcard certificate of the apps domain (`*.<BERTH_APPS_DOMAIN>`), admins only: with it,
 * every app's default name <app>.<apps-domain> is served over HTTPS too. Obtain it however you
 * like (e.g. certbot with a DNS-01 plugin) and upload it; a bad one answers 400 and changes nothing.
 */
export type WildcardView = { name: string; installed: boolean; names: string[]; issuer: string | null; notAfter: string | null };

const wildcardName = () => `*.${config().BERTH_APPS_DOMAIN}`;

export async function getWildcard(actor: Actor): Promise<WildcardView> {
  requireAdmin(actor);
  const row = await db.certificate.findFirst({ where: { source: 'WILDCARD' } });
  return { name: wildcardName(), installed: row !== null, names: row?.names ?? [], issuer: row?.issuer ?? null, notAfter: row?.notAfter?.toISOString() ?? null };
}

export async function setWildcard(actor: Actor, upload: UploadInput, now = new Date()): Promise<WildcardView> {
  requireAdmin(actor);
  const info = checkUpload(upload, [wildcardName()], now);
  const data = issuedCertificateData(info);
  await db.$transaction(async (tx) => {
    const existing = await tx.certificate.findFirst({ where: { source: 'WILDCARD' }, select: { id: true } });
    if (existing) await tx.certificate.update({ where: { id: existing.id }, data });
    else await tx.certificate.create({ data: { source: 'WILDCARD', ...data } });
    await recordEvent({ kind: 'tls.wildcard', message: `Installed the wildcard certificate for ${wildcardName()}`, actor }, tx);
  });
  await syncProxy().catch((error) => console.error(`[tls] proxy sync failed: ${describeError(error)}`));
  return getWildcard(actor);
}

export async function removeWildcard(actor: Actor): Promise<void> {
  requireAdmin(actor);
  await db.certificate.deleteMany({ where: { source: 'WILDCARD' } });
  await recordEvent({ kind: 'tls.wildcard', message: `Removed the wildcard certificate for ${wildcardName()}`, actor });
  await syncProxy().catch((error) => console.error(`[tls] proxy sync failed: ${describeError(error)}`));
}
