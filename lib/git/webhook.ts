import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { createBuild } from '../builds/create-build';
import { config } from '../config';
import { decryptSecret } from '../crypto/secret-box';
import { db, Prisma } from '../db';
import { AppError } from '../errors';
import { recordEvent } from '../events/record-event';
import { enqueueBuild } from '../builds/build-job';
import { fetchFromRemote } from './fetch-remote';
import { repoDir } from './repo-path';

export type WebhookResult =
  | { status: 'queued'; buildId: string; number: number }
  | { status: 'ignored'; reason: string };

/**
 * A push to a repository hosted elsewhere (GitHub: X-Hub-Signature-256 "sha256=<hex>", Gitea:
 * X-Gitea-Signature "<hex>"), HMAC-SHA256 of the raw body with the app's secret. A bad or
 * missing signature (or an unknown app — no existence oracle) is UNAUTHENTICATED and queues
 * nothing. A push to the default branch fetches the commit from App.remoteUrl and builds it
 * when it is still the branch's head there. Each delivery counts once (see recordDelivery).
 */
export async function handleWebhook(input: { name: string; headers: Headers; rawBody: Buffer }): Promise<WebhookResult> {
  const app = await db.app.findUnique({ where: { name: input.name }, include: { repository: true } });
  const signature = signatureOf(input.headers);
  if (!app?.webhookSecret || !signature || !verify(decryptSecret(app.webhookSecret), input.rawBody, signature)) {
    throw new AppError('UNAUTHENTICATED', 'Invalid webhook signature');
  }
  // Replays: the signature covers the body only, so a captured delivery stays valid. The same
  // delivery id or the same signed body within the window is ignored; older replays fail the
  // head check below (only the remote branch's current head is ever built).
  const deliveryId = input.headers.get('x-github-delivery') || input.headers.get('x-gitea-delivery');
  if (!deliveryId || !/^[A-Za-z0-9._:-]{1,100}$/.test(deliveryId))
    throw new AppError('BAD_REQUEST', 'Missing X-GitHub-Delivery or X-Gitea-Delivery header');
  if (!(await recordDelivery(app.id, deliveryId, input.rawBody))) return { status: 'ignored', reason: 'duplicate delivery' };

  const event = input.headers.get('x-github-event') ?? input.headers.get('x-gitea-event') ?? 'push';
  if (event === 'ping') return { status: 'ignored', reason: 'ping' };
  if (event !== 'push') return { status: 'ignored', reason: `event ${event}` };

  let payload: { ref?: unknown; after?: unknown; head_commit?: { message?: unknown; author?: { name?: unknown } } };
  try {
    payload = JSON.parse(input.rawBody.toString('utf8'));
  } catch {
    throw new AppError('BAD_REQUEST', 'Webhook body must be JSON');
  }
  const branch = app.repository?.defaultBranch ?? app.defaultBranch;
  if (payload.ref !== `refs/heads/${branch}`) return { status: 'ignored', reason: `only ${branch} is deployed` };
  const after = typeof payload.after === 'string' ? payload.after : '';
  if (!/^[0-9a-f]{40}$/.test(after)) throw new AppError('BAD_REQUEST', 'Push payload has no valid "after" commit');
  if (/^0{40}$/.test(after)) return { status: 'ignored', reason: 'branch deleted' };
  if (!app.remoteUrl) throw new AppError('BAD_REQUEST', 'Set the app\'s remote URL in Settings first');

  const gitdir = repoDir(app.name);
  await mkdir(config().paths.tmp, { recursive: true });
  const { head } = await fetchFromRemote({ gitdir, remoteUrl: app.remoteUrl, branch, commitSha: after });
  if (head !== after) return { status: 'ignored', reason: `${after.slice(0, 7)} is no longer the head of ${branch} on the remote` };

  const message = typeof payload.head_commit?.message === 'string' ? payload.head_commit.message.slice(0, 500) : null;
  const author = typeof payload.head_commit?.author?.name === 'string' ? payload.head_commit.author.name.slice(0, 200) : null;
  const build = await db.$transaction(async (tx) => {
    if (app.repository) await tx.repository.update({ where: { id: app.repository.id }, data: { headCommit: after } });
    return createBuild(
      { appId: app.id, commitSha: after, commitMessage: message, commitAuthor: author, branch, trigger: 'WEBHOOK', deployAfter: true },
      tx,
    );
  });
  await recordEvent({
    kind: 'git.webhook',
    message: `Webhook push ${after.slice(0, 7)} to ${branch}`,
    appId: app.id,
    appName: app.name,
    data: { commit: after, buildId: build.id },
  });
  await enqueueBuild(build.id);
  return { status: 'queued', buildId: build.id, number: build.number };
}

/** Remembers a delivery; false when it (or the same body) was seen within the replay window. */
async function recordDelivery(appId: string, deliveryId: string, rawBody: Buffer): Promise<boolean> {
  const cutoff = new Date(Date.now() - config().BERTH_WEBHOOK_REPLAY_WINDOW_HOURS * 3600_000);
  await db.webhookDelivery.deleteMany({ where: { appId, receivedAt: { lt: cutoff } } });
  try {
    await db.webhookDelivery.create({ data: { appId, deliveryId, bodyHash: createHash('sha256').update(rawBody).digest('hex') } });
    return true;
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return false;
    throw error;
  }
}

function signatureOf(headers: Headers): Buffer | null {
  const github = headers.get('x-hub-signature-256');
  const gitea = headers.get('x-gitea-signature');
  const hex = github?.startsWith('sha256=') ? github.slice(7) : gitea;
  if (!hex || !/^[0-9a-f]{64}$/i.test(hex)) return null;
  return Buffer.from(hex, 'hex');
}

function verify(secret: string, body: Buffer, signature: Buffer): boolean {
  const expected = createHmac('sha256', secret).update(body).digest();
  return expected.length === signature.length && timingSafeEqual(expected, signature);
}
