import { enterBenchInstallation } from './bench-installation';

/**
 * Berth in-process for a git-push benchmark (launch, compare): a throwaway installation (database,
 * data directory, installation id, proxy ports; `portRange` for app instances), migrated, with the
 * apps API + git server, the hosts/builds/deploys/network-pool workers and an admin with a token. Call it
 * before importing any other Berth module: the config is read once. `stop` removes it all.
 */
export async function startBenchBerth(name: string, portRange: string) {
  const bench = await enterBenchInstallation(name, { BERTH_PORT_RANGE: portRange });
  const { db } = await import('../../lib/db');
  const { startBerthServer } = await import('./berth-server');
  const { appsApiRoutes } = await import('./berth-api');
  const { startWorkers } = await import('./workers');
  const { createTestUser } = await import('./users');
  const { nginxFiles, stopNginx } = await import('../../lib/proxy/nginx');
  const { emptyNetworkPool } = await import('../../lib/deploys/network-pool');
  const server = await startBerthServer(appsApiRoutes);
  // network-pool: as the worker's leader keeps networks ready for New app (lib/deploys/network-pool.ts).
  const stopWorkers = await startWorkers(['hosts', 'builds', 'deploys', 'network-pool']);
  const user = await createTestUser('ADMIN');
  return {
    server,
    user,
    stop: async () => {
      await stopWorkers();
      await emptyNetworkPool().catch(() => {});
      await server.close();
      await stopNginx(nginxFiles()).catch(() => {});
      await db.$disconnect();
      await bench.remove();
    },
  };
}
