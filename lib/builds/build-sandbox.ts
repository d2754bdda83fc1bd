import type Docker from 'dockerode';
import { config } from '../config';
import { BUILD_BRIDGE, BUILD_NETWORK, ensureBuildNetwork } from '../docker/build-network';
import type { BuildLimits } from '../docker/build-image';
import { createBuildCgroup } from './build-cgroup';
import { ensureBuildFirewall, normaliseCidr } from './build-firewall';

export type BuildSandbox = {
  /**
   * The RUN steps' confinement for a build whose steps need the network (the filtered build
   * bridge) or not (`none`: no interface but loopback — stricter, and a RUN container starts
   * without a bridge endpoint, which is much of its start on this engine).
   */
  limits: (needsNetwork: boolean) => BuildLimits;
  close: () => Promise<void>;
};

/**
 * What confines one build (docs/security.md, "Builds"): RUN steps on the build network behind
 * the host firewall (or on no network, when the plan fetches nothing), memory (no swap), CPU quota and a per-build process limit (cgroup parent),
 * on top of the build deadline the caller holds. Fails — and so fails the build — when the
 * isolation cannot be set up, unless the admin switched that part off explicitly.
 */
export async function openBuildSandbox(docker: Docker, buildId: string): Promise<BuildSandbox> {
  const c = config();
  const local = c.DOCKER_HOST.startsWith('unix://');
  await ensureBuildNetwork(docker);
  if (c.BERTH_BUILD_FIREWALL === 'iptables') {
    if (!local)
      throw new Error(`the build firewall needs the engine on this machine (DOCKER_HOST=${c.DOCKER_HOST}); set BERTH_BUILD_FIREWALL=off only if that engine's host has equivalent rules`);
    await ensureBuildFirewall({ bridge: BUILD_BRIDGE, allow: egressAllowList(c.BERTH_BUILD_EGRESS_ALLOW) });
  }
  const memory = c.BERTH_BUILD_MEMORY_MB * 1024 * 1024;
  const limits: BuildLimits = {
    networkMode: BUILD_NETWORK,
    memory,
    memswap: memory, // no swap on top
    cpuPeriod: 100_000,
    cpuQuota: Math.round(c.BERTH_BUILD_CPUS * 100_000),
  };
  let release = async () => {};
  if (c.BERTH_BUILD_PIDS_LIMIT > 0) {
    if (!local) throw new Error(`the build process limit needs the engine on this machine (DOCKER_HOST=${c.DOCKER_HOST})`);
    const cgroup = await createBuildCgroup(`${c.BERTH_INSTALLATION}-${buildId}`.toLowerCase().replace(/[^a-z0-9-]/g, '-'), c.BERTH_BUILD_PIDS_LIMIT);
    limits.cgroupParent = cgroup.parent;
    release = cgroup.release;
  }
  return {
    limits: (needsNetwork) => (needsNetwork ? limits : { ...limits, networkMode: 'none' }),
    close: () => release().catch(() => {}),
  };
}

function egressAllowList(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean)
    .map((v) => {
      const cidr = normaliseCidr(v);
      if (!cidr) throw new Error(`BERTH_BUILD_EGRESS_ALLOW: ${JSON.stringify(v)} is not an IPv4 CIDR`);
      return cidr;
    });
}
