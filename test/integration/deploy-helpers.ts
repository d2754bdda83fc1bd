import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { config } from '../../lib/config';
import { db, type Prisma } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { createRelease } from '../../lib/releases/create-release';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { nginxFiles, stopNginx } from '../../lib/proxy/nginx';

const run = promisify(execFile);

/** A tiny nginx-based app image (test/integration/deploy-fixture), built once per machine. */
export const TEST_IMAGE = 'berth-test/deploy-app:1';

export async function buildTestImage(): Promise<void> {
  await run('docker', ['build', '-q', '-t', TEST_IMAGE, path.join(import.meta.dirname, 'deploy-fixture')], {
    timeout: 600_000,
  });
  await ensureLocalHost();
}

export const randomName = (prefix = 't') => `${prefix}${Math.random().toString(36).slice(2, 9)}`;

/** An app row with its route; `instances` = web instances (a formation row, as a scale writes it). */
export async function createTestApp(name = randomName(), data: Partial<Prisma.AppCreateInput> & { instances?: number } = {}) {
  const { instances, ...rest } = data;
  return db.app.create({
    data: {
      name,
      template: 'DOCKERFILE',
      ...rest,
      routes: { create: { hostname: `${name}.${config().BERTH_APPS_DOMAIN}` } },
      ...(instances !== undefined ? { formation: { create: { processType: 'web', quantity: instances } } } : {}),
    },
  });
}

/** Creates a release of the test image with `env` and runs its deployment in-process. */
export async function deployTestRelease(
  appId: string,
  env: Record<string, string>,
  opts: { healthcheck?: Prisma.InputJsonValue; processTypes?: Record<string, string> } = {},
) {
  const { release, deploymentId } = await createRelease({
    appId,
    buildId: null,
    imageTag: TEST_IMAGE,
    commitSha: 'abcdef1234567890',
    env: { plain: env },
    processTypes: opts.processTypes ?? {},
    healthcheck: opts.healthcheck ?? null,
    description: `Deploy test ${env.VERSION ?? ''}`,
  });
  await runDeployment(deploymentId);
  return {
    release: await db.release.findUniqueOrThrow({ where: { id: release.id } }),
    deployment: await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } }),
  };
}

/**
 * GET on loopback with a Host header (fetch cannot set Host, so node:http). Keep-alive agent so a
 * load loop reuses connections like a browser would — and like a browser (and curl), a GET sent
 * on a REUSED keep-alive connection that the server closed before answering (nginx closes idle
 * keep-alive connections when a graceful reload retires a worker) is retried once on a fresh
 * connection (RFC 9112 §9.3.1; Node's documented `req.reusedSocket` pattern). `retries` counts
 * them; a failure on a fresh connection is never retried.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
export const retryStats = { retries: 0 };
export function httpGet(port: number, host: string, pathname = '/', retry = true): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: pathname, headers: { Host: host }, agent, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (retry && req.reusedSocket && (error.code === 'ECONNRESET' || error.message === 'socket hang up')) {
        retryStats.retries++;
        httpGet(port, host, pathname, false).then(resolve, reject);
      } else reject(error);
    });
    req.end();
  });
}

/** GET through Berth's nginx on loopback with the app's Host header. */
export function viaProxy(name: string, pathname = '/'): Promise<{ status: number; body: string }> {
  return httpGet(config().BERTH_PROXY_PORT, `${name}.${config().BERTH_APPS_DOMAIN}`, pathname);
}

/**
 * Sequential GETs through nginx to `name` every `intervalMs` until stopped, bounded in count and
 * time: counts the answers that are not 200 (status or error) for "no request lost" checks.
 */
export function proxyLoad(name: string, opts: { intervalMs: number; maxRequests: number; maxMs?: number }) {
  let stop = false;
  const failures: string[] = [];
  let total = 0;
  const done = (async () => {
    const end = Date.now() + (opts.maxMs ?? 300_000);
    for (let i = 0; i < opts.maxRequests && !stop && Date.now() < end; i++) {
      total++;
      try {
        const res = await viaProxy(name);
        if (res.status !== 200) failures.push(`HTTP ${res.status}`);
      } catch (error) {
        failures.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, opts.intervalMs));
    }
  })();
  return {
    stop: async () => {
      stop = true;
      await done;
      return { failures, total };
    },
  };
}

export async function runningContainers(appName: string) {
  return localDocker().listContainers({
    filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`, `${LABEL.app}=${appName}`] },
  });
}

/** Removes every container of this test run's installation and stops its nginx. */
export async function cleanupInstallation(): Promise<void> {
  const docker = localDocker();
  const all = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`] },
  });
  await Promise.all(all.map((c) => docker.getContainer(c.Id).remove({ force: true }).catch(() => undefined)));
  await stopNginx(nginxFiles());
}
