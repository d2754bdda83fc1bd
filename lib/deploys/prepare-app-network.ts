import { db } from '../db';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { tryAppLock } from './app-lock';

/**
 * Creates a new app's network ahead of its first deploy. The deploy would create it on the host
 * it lands on, and creating a bridge is ~1 s of the engine's time on the click-to-live path;
 * started when the app's first build starts (a prebuilt starter build takes well under a
 * second), it is usually there when the deploy needs it. Only where the host is certain: the
 * installation's only READY host. Under the app's lock, so a deploy in another worker process
 * never creates a second network of the same name meanwhile (Docker allows duplicate names);
 * lock busy → the deploy creates it as before. Best effort: a failure is the deploy's to report.
 */
export async function prepareAppNetwork(appId: string): Promise<void> {
  const hosts = await db.host.findMany({ where: { status: 'READY' }, take: 2 });
  if (hosts.length !== 1) return;
  await tryAppLock(appId, () => ensureAppNetworkOnHost(hosts[0], appId));
}
