import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';
import { config } from '../config';
import { withTimeout } from './connect';
import { berthLabels, LABEL } from './labels';
import { statusCodeOf } from './containers';

/**
 * One Docker bridge network per app and host: an app's instances (and its one-off containers)
 * reach each other, and nothing of another app (Docker isolates bridge networks from each other)
 * nor the host's private services (the app firewall, ./app-firewall.ts). Named by app id,
 * labelled with the installation and the app id. Created idempotently before an instance starts,
 * removed with the app. Containers get their network through lib/firewall's
 * ensureAppNetworkOnHost, which installs that host's firewall first.
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
let serial: Promise<unknown> = Promise.resolve();

/**
 * Creates the app's network on this engine unless it exists; returns its name. Does not touch the
 * firewall: for a container, use ensureAppNetworkOnHost (lib/firewall/app-network.ts).
 */
export function ensureAppNetwork(docker: Docker, appId: string): Promise<string> {
  const name = appNetworkName(appId);
  const modem = docker.modem as { socketPath?: string; host?: string; port?: number | string };
  const key = `${modem.socketPath ?? `${modem.host}:${modem.port}`}|${name}`;
  const running = creating.get(key);
  if (running) return running;
  // One creation at a time in this process, across engines too: engines on one machine share its
  // routing table, so two of them choosing a subnet at once could both pick the same free one.
  const done = serial
    .then(() => createIfMissing(docker, name))
    .finally(() => creating.delete(key));
  serial = done.catch(() => undefined);
  creating.set(key, done);
  return done;
}

async function createIfMissing(docker: Docker, name: string): Promise<string> {
  const appId = name.slice(appNetworkName('').length);
  const existing = await withTimeout(docker.getNetwork(name).inspect(), TIMEOUT_MS, `inspect network ${name}`).catch(
    (error: unknown) => (statusCodeOf(error) === 404 ? null : Promise.reject(error)),
  );
  if (existing) return name;
  // Docker's default address pools hold ~30 networks: app networks get small subnets from Berth's
  // own pool instead, one that no network or route on this engine overlaps. Another installation
  // may take the same one at the same moment: then the next free one is tried.
  // A subnet the engine refused stays refused for this call even when no listed network or route
  // shows why (a pool still held by a network being removed): the next try takes another one.
  const refused: Array<[number, number]> = [];
  for (let attempt = 0; attempt < 8; attempt++) {
    // One of the first free subnets at random, not always the first: several creators at once
    // would otherwise all pick the same one and all but one lose each round.
    const subnet = freeSubnet([...(await usedSubnets(docker)), ...refused], undefined, Math.floor(Math.random() * SPREAD));
    if (!subnet) throw new Error(`no free /${APP_SUBNET_BITS} left in BERTH_APP_NETWORK_POOL ${config().BERTH_APP_NETWORK_POOL}`);
    const created = await withTimeout(
      docker.createNetwork({
        Name: name,
        Driver: 'bridge',
        CheckDuplicate: true,
        Labels: berthLabels({ appId }),
        IPAM: { Driver: 'default', Config: [{ Subnet: subnet }] },
        Options: { 'com.docker.network.bridge.enable_icc': 'true' },
      }),
      TIMEOUT_MS,
      `create network ${name}`,
    ).then(
      () => true,
      (error: unknown) => {
        if (statusCodeOf(error) === 409) return true; // a racing create of this name won
        if (/overlap/i.test(String((error as Error).message))) {
          refused.push(cidrRange(subnet));
          return false;
        }
        throw error;
      },
    );
    if (created) return name;
  }
  throw new Error(`could not create network ${name}: every subnet tried was taken meanwhile`);
}

/** Size of an app network: /26 = 62 addresses, plenty for an app's instances. */
const APP_SUBNET_BITS = 26;

/**
 * Subnets the engine already uses, plus the routes of the machine Berth runs on: engines on this
 * machine (the local one, and test engines) share its routing table, so their bridges must not
 * overlap each other's; for a remote engine avoiding them costs nothing.
 */
async function usedSubnets(docker: Docker): Promise<Array<[number, number]>> {
  const networks = await withTimeout(docker.listNetworks(), TIMEOUT_MS, 'list networks');
  const ranges: Array<[number, number]> = await localRoutes();
  for (const n of networks) for (const c of n.IPAM?.Config ?? []) if (c.Subnet && !c.Subnet.includes(':')) ranges.push(cidrRange(c.Subnet));
  return ranges;
}

/** IPv4 routes of this machine from /proc/net/route (little-endian hex destination and mask). */
async function localRoutes(): Promise<Array<[number, number]>> {
  const text = await readFile('/proc/net/route', 'utf8').catch(() => '');
  const ranges: Array<[number, number]> = [];
  for (const line of text.split('\n').slice(1)) {
    const [, dest, , , , , , mask] = line.trim().split(/\s+/);
    if (!dest || !mask || mask === '00000000') continue; // skip the default route
    const le = (hex: string) => Buffer.from(hex, 'hex').readUInt32LE(0);
    const start = le(dest);
    ranges.push([start, start + (~le(mask) >>> 0)]);
  }
  return ranges;
}

/**
 * A /26 of the pool that overlaps none of `used` (pure): the `pick`-th free one counted from the
 * first, or the last free one when fewer are free.
 */
export function freeSubnet(used: Array<[number, number]>, pool = config().BERTH_APP_NETWORK_POOL, pick = 0): string | null {
  const [start, end] = cidrRange(pool);
  const size = 2 ** (32 - APP_SUBNET_BITS);
  let found: string | null = null;
  let seen = 0;
  for (let at = start; at + size - 1 <= end; at += size) {
    if (used.some(([a, b]) => at <= b && a <= at + size - 1)) continue;
    found = `${toIp(at)}/${APP_SUBNET_BITS}`;
    if (seen++ === pick) break;
  }
  return found;
}

/** Creators racing for the pool (test files, installations on one engine) spread over this many. */
const SPREAD = 16;

function cidrRange(cidr: string): [number, number] {
  const [ip, bits] = cidr.split('/');
  const base = ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
  const size = 2 ** (32 - Number(bits));
  const start = base - (base % size);
  return [start, start + size - 1];
}

const toIp = (n: number) => [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');

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
