import { ensureDirectoryImage } from '../templates/runtime-images';
import { addonImageDir, ADDON_KINDS, type AddonType } from './catalogue';

/**
 * Builds `berth/addon-<type>` unless it exists with the hash of its build directory (so an edited
 * Dockerfile or entrypoint rebuilds it). Setup builds them; provisioning builds a missing one.
 */
export function ensureAddonImage(
  type: AddonType,
  options: { rebuild?: boolean; onLine?: (line: string) => void; signal?: AbortSignal } = {},
): Promise<'built' | 'cached'> {
  return ensureDirectoryImage(ADDON_KINDS[type].image, addonImageDir(type), { ...options, labels: { 'berth.addon-type': type } });
}
