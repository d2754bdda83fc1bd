import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startLoop, type Loop } from '../background/loop';
import { config } from '../config';
import { db } from '../db';
import { masterPid, nginxFiles, reloadOrStart, testConfig } from './nginx';
import { renderNginxConfig, type ProxyApp } from './render-config';
import { servingInstances } from './serving-instances';
import { prepareEdgeTls } from '../tls/prepare-edge-tls';

/**
 * Rewrites the edge proxy from PostgreSQL and reloads nginx gracefully (starting it when it is
 * not running). The config is derived state: upstream = every RUNNING instance of each app's
 * current (LIVE) release, less those on hosts that are lost or suspect (serving-instances.ts). Resolves once nginx serves the new config and the old workers (of this
 * and every earlier reload) have drained, so callers may then stop instances that are no longer
 * routed. `{ drained: false }`: resolves as soon as every new connection gets the new config
 * (announcing a switch; the drain goes on).
 *
 * Syncs are serialised per process and coalesced (a wake-only loop, lib/background/loop): a call
 * during a sync waits for the next one, which all callers arriving meanwhile share; each caller
 * gets that sync's error.
 */
let proxySync: Loop | null = null;
/** The old workers of the latest reload have exited (those of earlier reloads before them). */
let drained: Promise<void> = Promise.resolve();

export async function syncProxy(options: { drained?: boolean } = {}): Promise<void> {
  proxySync ??= startLoop({ name: 'proxy', runAtStart: false, run: doSync, onError: () => undefined });
  await proxySync.next();
  if (options.drained !== false) await drained;
}

/** Regenerates everything from scratch at worker start (same code path; never trusts old files). */
export const ensureProxy = syncProxy;

export async function loadProxyApps(): Promise<ProxyApp[]> {
  const domain = config().BERTH_APPS_DOMAIN;
  const apps = await db.app.findMany({
    select: {
      name: true,
      desiredState: true,
      currentReleaseId: true,
      httpsRedirect: true,
      hsts: true,
      sleepingSince: true,
      routes: { select: { hostname: true } },
      instanceRows: {
        where: { status: { in: ['RUNNING', 'CRASHED'] }, processType: 'web', hostPort: { not: null } },
        select: {
          releaseId: true,
          status: true,
          hostPort: true,
          host: { select: { address: true, status: true, suspectSince: true } },
        },
        orderBy: [{ index: 'asc' }],
      },
    },
    orderBy: { name: 'asc' },
  });
  return apps.map((app) => {
    const serving = servingInstances(app.instanceRows, app.currentReleaseId);
    return {
    name: app.name,
    hostnames: [...new Set([`${app.name}.${domain}`, ...app.routes.map((r) => r.hostname.toLowerCase())])],
    httpsRedirect: app.httpsRedirect,
    hsts: app.hsts,
    sleeping: app.desiredState === 'STOPPED' && app.sleepingSince !== null,
    upstreams: app.desiredState === 'RUNNING' ? serving.map((i) => `${i.host.address}:${i.hostPort}`) : [],
    };
  });
}

async function doSync(): Promise<void> {
  const c = config();
  const files = nginxFiles();
  await mkdir(path.join(files.dir, 'tmp'), { recursive: true });
  const apps = await loadProxyApps();
  const edgeTls = await prepareEdgeTls(apps.flatMap((a) => a.hostnames), files.dir); // lib/tls: certificate files
  const text = renderNginxConfig({
    dir: files.dir,
    port: c.BERTH_PROXY_PORT,
    apps,
    user: process.getuid?.() === 0 ? 'nobody nogroup' : undefined,
    tls: edgeTls.tls,
    ui: edgeTls.ui,
    waker: `127.0.0.1:${c.BERTH_WAKER_PORT}`,
  });
  // Unchanged and running: no reload (each reload closes idle client keep-alive connections).
  const current = await readFile(files.conf, 'utf8').catch(() => null);
  if (current === text && (await masterPid(files)) !== null) return edgeTls.prune();
  // Test the candidate first: a bad config never replaces the one nginx is serving.
  const next = `${files.conf}.${process.pid}.next`; // per process: the web process syncs too (app delete)
  await writeFile(next, text, { mode: 0o644 });
  await testConfig(files, next);
  await rename(next, files.conf);
  const reload = await reloadOrStart(files);
  const earlier = drained;
  drained = Promise.all([earlier, reload.drained]).then(() => undefined);
  await edgeTls.prune();
}
