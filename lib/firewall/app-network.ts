import { dockerForHost } from '../docker/host-client';
import { ensureAppNetwork } from '../docker/networks';
import { ensureHostFirewall, type FirewallHost } from './ensure-host-firewall';

/**
 * The app's network on `host`, for a container about to start there (instance, release phase,
 * deploy script, `berth run`, add-on): that host's app firewall first, so no container joins an
 * app network before the host is closed to it, then the network (lib/docker/networks.ts).
 */
export async function ensureAppNetworkOnHost(host: FirewallHost, appId: string): Promise<string> {
  await ensureHostFirewall(host);
  return ensureAppNetwork(dockerForHost(host), appId);
}
