import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { config } from '../../../lib/config';
import { encryptJson } from '../../../lib/crypto/secret-box';
import { db } from '../../../lib/db';
import { ensureLocalHost } from '../../../lib/hosts/ensure-local-host';

/**
 * An app the edge routes to without Docker: a LIVE release whose one RUNNING web instance is a
 * node:http server on loopback. `GET /` answers `hello <app>`; `GET /slow?ms=N` answers after N ms
 * (at most 10 s) — an in-flight request across nginx reloads. For proxy/TLS tests that need no
 * real container.
 */
export type RoutedApp = { id: string; name: string; close: () => Promise<void> };

export async function createRoutedApp(name: string, opts: { memberId?: string } = {}): Promise<RoutedApp> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const reply = () => res.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${name} ${url.pathname}\n`);
    if (url.pathname === '/slow') setTimeout(reply, Math.min(10_000, Number(url.searchParams.get('ms') ?? 2_000)));
    else reply();
  });
  server.keepAliveTimeout = 70_000; // longer than nginx's upstream keepalive
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const host = await ensureLocalHost();
  const app = await db.app.create({
    data: {
      name,
      template: 'DOCKERFILE',
      routes: { create: { hostname: `${name}.${config().BERTH_APPS_DOMAIN}` } },
      ...(opts.memberId ? { members: { create: { userId: opts.memberId, role: 'OWNER' } } } : {}),
    },
  });
  const release = await db.release.create({
    data: { appId: app.id, version: 1, imageTag: 'none', commitSha: 'abcdef1234567890', env: encryptJson({}), status: 'LIVE', description: 'test', deployedAt: new Date() },
  });
  await db.app.update({ where: { id: app.id }, data: { currentReleaseId: release.id } });
  await db.instance.create({
    data: {
      appId: app.id,
      releaseId: release.id,
      hostId: host.id,
      index: 0,
      containerName: `${name}-fake-0`,
      hostPort: port,
      cpuRequest: 100,
      cpuLimit: 100,
      memoryRequestMb: 64,
      memoryLimitMb: 64,
      status: 'RUNNING',
      startedAt: new Date(),
    },
  });
  return {
    id: app.id,
    name,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
