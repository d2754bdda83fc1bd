import { db } from '../db';

/**
 * A short text that changes whenever anything the app page shows changes: the newest builds,
 * releases and deployments with their status, the app row (current release, desired state), the
 * present instances and the newest event. One query, cheap enough to run every half second per
 * open app page; the progress stream sends a fresh snapshot only when it differs.
 */
export async function appChangeStamp(appId: string): Promise<string> {
  const rows = await db.$queryRaw<{ stamp: string | null }[]>`
    SELECT concat_ws('|',
      (SELECT string_agg(concat(b.id, ':', b.status), ',') FROM (SELECT id, status FROM "Build" WHERE "appId" = ${appId} ORDER BY number DESC LIMIT 3) b),
      (SELECT string_agg(concat(r.id, ':', r.status), ',') FROM (SELECT id, status FROM "Release" WHERE "appId" = ${appId} ORDER BY version DESC LIMIT 3) r),
      (SELECT string_agg(concat(d.id, ':', d.status), ',') FROM (SELECT id, status FROM "Deployment" WHERE "appId" = ${appId} ORDER BY "createdAt" DESC LIMIT 5) d),
      (SELECT concat("currentReleaseId", ':', "desiredState", ':', "sleepingSince", ':', "tier") FROM "App" WHERE id = ${appId}),
      (SELECT string_agg(concat(i.id, ':', i.status), ',' ORDER BY i.id) FROM "Instance" i
         WHERE i."appId" = ${appId} AND i.status IN ('STARTING', 'RUNNING', 'STOPPING', 'CRASHED')),
      (SELECT max(id)::text FROM "Event" WHERE "appId" = ${appId})
    ) AS stamp`;
  return rows[0]?.stamp ?? '';
}
