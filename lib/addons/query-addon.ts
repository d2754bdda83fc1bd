import { z } from 'zod';
import { requireAdmin, type Actor } from '../auth/actor';
import { conflict } from '../errors';
import { execInAddon } from './addon-container';
import { openCredentials } from './credentials';
import { apiType } from './env-keys';
import { findAddonForActor } from './find-addon';

export const ZAddonQuery = z.object({ query: z.string().min(1).max(100_000) }).strict();

/**
 * POST …/addons/<id>/query {query} (admins): runs one SQL statement (psql / mariadb) or one Redis
 * command (split on spaces) inside the add-on's container and returns its text output. The query
 * is one argv element, never a shell string.
 */
export async function queryAddon(actor: Actor, name: string, id: string, query: string): Promise<{ exitCode: number; output: string }> {
  requireAdmin(actor, 'Only admins can query add-ons');
  const addon = await findAddonForActor(actor, name, id);
  if (addon.status !== 'AVAILABLE' || !addon.host) throw conflict(`The add-on is ${addon.status.toLowerCase()}`);
  const c = openCredentials(addon.credentials);
  const run = (argv: string[], env: string[] = []) => execInAddon({ ...addon, host: addon.host! }, argv, { timeoutMs: 60_000, env });
  const r = await (() => {
    switch (apiType(addon.type)) {
      case 'postgres':
        return run(['psql', '-X', '-v', 'ON_ERROR_STOP=1', '-U', c.user, '-d', c.database, '-c', query]);
      case 'mysql':
        return run(['mariadb', '-u', c.user, `--database=${c.database}`, '--table', `--execute=${query}`], [`MYSQL_PWD=${c.password}`]);
      case 'redis':
        return run(['redis-cli', ...query.trim().split(/\s+/)], [`REDISCLI_AUTH=${c.password}`]);
    }
  })();
  return { exitCode: r.exitCode, output: (r.stdout + r.stderr).slice(0, 256 * 1024) };
}
