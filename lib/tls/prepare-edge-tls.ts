import { config } from '../config';
import { decryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import { namesCover } from './parse-pem';
import { ensureRealDir, isRegularFile, pruneDir, writeFileNoFollow } from './private-files';
import { tlsPaths } from './paths';
import type { EdgeTls, EdgeUi } from './edge-tls';
import { edgeUi } from './edge-ui';

/**
 * The TLS half of the edge config, derived from PostgreSQL like the rest: writes every usable
 * certificate (custom domains, and the apps-domain wildcard) to <nginx>/certs as
 * <id>-<fingerprint>.crt/.key (0600, never through a symlink) and maps each served hostname to
 * its files. File names change when a certificate changes, so the rendered config changes and
 * syncProxy reloads nginx. `prune()` removes files no longer referenced (call it after reload).
 */
export async function prepareEdgeTls(
  hostnames: string[],
  nginxDir?: string,
): Promise<{ tls: EdgeTls | undefined; ui: EdgeUi | undefined; prune: () => Promise<void> }> {
  const port = config().BERTH_PROXY_TLS_PORT;
  if (port === 0) return { tls: undefined, ui: undefined, prune: async () => undefined };
  const paths = tlsPaths(nginxDir);
  await ensureRealDir(paths.certs, 0o700);
  await ensureRealDir(paths.challenges, 0o755);

  const rows = await db.certificate.findMany({
    where: { certPem: { not: null }, keySealed: { not: null } },
    select: { id: true, source: true, hostname: true, certPem: true, keySealed: true, fingerprint: true, names: true, route: { select: { hostname: true } } },
  });
  const keep = new Set<string>();
  const files = new Map<string, { cert: string; key: string }>();
  for (const row of rows) {
    const base = `${row.id.replace(/[^a-z0-9]/gi, '')}-${(row.fingerprint ?? 'x').slice(0, 16)}`;
    const pair = { cert: `${paths.certs}/${base}.crt`, key: `${paths.certs}/${base}.key` };
    try {
      // Content-addressed names: an existing regular file already holds exactly this content.
      if (!(await isRegularFile(paths.certs, `${base}.crt`))) await writeFileNoFollow(paths.certs, `${base}.crt`, row.certPem!, 0o600);
      if (!(await isRegularFile(paths.certs, `${base}.key`))) await writeFileNoFollow(paths.certs, `${base}.key`, decryptSecret(row.keySealed!), 0o600);
    } catch (error) {
      console.error(`[tls] cannot write certificate ${row.id}: ${(error as Error).message}`);
      continue;
    }
    keep.add(`${base}.crt`).add(`${base}.key`);
    files.set(row.id, pair);
  }

  const servers: EdgeTls['servers'] = {};
  for (const row of rows) {
    const pair = files.get(row.id);
    const name = row.route?.hostname ?? row.hostname;
    if (pair && name) servers[name.toLowerCase()] = pair;
  }
  const wildcard = rows.find((r) => r.source === 'WILDCARD');
  const wildcardFiles = wildcard && files.get(wildcard.id);
  if (wildcard && wildcardFiles) {
    for (const hostname of hostnames) {
      if (!servers[hostname] && namesCover(wildcard.names, hostname)) servers[hostname] = wildcardFiles;
    }
  }
  return {
    tls: { port, challengeDir: paths.challenges, servers },
    ui: edgeUi() ?? undefined,
    prune: () => pruneDir(paths.certs, keep),
  };
}
