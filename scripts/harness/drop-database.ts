import pg from 'pg';

const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Drops test and bench databases through a connection to `connectionString`'s server.
 *
 * `WITH (FORCE)` ends other sessions, but for a role that is not superuser it refuses to end an
 * autovacuum worker (it has no role, so "must be a member of the role whose process is being
 * terminated"). A fresh database that just ran every migration often has one; it finishes within
 * moments, so that one error is retried for a bounded time.
 */
export async function dropDatabases(connectionString: string, names: readonly string[], deadlineMs = 15_000): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const name of names) await dropOne(client, name, Date.now() + deadlineMs);
  } finally {
    await client.end();
  }
}

async function dropOne(client: pg.Client, name: string, deadline: number): Promise<void> {
  for (;;) {
    try {
      await client.query(`DROP DATABASE IF EXISTS "${name.replaceAll('"', '""')}" WITH (FORCE)`);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== INSUFFICIENT_PRIVILEGE || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
