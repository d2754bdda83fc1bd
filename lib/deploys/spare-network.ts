import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { db, type Instance } from '../db';
import { describeError } from '../errors';
import { createContainer, inspectContainer, removeContainer, renameContainer, startContainer, type ContainerDetails } from '../docker/containers';
import { dockerForHost } from '../docker/host-client';
import { LABEL } from '../docker/labels';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { reserveSparePort } from '../scheduler/reserve';
import { CONTAINER_PORT } from './container-name';
import { holderNameOf, holderSpec } from './held-network';

type Docker = ReturnType<typeof dockerForHost>;

/**
 * A push's new web instance starts in a network made while its build ran. A container start that
 * makes a network namespace with a published port costs ~0.55–0.9 s of this engine's time; one
 * that joins a running container's namespace ~0.2 s (docs/benchmarks.md, "Where a container start
 * goes"). So when a build that will deploy starts for an app that is live, a *spare* holder
 * (held-network.ts: `sleep` in a tight cage, on the app's network, publishing a port) is made on
 * the host of the app's web instance, its port held in `SpareNetwork` like an instance's, under the
 * id the next instance will get:
 *
 * - placement (lib/scheduler/reserve.ts) prefers the spare's host and gives the next web instance
 *   placed there the spare's port and id, deleting the row in the same transaction;
 * - that instance's container (ensure-instance-container.ts) takes the holder — renamed to
 *   `<container>-net`, so from then on it is that instance's holder as a sleeping app's is — and
 *   joins it; the instance stays joined while it lives, and `removeWithHolder` removes both;
 * - a spare nobody took (the build failed, the app went to sleep) is removed by the reconciler
 *   after SPARE_TTL_MS, and one whose row is gone after the stray grace period.
 * At most one spare per app. Everything here is best effort: without a spare, the instance is
 * created as before.
 */
export const SPARE_TTL_MS = 10 * 60_000;

const SPARE_SUFFIX = '-spare';

/** The spare's container name (one per app; not `…-net`, which the reconciler reads as an instance's holder). */
export const spareNameOf = (appName: string) => `berth-${config().BERTH_INSTALLATION}-${appName}${SPARE_SUFFIX}`;

/** Makes the app's spare network, unless it has one or no web instance of its live release runs. */
export async function prepareSpareNetwork(appId: string): Promise<void> {
  const app = await db.app.findUnique({ where: { id: appId }, include: { currentRelease: true, spareNetwork: true } });
  if (!app?.currentRelease || app.desiredState !== 'RUNNING' || app.spareNetwork) return;
  const web = await db.instance.findFirst({
    where: { appId, releaseId: app.currentRelease.id, processType: 'web', status: 'RUNNING', hostPort: { not: null } },
    include: { host: true },
    orderBy: { index: 'asc' },
  });
  if (!web || web.host.status !== 'READY') return;
  const id = randomUUID();
  const reserved = await reserveSparePort({ id, appId, hostId: web.hostId }).catch(() => null);
  if (!reserved) return;
  const docker = dockerForHost(web.host);
  const name = spareNameOf(app.name);
  try {
    await removeContainer(docker, name, { missingOk: true }); // an earlier one whose row is gone
    const network = await ensureAppNetworkOnHost(web.host, appId);
    const spec = holderSpec({
      containerName: '',
      image: app.currentRelease.imageTag,
      appId,
      instanceId: id,
      network,
      hostAddress: web.host.address,
      hostPort: reserved.hostPort,
    });
    const made = await createContainer(docker, { ...spec, name });
    await startContainer(docker, made.Id);
    // Only now may placement hand it out: a deploy that came first places as usual.
    await db.spareNetwork.updateMany({ where: { id }, data: { ready: true } });
  } catch (error) {
    console.warn(`[deploys] could not make a spare network for ${app.name}: ${describeError(error)}`);
    await removeContainer(docker, name, { missingOk: true }).catch(() => undefined);
    await db.spareNetwork.deleteMany({ where: { id } });
  }
}

/**
 * A deploy about to place web instances waits up to `timeoutMs` for a spare that is still being
 * made (its build was quicker than the engine): making one more network meanwhile would only
 * compete with it for the engine. Returns at once when the app has no spare, or a ready one.
 */
