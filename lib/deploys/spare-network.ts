import { randomUUID } from 'node:crypto';
import { config } from '../config';
import { db, type Instance } from '../db';
import { describeError } from '../errors';
import { createContainer, inspectContainer, removeContainer, renameContainer, startContainer, type ContainerDetails } from '../docker/containers';
import { dockerForHost } from '../docker/host-client';
import { LABEL } from '../docker/labels';
import { appNetworkName } from '../docker/networks';
import { reserveSparePort } from '../scheduler/reserve';
import { holderNameOf, holderSpec, poolHolderNameOf, publishes } from './held-network';

type Docker = ReturnType<typeof dockerForHost>;

/**
 * A push's new web instance starts in a network made before the push. A container start that
 * makes a network namespace with a published port costs ~0.55–0.9 s of this engine's time; one
 * that joins a running container's namespace ~0.2 s (docs/benchmarks.md, "Where a container start
 * goes"). So once a release is live (lib/deploys/run-deployment.ts, after its Deployment row
 * finished), a *spare* holder (held-network.ts: `sleep` in a tight cage, on the app's network,
 * publishing a port) is made on the host of the app's web instance, its port held in
 * `SpareNetwork` like an instance's, under the id the next instance will get. Made then, not while
 * the next push builds: on two cores the engine's work for it slowed that build by as much as it
 * saved (measured: PHP push-to-live 3.4–4.0 s against 2.4–2.6 s).
 *
 * - placement (lib/scheduler/reserve.ts) gives the next web instance it places on the spare's host
 *   (by its own ranking: a spare never pulls instances together) the spare's port and id, deleting
 *   the row in the same transaction;
 * - that instance's container (ensure-instance-container.ts) takes the holder — renamed to
 *   `<container>-net`, so from then on it is that instance's holder as a sleeping app's is — and
 *   joins it; the instance stays joined while it lives, and `removeWithHolder` removes both;
 * - an app that goes to sleep or is stopped loses its spare (converge.ts); the reconciler removes
 *   spares of apps not running, spares never finished, and spare containers whose row is gone.
 * One spare per app, so an awake app costs one more idle container (~2.6 MB). Everything here is
 * best effort: without a spare, the instance is created as before.
 */
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
    // The network exists while the app's instance runs in it; never made here (an app being
    // deleted meanwhile would get it back).
    const network = appNetworkName(appId);
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
    // Deleted or stopped meanwhile (teardown sets STOPPED before it removes the app's containers
    // by label, so one made after that is caught here): not wanted.
    const still = await db.app.findUnique({ where: { id: appId }, select: { desiredState: true } });
    if (still?.desiredState !== 'RUNNING') throw new Error('the app is no longer running');
    // Only now may placement hand it out: a deploy that came first places as usual.
    await db.spareNetwork.updateMany({ where: { id }, data: { ready: true } });
  } catch (error) {
    console.warn(`[deploys] could not make a spare network for ${app.name}: ${describeError(error)}`);
    await removeContainer(docker, name, { missingOk: true }).catch(() => undefined);
    await db.spareNetwork.deleteMany({ where: { id } });
  }
}

/** Whether `holder` is the running spare made for `instance`, publishing exactly its host port. */
export function spareServes(holder: ContainerDetails | null, want: { instanceId: string; hostAddress: string; hostPort: number }): boolean {
  return !!holder?.State.Running && holder.Config.Labels?.[LABEL.holds] === want.instanceId && publishes(holder, want);
}

/**
 * Gives a freshly placed web instance the spare it was placed on: the holder renamed to the
 * instance's holder name. True when the instance can be created joined to it. A spare that is
 * not this instance's, or not serving, is removed when it was made for this instance (it would
 * hold the port the instance now publishes itself).
 */
export async function takeSpare(docker: Docker, instance: Instance, ctx: { appName: string; hostAddress: string }): Promise<boolean> {
  if (instance.processType !== 'web' || instance.hostPort === null) return false;
  const holder = await findSpareHolder(docker, { id: instance.appId, name: ctx.appName });
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

/** Removes the app's spare, if it has one (row and container). */
export async function removeSpare(appId: string): Promise<void> {
  const spare = await db.spareNetwork.findUnique({ where: { appId }, include: { app: { select: { id: true, name: true } }, host: true } });
  if (spare) await dropSpare(spare);
}

/**
 * The app's spare holder: under its spare name, or — a new app's first, taken from the pool
 * (network-pool.ts) — still under its pool name.
 */
async function findSpareHolder(docker: Docker, app: { id: string; name: string }): Promise<ContainerDetails | null> {
  return (await inspectContainer(docker, spareNameOf(app.name))) ?? (await inspectContainer(docker, poolHolderNameOf(app.id)));
}

async function dropSpare(spare: { id: string; app: { id: string; name: string }; host: Parameters<typeof dockerForHost>[0] }): Promise<void> {
  const docker = dockerForHost(spare.host);
  const holder = await findSpareHolder(docker, spare.app);
  if (holder && holder.Config.Labels?.[LABEL.holds] === spare.id) await removeContainer(docker, holder.Id, { missingOk: true });
  await db.spareNetwork.deleteMany({ where: { id: spare.id } });
}

/** A spare not ready this long after it was recorded was never finished (its worker died). */
const UNFINISHED_MS = 60_000;

/**
 * The reconciler's part: spares of apps that are not running (asleep, stopped), spares never
 * finished and spares on hosts that are not ready go, row and container. Returns the names removed.
 */
export async function sweepSpares(opts: { now: number }): Promise<string[]> {
  const removed: string[] = [];
  const stale = await db.spareNetwork.findMany({
    where: {
      OR: [
        { app: { desiredState: { not: 'RUNNING' } } },
        { ready: false, createdAt: { lt: new Date(opts.now - UNFINISHED_MS) } },
        { host: { status: { not: 'READY' } } },
      ],
    },
    include: { app: { select: { id: true, name: true } }, host: true },
  });
  for (const spare of stale) {
    try {
      // A host that is not ready may not answer: its row goes; its container, once the host is
      // back, is an orphan (no row, no instance) for the pass that sees it.
      if (spare.host.status !== 'READY') await db.spareNetwork.deleteMany({ where: { id: spare.id } });
      else await dropSpare(spare);
      removed.push(spareNameOf(spare.app.name));
    } catch (error) {
      console.warn(`[deploys] could not remove the spare network of ${spare.app.name}: ${describeError(error)}`);
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
