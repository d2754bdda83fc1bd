import { config } from '../config';

/** Labels every Berth container and image carries; `berth.installation` scopes everything. */
export const LABEL = {
  installation: 'berth.installation',
  app: 'berth.app',
  appId: 'berth.app-id',
  release: 'berth.release',
  version: 'berth.version',
  instance: 'berth.instance',
  build: 'berth.build',
  commit: 'berth.commit',
  processType: 'berth.process',
  runtime: 'berth.runtime',
  runtimeHash: 'berth.runtime-hash',
  volume: 'berth.volume',
  /** A short-lived helper container in a host's network namespace (lib/docker/nettools-container.ts): what it does. */
  nettools: 'berth.nettools',
  /** The add-on id on an add-on's container and volume (lib/addons). */
  addon: 'berth.addon',
  /** On an app's warm compiler container (lib/builds/warm-javac): which compiler. */
  compiler: 'berth.compiler',
  /** On a network holder: the instance whose network namespace and port it keeps while the app sleeps (lib/deploys/held-network.ts). */
  holds: 'berth.holds',
} as const;

type LabelKey = Exclude<keyof typeof LABEL, 'installation'>;

/** The full label set for a container or image of this installation (installation label included). */
export function berthLabels(values: Partial<Record<LabelKey, string>>): Record<string, string> {
  const labels: Record<string, string> = { [LABEL.installation]: config().BERTH_INSTALLATION };
  for (const [key, value] of Object.entries(values)) if (value !== undefined) labels[LABEL[key as LabelKey]] = value;
  return labels;
}

/**
 * A Docker `label` filter for this installation's objects: `instancesOnly` keeps app instance
 * containers (not build step containers), `addonsOnly` add-on containers, `appId` one app's.
 */
export function installationLabelFilter(opts: { instancesOnly?: boolean; addonsOnly?: boolean; appId?: string } = {}): string[] {
  return [
    `${LABEL.installation}=${config().BERTH_INSTALLATION}`,
    ...(opts.instancesOnly ? [LABEL.instance] : []),
    ...(opts.addonsOnly ? [LABEL.addon] : []),
    ...(opts.appId ? [`${LABEL.appId}=${opts.appId}`] : []),
  ];
}
