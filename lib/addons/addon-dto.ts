import type { Addon, Host } from '../db';
import { ADDON_KINDS } from './catalogue';
import { connectionUrl, maskUrl, openCredentials } from './credentials';
import { addonEnvKeys, apiType } from './env-keys';

/** What the API and the Add-ons tab see of an add-on: the connection string masked unless revealed. */
export type AddonDto = {
  id: string;
  type: string;
  label: string;
  version: string;
  status: string;
  statusReason: string | null;
  host: string | null;
  envKeys: string[];
  connectionUrl: string;
  masked: boolean;
  sizeBytes: number | null;
  placementReason: string | null;
  /** The newest succeeded backup: what an `unavailable` add-on (lost host) offers to restore elsewhere. */
  lastBackup: { id: string; createdAt: string } | null;
  createdAt: string;
};

export function addonDto(
  addon: Addon & { host?: Host | null },
  opts: { reveal?: boolean; sizeBytes?: number | null; lastBackup?: { id: string; createdAt: Date } | null } = {},
): AddonDto {
  const type = apiType(addon.type);
  const url = connectionUrl(type, addon.containerName, openCredentials(addon.credentials));
  return {
    id: addon.id,
    type,
    label: ADDON_KINDS[type].label,
    version: addon.version,
    status: addon.status.toLowerCase(),
    statusReason: addon.statusReason,
    host: addon.host?.name ?? null,
    envKeys: addonEnvKeys(addon),
    connectionUrl: opts.reveal ? url : maskUrl(url),
    masked: !opts.reveal,
    sizeBytes: opts.sizeBytes ?? null,
    placementReason: addon.placementReason,
    lastBackup: opts.lastBackup ? { id: opts.lastBackup.id, createdAt: opts.lastBackup.createdAt.toISOString() } : null,
    createdAt: addon.createdAt.toISOString(),
  };
}
