import type Docker from 'dockerode';
import { config } from '../config';
import { withTimeout } from './connect';
import { berthLabels, LABEL } from './labels';
import { statusCodeOf } from './containers';

/**
 * One Docker bridge network per app and host: an app's instances reach each other, and nothing of
 * another app (Docker isolates bridge networks from each other). Named by app id, labelled with the
 * installation and the app id. Created idempotently before an instance starts, removed with the app.
 */
export function appNetworkName(appId: string): string {
  return `berth-${config().BERTH_INSTALLATION}-app-${appId}`;
}

const TIMEOUT_MS = 30_000;

/**
 * Creates in flight, per engine and name: Docker does not refuse a second network of the same
 * name (CheckDuplicate is ignored by current engines), so two instances of a deploy starting at
 * once would create two, and the name would be ambiguous from then on.
 */
const creating = new Map<string, Promise<string>>();

/** Creates the app's network on this engine unless it exists; returns its name. */
export function ensureAppNetwork(docker: Docker, appId: string): Promise<string> {
  const name = appNetworkName(appId);
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  const key = `${modem.socketPath ?? `${modem.host}:${modem.port}`}|${name}`;
  const running = creating.get(key);
  if (running) return running;
  const done = createIfMissing(docker, name).finally(() => creating.delete(key));
  creating.set(key, done);
  return done;
}

async function createIfMissing(docker: Docker, name: string): Promise<string> {
  const appId = name.slice(appNetworkName('').length);
  const existing = await withTimeout(docker.getNetwork(name).inspect(), TIMEOUT_MS, `inspect network ${name}`).catch(
    (error: unknown) => (statusCodeOf(error) === 404 ? null : Promise.reject(error)),
  );
  if (existing) return name;
  await withTimeout(
    docker.createNetwork({
      Name: name,
      Driver: 'bridge',
      CheckDuplicate: true,
      Labels: berthLabels({ appId }),
      Options: { 'com.docker.network.bridge.enable_icc': 'true' },
    }),
    TIMEOUT_MS,
    `create network ${name}`,
  ).catch((error: unknown) => (statusCodeOf(error) === 409 ? undefined : Promise.reject(error))); // a racing create won
  return name;
}

/** Removes the app's network on this engine (no-op when missing). Its containers must be gone. */
export async function removeAppNetwork(docker: Docker, appId: string): Promise<void> {
  const name = appNetworkName(appId);
  await withTimeout(docker.getNetwork(name).remove(), TIMEOUT_MS, `remove network ${name}`).catch((error: unknown) =>
    statusCodeOf(error) === 404 ? undefined : Promise.reject(error),
  );
}

/** This installation's app networks on an engine, by app id (for tidying up after deleted apps). */
export async function listAppNetworks(docker: Docker): Promise<{ name: string; appId: string }[]> {
  const networks = await withTimeout(
    docker.listNetworks({ filters: { label: [`${LABEL.installation}=${config().BERTH_INSTALLATION}`, LABEL.appId] } }),
    TIMEOUT_MS,
    'list networks',
  );
  return networks.map((n) => ({ name: n.Name, appId: n.Labels?.[LABEL.appId] ?? '' })).filter((n) => n.appId);
}
