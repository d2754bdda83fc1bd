import type Docker from 'dockerode';
import { withTimeout } from './connect';
import { statusCodeOf } from './containers';

/** The bridge network every build's RUN steps join (one per engine, shared by installations). */
export const BUILD_NETWORK = 'berth-build';
/** Its Linux bridge interface, named so host firewall rules can match it (≤ 15 characters). */
export const BUILD_BRIDGE = 'br-berth-build';

export type BuildNetwork = { id: string; subnets: string[]; gateways: string[] };

const NETWORK_TIMEOUT_MS = 15_000;

/**
 * Makes sure the build network exists: a bridge named BUILD_BRIDGE, no IPv6, no traffic between
 * its containers (icc off: two apps' builds never reach each other). A network of that name
 * with another bridge interface is refused rather than trusted.
 */
export async function ensureBuildNetwork(docker: Docker): Promise<BuildNetwork> {
  const found = await inspectNetwork(docker);
  if (found) return checked(found);
  try {
    await withTimeout(
      docker.createNetwork({
        Name: BUILD_NETWORK,
        Driver: 'bridge',
        CheckDuplicate: true,
        EnableIPv6: false,
        Options: {
          'com.docker.network.bridge.name': BUILD_BRIDGE,
          'com.docker.network.bridge.enable_icc': 'false',
          'com.docker.network.bridge.enable_ip_masquerade': 'true',
        },
        Labels: { 'berth.role': 'build-network' },
      }),
      NETWORK_TIMEOUT_MS,
      'docker network create',
    );
  } catch (error) {
    if (statusCodeOf(error) !== 409) throw error; // created meanwhile by another process
  }
  const created = await inspectNetwork(docker);
  if (!created) throw new Error(`network ${BUILD_NETWORK} vanished right after its creation`);
  return checked(created);
}

async function inspectNetwork(docker: Docker): Promise<Docker.NetworkInspectInfo | null> {
  try {
    return (await withTimeout(docker.getNetwork(BUILD_NETWORK).inspect(), NETWORK_TIMEOUT_MS, 'docker network inspect')) as Docker.NetworkInspectInfo;
  } catch (error) {
    if (statusCodeOf(error) === 404) return null;
    throw error;
  }
}

function checked(info: Docker.NetworkInspectInfo): BuildNetwork {
  const options = info.Options ?? {};
  if (info.Driver !== 'bridge' || options['com.docker.network.bridge.name'] !== BUILD_BRIDGE || options['com.docker.network.bridge.enable_icc'] !== 'false')
    throw new Error(`network ${BUILD_NETWORK} exists but is not Berth's build bridge (${BUILD_BRIDGE}, icc off): remove it and retry`);
  const config = info.IPAM?.Config ?? [];
  return {
    id: info.Id,
    subnets: config.map((c) => c.Subnet).filter((s): s is string => Boolean(s)),
    gateways: config.map((c) => c.Gateway).filter((s): s is string => Boolean(s)),
  };
}
