import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { config } from '../config';

/**
 * AES-256-GCM for secrets at rest (env vars, webhook secrets, host TLS keys). The key comes
 * from BERTH_SECRET_KEY, never from the database. Format: v1:<iv>:<tag>:<ciphertext> (base64).
 */
function key(): Buffer {
  return Buffer.from(config().BERTH_SECRET_KEY, 'hex');
}

export function encryptSecret(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
}

export function decryptSecret(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(':');
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Unrecognised secret format');
  const decipher = createDecipheriv('aes-256-gcm', key(), Buffer.from(iv, 'base64'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
}

export const encryptJson = (value: unknown) => encryptSecret(JSON.stringify(value));
export const decryptJson = <T>(sealed: string): T => JSON.parse(decryptSecret(sealed)) as T;
