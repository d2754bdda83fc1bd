import type { Addon, App, Host } from '../db';
import { createContainer, inspectContainer, startContainer } from '../docker/containers';
import { execInContainer, type ExecResult } from '../docker/container-exec';
import { ensureNamedVolume } from '../docker/addon-volumes';
import { dockerForHost, streamDocker } from '../docker/host-client';
import { ensureAppNetworkOnHost } from '../firewall/app-network';
import { ensureHostFirewall } from '../firewall/ensure-host-firewall';
import { ensureImageOnHost } from '../registry/ensure-image-on-host';
import { addonContainerSpec } from './addon-container-spec';
import { ensureAddonImage } from './addon-images';
import { ADDON_KINDS } from './catalogue';
import { openCredentials } from './credentials';
import { apiType } from './env-keys';

export type PlacedAddon = Addon & { app: Pick<App, 'id' | 'name'>; host: Host };

/**
 * Makes the add-on's container exist and run on its host, with its named volume (idempotent: a
 * retried job or the repair loop finds what is there and only does what is missing). Returns
 * the container id.
 */
export async function ensureAddonContainer(addon: PlacedAddon): Promise<string> {
  const type = apiType(addon.type);
  const docker = dockerForHost(addon.host);
  let info = await inspectContainer(docker, addon.containerName, 30_000);
  if (!info) {
    await ensureAddonImage(type);
    await ensureImageOnHost(`${ADDON_KINDS[type].image}:latest`, addon.host);
    const network = await ensureAppNetworkOnHost(addon.host, addon.appId);
    await ensureNamedVolume(docker, addon.volumeName, { appId: addon.appId, addonId: addon.id });
    info = await createContainer(
      docker,
      addonContainerSpec({
        addonId: addon.id,
        type,
        app: addon.app.name,
        appId: addon.appId,
        containerName: addon.containerName,
        volumeName: addon.volumeName,
        network,
        credentials: openCredentials(addon.credentials),
        cpuRequest: addon.cpuRequest,
        cpuLimit: addon.cpuLimit,
        memoryRequestMb: addon.memoryRequestMb,
        memoryLimitMb: addon.memoryLimitMb,
      }),
    );
  }
  if (!info.State.Running) {
    await ensureHostFirewall(addon.host); // fail closed for a container made earlier too (checked once a minute)
    await startContainer(docker, info.Id);
  }
  return info.Id;
}

/** Runs argv in the add-on's container (credentials from its own env), bounded by `timeoutMs`. */
export function execInAddon(
  addon: Pick<Addon, 'containerName'> & { host: Host },
  argv: string[],
  opts: { timeoutMs: number; env?: string[]; stdout?: NodeJS.WritableStream },
): Promise<ExecResult> {
  return execInContainer(streamDocker(addon.host), addon.containerName, argv, opts as Parameters<typeof execInContainer>[3]);
}

/** argv of a readiness probe per type: exits 0 once the server accepts connections. */
export function readinessProbe(addon: Addon): { argv: string[]; env: string[] } {
  const c = openCredentials(addon.credentials);
  switch (apiType(addon.type)) {
    case 'postgres':
      return { argv: ['pg_isready', '-q', '-h', '127.0.0.1', '-U', c.user, '-d', c.database], env: [] };
    case 'mysql':
      return { argv: ['mariadb-admin', '--protocol=tcp', '-h', '127.0.0.1', '-u', c.user, 'ping'], env: [`MYSQL_PWD=${c.password}`] };
    case 'redis':
      return { argv: ['redis-cli', 'ping'], env: [`REDISCLI_AUTH=${c.password}`] };
  }
}

/** Waits (bounded) until the server accepts connections on its network address. */
export async function waitAddonReady(addon: PlacedAddon, deadlineMs = 120_000): Promise<void> {
  const probe = readinessProbe(addon);
  const until = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < until) {
    const r = await execInAddon(addon, probe.argv, { timeoutMs: 10_000, env: probe.env }).catch((e: Error) => ({
      exitCode: -1,
      stdout: '',
      stderr: e.message,
    }));
    if (r.exitCode === 0 && (apiType(addon.type) !== 'redis' || r.stdout.includes('PONG'))) return;
    last = (r.stderr || r.stdout).trim();
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${ADDON_KINDS[apiType(addon.type)].label} did not accept connections within ${deadlineMs / 1000} s${last ? `: ${last}` : ''}`);
}
