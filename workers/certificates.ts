import { renewDueCertificates } from '../lib/domains/renew-due-certificates';
import { certificatesChannel } from '../lib/domains/request-certificates';
import { describeError } from '../lib/errors';
import { createRedis } from '../lib/redis';
import type { BackgroundTask } from './task';

/**
 * The certificates loop: every minute, and at once when a domain is added (requestCertificates),
 * orders every ACME certificate that is new or due for renewal (30 days before expiry) — see
 * lib/domains/renew-due-certificates. Passes never overlap; failures are events, not crashes.
 */
export const CERTIFICATES_INTERVAL_MS = 60_000;

export async function start(): Promise<BackgroundTask> {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  const pass = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = renewDueCertificates(new Date())
      .then((outcomes) => {
        for (const o of outcomes.filter((x) => !x.skipped)) {
          if (o.ok) console.log(`[certificates] ${o.renewed ? 'renewed' : 'issued'} ${o.hostname}`);
          else console.warn(`[certificates] ${o.hostname}: ${o.error}`);
        }
      })
      .catch((e) => console.error(`[certificates] ${describeError(e)}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          pass();
        }
      });
  };
  const timer = setInterval(pass, CERTIFICATES_INTERVAL_MS);
  const sub = createRedis();
  await sub.subscribe(certificatesChannel()).catch(() => undefined);
  sub.on('message', () => pass());
  pass();
  return {
    name: 'certificates',
    close: async () => {
      stopped = true;
      clearInterval(timer);
      sub.disconnect();
      await running;
    },
  };
}
