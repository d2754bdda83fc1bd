// `npm run db:migrate`: apply pending SQL migrations (see lib/migrations/run-migrations.ts).
import path from 'node:path';
import { loadConfigOrExit } from '../lib/config';
import { MigrationError, runMigrations } from '../lib/migrations/run-migrations';

const config = loadConfigOrExit();
try {
  const result = await runMigrations({
    databaseUrl: config.DATABASE_URL,
    dir: path.resolve(import.meta.dirname, '../prisma/migrations'),
    log: (line) => console.log(`[migrate] ${line}`),
  });
  console.log(`[migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
} catch (error) {
  if (error instanceof MigrationError) {
    console.error(`[migrate] ${error.message}`);
    process.exit(1);
  }
  throw error;
}
