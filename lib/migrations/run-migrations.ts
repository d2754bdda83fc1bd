import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

/**
 * Applies prisma/migrations/<timestamp>_<name>/migration.sql in order, each in its own
 * transaction, recording them in `_prisma_migrations` exactly as Prisma does (sha256 checksum of
 * the file), so `prisma migrate deploy` stays compatible where its engine exists. A session-level
 * advisory lock makes concurrent runners wait for each other instead of racing.
 */
const LOCK_KEY = 72_707_369; // Prisma uses the same constant for its migrate lock.

export type MigrationResult = { applied: string[]; alreadyApplied: string[] };

type MigrationFile = { name: string; sql: string; checksum: string };

export async function listMigrations(dir: string): Promise<MigrationFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory() && /^\d{14}_[a-z0-9_]+$/i.test(e.name))
    .map((e) => e.name)
    .sort();
  return Promise.all(
    entries.map(async (name) => {
      const sql = await readFile(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

export async function runMigrations(options: {
  databaseUrl: string;
  dir: string;
  log?: (line: string) => void;
}): Promise<MigrationResult> {
  const log = options.log ?? (() => {});
  const files = await listMigrations(options.dir);
  const client = new pg.Client({ connectionString: options.databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query('SET lock_timeout = 0');
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(CREATE_TABLE);
      const { rows } = await client.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
        `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
      );
      const applied = new Map(rows.map((r) => [r.migration_name, r]));
      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(`Migration ${row.migration_name} started but never finished; fix the database by hand, then mark it rolled back`);
        }
      }
      const result: MigrationResult = { applied: [], alreadyApplied: [] };
      for (const file of files) {
        const done = applied.get(file.name);
        if (done) {
          if (done.checksum !== file.checksum) {
            throw new MigrationError(
              `Migration ${file.name} was edited after it was applied (checksum differs); add a new migration instead`,
            );
          }
          result.alreadyApplied.push(file.name);
          continue;
        }
        log(`applying ${file.name}`);
        await client.query('BEGIN');
        try {
          const id = randomUUID();
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ($1, $2, $3, now())`,
            [id, file.checksum, file.name],
          );
          await client.query(file.sql);
          await client.query(
            `UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`,
            [id],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new MigrationError(`Migration ${file.name} failed: ${(error as Error).message}`);
        }
        result.applied.push(file.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
