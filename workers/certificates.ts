import { startLoop } from '../lib/background/loop';
import type { Clock } from '../lib/background/clock';
import { renewDueCertificates } from '../lib/domains/renew-due-certificates';
import { certificatesChannel } from '../lib/domains/request-certificates';
import { createRedis } from '../lib/redis';
import type { BackgroundTask } from './task';

/**
 * The certificates loop: every minute, and at once when a domain is added (requestCertificates),
 * orders every ACME certificate that is new or due for renewal (30 days before expiry) — see
 * lib/domains/renew-due-certificates. Passes never overlap; failures are events, not crashes.
 */
export const CERTIFICATES_INTERVAL_MS = 60_000;

export async function start(opts: { intervalMs?: number; clock?: Clock } = {}): Promise<BackgroundTask> {
  const clock = opts.clock;
  const loop = startLoop({
    name: 'certificates',
    intervalMs: opts.intervalMs ?? CERTIFICATES_INTERVAL_MS,
    clock,
    run: async () => {
      const outcomes = await renewDueCertificates(new Date(clock?.now() ?? Date.now()));
      for (const o of outcomes.filter((x) => !x.skipped)) {
        if (o.ok) console.log(`[certificates] ${o.renewed ? 'renewed' : 'issued'} ${o.hostname}`);
        else console.warn(`[certificates] ${o.hostname}: ${o.error}`);
      }
    },
  });
  const sub = createRedis();
  await sub.subscribe(certificatesChannel()).catch(() => undefined);
  sub.on('message', () => loop.wake());
  return {
    name: 'certificates',
    close: async () => {
      sub.disconnect();
      await loop.close();
    },
  };
}
