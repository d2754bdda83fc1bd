import { randomBytes } from 'node:crypto';
import { decryptJson, encryptJson } from '../crypto/secret-box';
import { ADDON_KINDS, type AddonType } from './catalogue';

/** Generated per add-on, stored encrypted (Addon.credentials), never shown unmasked unless revealed. */
export type AddonCredentials = { user: string; password: string; database: string };

export function generateCredentials(): AddonCredentials {
  // Letters and digits only: safe in a URL and in the entrypoints' SQL without escaping.
  const token = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[^A-Za-z0-9]/g, '').slice(0, bytes);
  return { user: `u${token(10).toLowerCase()}`, password: token(32), database: `db${token(8).toLowerCase()}` };
}

export const sealCredentials = (c: AddonCredentials) => encryptJson(c);
export const openCredentials = (sealed: string) => decryptJson<AddonCredentials>(sealed);

/** The URL an app connects with: the container name resolves on the app's network. */
export function connectionUrl(type: AddonType, host: string, c: AddonCredentials): string {
  const kind = ADDON_KINDS[type];
  // `default` (the ACL user Redis 6+ has) rather than an empty user name: redis-cli 7 sends "AUTH \"\" pw" for `:pw@`.
  if (type === 'redis') return `redis://default:${c.password}@${host}:${kind.port}`;
  return `${kind.scheme}://${c.user}:${c.password}@${host}:${kind.port}/${c.database}`;
}

/** The same URL with the password replaced by asterisks. */
export const maskUrl = (url: string) => url.replace(/:([^:@/]+)@/, ':••••••••@');
