import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { config } from '../config';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { recordEvent } from '../events/record-event';
import { checkRemoteUrl } from '../git/fetch-remote';
import { findAppForActor } from '../auth/app-access';

export type WebhookSettings = { webhookUrl: string; secret: string; remoteUrl: string | null };

export const ZUpdateWebhook = z.object({
  remoteUrl: z.string().max(500).nullable().optional(),
  regenerateSecret: z.boolean().optional(),
});

const webhookUrlOf = (name: string) => `${config().BERTH_PUBLIC_URL.replace(/\/+$/, '')}/api/apps/${name}/webhook`;

/** The app's webhook URL, its (decrypted) secret and remote, for members only. */
export async function getWebhookSettings(actor: Actor, name: string): Promise<WebhookSettings> {
  const app = await findAppForActor(actor, name, 'write');
  let secret = app.webhookSecret;
  if (!secret) {
    secret = encryptSecret(randomBytes(24).toString('hex'));
    await db.app.update({ where: { id: app.id }, data: { webhookSecret: secret } });
  }
  return { webhookUrl: webhookUrlOf(app.name), secret: decryptSecret(secret), remoteUrl: app.remoteUrl };
}

export async function updateWebhookSettings(actor: Actor, name: string, input: z.infer<typeof ZUpdateWebhook>) {
  const app = await findAppForActor(actor, name, 'write');
  const data: { remoteUrl?: string | null; webhookSecret?: string } = {};
  if (input.remoteUrl !== undefined) {
    const url = input.remoteUrl?.trim() || null;
    if (url) await checkRemoteUrl(url); // https, public addresses only (BAD_REQUEST with the reason)
    data.remoteUrl = url;
  }
  if (input.regenerateSecret) data.webhookSecret = encryptSecret(randomBytes(24).toString('hex'));
  await db.app.update({ where: { id: app.id }, data });
  await recordEvent({
    kind: 'app.webhook',
    message: input.regenerateSecret ? 'Regenerated the webhook secret' : 'Changed the webhook remote',
    appId: app.id,
    appName: app.name,
    actor,
    data: { remoteUrl: data.remoteUrl },
  });
  return getWebhookSettings(actor, name);
}