export async function awaitSpare(appId: string, timeoutMs = SPARE_WAIT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const spare = await db.spareNetwork.findUnique({ where: { appId }, select: { ready: true, createdAt: true } });
    // One that was never finished (its worker died) is not waited for; the TTL sweep removes it.
    const making = spare && !spare.ready && Date.now() - spare.createdAt.getTime() < 30_000;
    if (!making || Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const SPARE_WAIT_MS = 3_000;

/** Whether `holder` is the running spare made for `instance`, publishing exactly its host port. */
export function spareServes(holder: ContainerDetails | null, want: { instanceId: string; hostAddress: string; hostPort: number }): boolean {
  if (!holder?.State.Running || holder.Config.Labels?.[LABEL.holds] !== want.instanceId) return false;
  const bound = holder.HostConfig.PortBindings?.[`${CONTAINER_PORT}/tcp`]?.[0];
  return bound?.HostIp === want.hostAddress && bound?.HostPort === String(want.hostPort);
}

/**
 * Gives a freshly placed web instance the spare it was placed on: the holder renamed to the
 * instance's holder name. True when the instance can be created joined to it. A spare that is
 * not this instance's, or not serving, is removed when it was made for this instance (it would
 * hold the port the instance now publishes itself).
 */
export async function takeSpare(docker: Docker, instance: Instance, ctx: { appName: string; hostAddress: string }): Promise<boolean> {
  if (instance.processType !== 'web' || instance.hostPort === null) return false;
  const name = spareNameOf(ctx.appName);
  const holder = await inspectContainer(docker, name);
  if (!holder || holder.Config.Labels?.[LABEL.holds] !== instance.id) return false;
  if (spareServes(holder, { instanceId: instance.id, hostAddress: ctx.hostAddress, hostPort: instance.hostPort })) {
    try {
      await removeContainer(docker, holderNameOf(instance.containerName), { missingOk: true }); // a failed earlier try's
      await renameContainer(docker, holder.Id, holderNameOf(instance.containerName));
      return true;
    } catch (error) {
      console.warn(`[deploys] could not take the spare network of ${ctx.appName}: ${describeError(error)}`);
    }
  }
  await removeContainer(docker, holder.Id, { missingOk: true });
  return false;
}

/**
 * The reconciler's part: spares past SPARE_TTL_MS go (row and container), and a spare container
 * whose row is gone and that no instance took (still named as a spare) goes once older than
 * `graceMs`. Returns the names removed.
 */
export async function sweepSpares(opts: { now: number; graceMs: number }): Promise<string[]> {
  const removed: string[] = [];
  const stale = await db.spareNetwork.findMany({
    where: { createdAt: { lt: new Date(opts.now - SPARE_TTL_MS) } },
    include: { app: { select: { name: true } }, host: true },
  });
  for (const spare of stale) {
    const name = spareNameOf(spare.app.name);
    try {
      const holder = await inspectContainer(dockerForHost(spare.host), name);
      if (holder && holder.Config.Labels?.[LABEL.holds] === spare.id) await removeContainer(dockerForHost(spare.host), holder.Id, { missingOk: true });
      await db.spareNetwork.deleteMany({ where: { id: spare.id } });
      removed.push(name);
    } catch (error) {
      console.warn(`[deploys] could not remove the spare network ${name}: ${describeError(error)}`);
    }
  }
  return removed;
}

/** The id a spare container was made for, when `info` is one (by name and label). */
export function spareIdOf(info: { Labels?: Record<string, string>; Names: string[] }): string | null {
  const holds = info.Labels?.[LABEL.holds];
  const name = info.Names[0]?.replace(/^\//, '') ?? '';
  return holds && name.endsWith(SPARE_SUFFIX) ? holds : null;
}

/**
 * Of these spare ids, those neither recorded as a spare nor taken by an instance (placement
 * deletes the row and inserts the instance under the same id at once, before the holder is
 * renamed: such a spare is about to be taken, not an orphan).
 */
export async function unclaimedSpareIds(ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const [spares, instances] = await Promise.all([
    db.spareNetwork.findMany({ where: { id: { in: ids } }, select: { id: true } }),
    db.instance.findMany({ where: { id: { in: ids } }, select: { id: true } }),
  ]);
  const claimed = new Set([...spares, ...instances].map((r) => r.id));
  return new Set(ids.filter((id) => !claimed.has(id)));
}
