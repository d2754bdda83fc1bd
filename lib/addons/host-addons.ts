import { appsVisibleTo } from '../auth/app-access';
import type { Actor } from '../auth/actor';
import { db } from '../db';
import { ADDON_KINDS } from './catalogue';
import { apiType } from './env-keys';

export type HostAddonDto = { id: string; app: string; label: string; status: string; memoryLimitMb: number };

/** Add-on containers per host id for the Hosts page (only apps the actor can see). */
export async function addonsByHost(actor: Actor): Promise<Record<string, HostAddonDto[]>> {
  const rows = await db.addon.findMany({
    where: { hostId: { not: null }, status: { not: 'DELETED' }, app: appsVisibleTo(actor) },
    include: { app: { select: { name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const out: Record<string, HostAddonDto[]> = {};
  for (const r of rows) {
    const kind = ADDON_KINDS[apiType(r.type)];
    (out[r.hostId!] ??= []).push({ id: r.id, app: r.app.name, label: `${kind.label} ${r.version}`, status: r.status.toLowerCase(), memoryLimitMb: r.memoryLimitMb });
  }
  return out;
}
