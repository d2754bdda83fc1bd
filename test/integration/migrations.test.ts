import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../lib/migrations/run-migrations';
import { dropDatabases } from '../../scripts/harness/drop-database';

const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = `berth_mig_${Math.random().toString(36).slice(2, 9)}`;
  created.push(name);
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  await dropDatabases(process.env.DATABASE_URL!, created);
});

describe('migration runner', () => {
  const realDir = path.resolve(import.meta.dirname, '../../prisma/migrations');

  it('two concurrent runs apply each migration exactly once', async () => {
    const url = await freshDatabase();
    const [a, b] = await Promise.all([
      runMigrations({ databaseUrl: url, dir: realDir }),
      runMigrations({ databaseUrl: url, dir: realDir }),
    ]);
    expect(a.applied.length + b.applied.length).toBeGreaterThan(0);
    const applied = [...a.applied, ...b.applied];
    expect(new Set(applied).size).toBe(applied.length); // never twice
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations"');
    await client.end();
    expect(rows.every((r) => r.finished_at && r.checksum.length === 64)).toBe(true);
  });

  it('refuses to start when an applied file was edited', async () => {
    const url = await freshDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-mig-'));
    await mkdir(path.join(dir, '20260101000000_one'));
    await writeFile(path.join(dir, '20260101000000_one', 'migration.sql'), 'CREATE TABLE t (id int);');
    await runMigrations({ databaseUrl: url, dir });
    await writeFile(path.join(dir, '20260101000000_one', 'migration.sql'), 'CREATE TABLE t (id bigint);');
    await expect(runMigrations({ databaseUrl: url, dir })).rejects.toThrow(/edited after it was applied/);
  });

  it('rolls back a failing migration and records nothing', async () => {
    const url = await freshDatabase();
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-mig-'));
    await mkdir(path.join(dir, '20260101000000_bad'));
    await writeFile(path.join(dir, '20260101000000_bad', 'migration.sql'), 'CREATE TABLE ok (id int); SELECT nope;');
    await expect(runMigrations({ databaseUrl: url, dir })).rejects.toThrow(/failed/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('ok') AS t, (SELECT count(*) FROM "_prisma_migrations")::int AS n`);
    await client.end();
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });
});
