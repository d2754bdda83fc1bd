import { tierResources } from '../model/tiers';
import type { App, Instance, Release } from '../db';
import { reserveInstance, type ReserveInstanceInput } from '../scheduler/reserve';
import { containerName } from './container-name';
import type { Slot } from './desired-slots';

/** Reserves requests (and a port, for web) for one slot of a release (SCHEDULER's reserveInstance). */
export function placeInstance(
  app: App,
  release: Release,
  slot: Slot,
  avoidPorts: ReserveInstanceInput['avoidPorts'] = [],
): Promise<Instance> {
  return reserveInstance({
    appId: app.id,
    releaseId: release.id,
    processType: slot.processType,
    index: slot.index,
    containerName: containerName({ app: app.name, version: release.version, processType: slot.processType, index: slot.index }),
    resources: tierResources(slot.tier),
    needsPort: slot.processType === 'web',
    strategy: app.placement,
    constraints: hostConstraintsOf(app),
    avoidPorts,
  });
}

/** App.hostConstraints as label → value strings. */
export function hostConstraintsOf(app: Pick<App, 'hostConstraints'>): Record<string, string> {
  const value = app.hostConstraints;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
