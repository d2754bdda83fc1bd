import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { config } from '../config';
import { issuedCertificateData } from './issued-certificate-data';
import { db, Prisma } from '../db';
import { AppError, describeError } from '../errors';
import { recordEvent } from '../events/record-event';
import { syncProxy } from '../proxy/sync-proxy';
import { checkUpload, ZPem, type UploadInput } from './check-upload';
import { domainView, type DomainView } from './domain-view';
import { appLabelUnder, hostnameProblem, normalizeHostname } from './hostname';
import { requestCertificates } from './request-certificates';

/** POST /api/apps/<name>/domains {hostname, certificate?, chain?, privateKey?} */
export const ZAddDomain = z.object({
  hostname: z.string().min(1, 'Hostname is required').max(253),
  certificate: ZPem.optional(),
  chain: ZPem.optional(),
  privateKey: ZPem.optional(),
});

/**
 * Adds a custom domain to an app: a Route of kind CUSTOM and its Certificate — uploaded (checked
 * first: key match, validity, name coverage, chain order; key stored encrypted) or ordered from
 * the ACME issuer by the worker (status "pending DNS" until issued). The edge is re-synced.
 * Refused: an invalid name (400), a name already routed (409), a name under the apps domain that
 * belongs to another app's name (409) or to no app (400), Berth's own hostname (409).
 */
export type AddDomainInput = { hostname: string } & Partial<UploadInput>;

export async function addDomain(actor: Actor, appName: string, input: AddDomainInput, now = new Date()): Promise<DomainView> {
  const app = await findAppForActor(actor, appName, 'write');
  const hostname = normalizeHostname(input.hostname);
  const problem = hostnameProblem(hostname);
  if (problem) throw new AppError('BAD_REQUEST', problem, { hostname: problem });
  await refuseReservedNames(hostname, app.name);

  const hasCert = Boolean(input.certificate?.trim());
  const hasKey = Boolean(input.privateKey?.trim());
  if (hasCert !== hasKey) {
    const field = hasCert ? 'privateKey' : 'certificate';
    throw new AppError('BAD_REQUEST', 'Upload the certificate and its private key together (or neither, for ACME)', {
      [field]: 'Required with the other one',
    });
  }
  const upload = hasCert ? checkUpload(input as UploadInput, [hostname], now) : null;

  const taken = await db.route.findUnique({ where: { hostname }, select: { appId: true } });
  if (taken) throw duplicate(hostname, taken.appId === app.id);

  try {
    await db.$transaction(async (tx) => {
      await tx.route.create({
        data: {
          appId: app.id,
          hostname,
          kind: 'CUSTOM',
          certificate: {
            create: upload
              ? {
                  source: 'UPLOADED',
                  ...issuedCertificateData(upload),
                }
              : { source: 'ACME', status: 'PENDING' },
          },
        },
      });
      await recordEvent(
        {
          kind: 'domain.add',
          message: `Added domain ${hostname} (${upload ? 'uploaded certificate' : 'certificate from ACME'})`,
          appId: app.id,
          appName: app.name,
          actor,
          data: { hostname, source: upload ? 'uploaded' : 'acme' },
        },
        tx,
      );
    });
  } catch (error) {
    // Two requests racing for one name: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicate(hostname, false);
    throw error;
  }
  await syncProxy().catch((error) => console.error(`[domains] proxy sync after adding ${hostname} failed: ${describeError(error)}`));
  if (!upload) await requestCertificates(`add ${hostname}`);
  const route = await db.route.findUniqueOrThrow({ where: { hostname }, include: { certificate: true } });
  return domainView({ route, appName: app.name, cert: route.certificate });
}

function duplicate(hostname: string, sameApp: boolean): AppError {
  return new AppError(
    'CONFLICT',
    sameApp ? `${hostname} is already a domain of this app` : `${hostname} is already used by another app`,
    { hostname: sameApp ? 'Already added' : 'Already used by another app' },
  );
}

async function refuseReservedNames(hostname: string, appName: string): Promise<void> {
  const c = config();
  const domain = c.BERTH_APPS_DOMAIN;
  const label = appLabelUnder(hostname, domain);
  if (label === '') throw new AppError('BAD_REQUEST', `${hostname} is the apps domain itself`, { hostname: 'Is the apps domain' });
  if (label !== null && label !== appName) {
    const other = await db.app.findUnique({ where: { name: label }, select: { id: true } });
    if (other) {
      throw new AppError('CONFLICT', `${hostname} falls under ${label}.${domain}, which belongs to another app`, {
        hostname: 'Belongs to another app',
      });
    }
    throw new AppError(
      'BAD_REQUEST',
      `Names under ${domain} are app names: use a name outside it, or under ${appName}.${domain}`,
      { hostname: `Under ${domain}, only names under ${appName}.${domain}` },
    );
  }
  const own = new URL(c.BERTH_PUBLIC_URL).hostname.toLowerCase();
  if (hostname === own) throw new AppError('CONFLICT', `${hostname} is Berth's own hostname`, { hostname: "Is Berth's own hostname" });
}
