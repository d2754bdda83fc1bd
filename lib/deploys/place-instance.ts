import { tierResources } from '../model/tiers';
import type { App, Instance, Release } from '../db';
import { reserveInstance, type ReserveInstanceInput } from '../scheduler/reserve';
import { containerName } from './container-name';
import type { Slot } from './desired-slots';

/** Reserves capacity and a port for one slot of a release (SCHEDULER's reserveInstance). */
export function placeInstance(
  app: App,
  release: Release,
  slot: Slot,
  avoidPorts: ReserveInstanceInput['avoidPorts'] = [],
): Promise<Instance> {
  const { cpu, memoryMb } = tierResources(app.tier);
  const constraints = normalise(app.hostConstraints);
  return reserveInstance({
    appId: app.id,
    releaseId: release.id,
    processType: slot.processType,
    index: slot.index,
    containerName: containerName({ app: app.name, version: release.version, ...slot }),
    cpu,
    memoryMb,
    strategy: app.placement,
    constraints,
    avoidPorts,
  });
}

function normalise(value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
