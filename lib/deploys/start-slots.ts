import { db, type App, type Instance, type Release } from '../db';
import { describeError, isAppError } from '../errors';
import { DeployFailure } from './deploy-failure';
import type { Slot } from './desired-slots';
import { discardInstance, startInstance, stopInstance } from './instance-container';
import { syncProxy } from '../proxy/sync-proxy';
import { placeInstance } from './place-instance';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/**
 * Places and starts several instances of a release in parallel until all are healthy. If any
 * fails, every instance this call created is removed and its reservation freed (they never got
 * traffic), and the first reason is thrown.
 */
export async function startSlots(app: App, release: Release, slots: Slot[], signal?: AbortSignal): Promise<Instance[]> {
  const placed: Instance[] = [];
  const results = await Promise.allSettled(
    slots.map(async (slot) => {
      const avoidPorts: { hostId: string; port: number }[] = [];
      for (let attempt = 1; ; attempt++) {
        const instance = await placeInstance(app, release, slot, avoidPorts).catch((error: unknown) => {
          // The scheduler's refusal already says how much is left to request where: kept as is,
          // marked as a placement failure (the UI links it to Hosts).
          if (isAppError(error) && error.code === 'CONFLICT') throw new DeployFailure('placement', { reason: error.message, detail: null });
          throw error;
        });
        placed.push(instance);
        const host = await db.host.findUniqueOrThrow({ where: { id: instance.hostId } });
        try {
          return await startInstance(instance, { app, release, host }, signal);
        } catch (error) {
          if (attempt >= PORT_ATTEMPTS || instance.hostPort === null || !isPortTaken(error)) throw error;
          // Something outside Berth holds this port on the host: free the slot, take another port.
          await discardInstance(instance, host);
          placed.splice(placed.indexOf(instance), 1);
          avoidPorts.push({ hostId: host.id, port: instance.hostPort });
          console.warn(`[deploys] port ${instance.hostPort} on ${host.name} is taken outside Berth; placing again`);
        }
      }
    }),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (!failed) return results.map((r) => (r as PromiseFulfilledResult<Instance>).value);
  await Promise.all(
    placed.map(async (instance) => {
      const host = await db.host.findUnique({ where: { id: instance.hostId } });
      if (host) await discardInstance(instance, host);
    }),
  );
  // The first failure as thrown: a DeployFailure keeps its step and words for the release.
  throw failed.reason instanceof Error ? failed.reason : new Error(describeError(failed.reason));
}

const PORT_ATTEMPTS = 3;

/** Docker's answer when the published host port is already bound by another process or engine. */
export function isPortTaken(error: unknown): boolean {
  return /port is already allocated|address already in use/i.test(describeError(error));
}

/**
 * Takes instances out of the proxy first (STOPPING), then stops them gracefully. Those `keep`
 * says yes to stay as stopped containers (a sleeping app's: lib/deploys/kept-containers.ts).
 */
export async function retireInstances(instances: Instance[], graceSeconds = 10, keep: (i: Instance) => boolean = () => false): Promise<void> {
  if (instances.length === 0) return;
  await db.instance.updateMany({
    where: { id: { in: instances.map((i) => i.id) }, status: { in: [...WANTED_INSTANCE_STATUSES] } },
    data: { status: 'STOPPING' },
  });
  await syncProxy(); // resolves after nginx's old workers drained
  await Promise.all(
    instances.map(async (instance) => {
      const host = await db.host.findUnique({ where: { id: instance.hostId } });
      if (host) await stopInstance(instance, host, graceSeconds, keep(instance));
      else await db.instance.update({ where: { id: instance.id }, data: { status: 'STOPPED', stoppedAt: new Date() } });
    }),
  );
}
