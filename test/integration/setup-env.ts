import pg from 'pg';
import { inject } from 'vitest';
import { loadDotEnv } from '../../lib/load-dotenv';

/**
 * Runs before each integration test file. Every file gets its OWN database, cloned from the
 * run's migrated template (fast: no migrations), so no file sees rows another file left behind;
 * the per-run data directory, installation id, proxy port and port block are shared (files run
 * one after another). global-setup.ts drops every database of the run at the end.
 */
loadDotEnv();
const template = new URL(inject('databaseUrl'));
const templateName = template.pathname.slice(1);
const fileDb = `${templateName}_f${Math.random().toString(36).slice(2, 8)}`;
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL }); // the main database, from .env
await admin.connect();
try {
  await admin.query(`CREATE DATABASE "${fileDb}" TEMPLATE "${templateName}"`);
} finally {
  await admin.end();
}
template.pathname = `/${fileDb}`;
process.env.DATABASE_URL = template.toString();
process.env.BERTH_DATA_DIR = inject('dataDir');
process.env.BERTH_INSTALLATION = inject('installation');
process.env.BERTH_PROXY_PORT = String(inject('proxyPort'));
process.env.BERTH_PROXY_TLS_PORT = String(inject('proxyTlsPort'));
process.env.BERTH_PORT_RANGE = inject('portRange');
// Java builds compile in the image build, deterministically: the warm javac (started a few seconds
// after a Java build) is tested on its own (warm-javac.test.ts), which turns it on.
process.env.BERTH_JAVA_COMPILER_IDLE_MINUTES = '0';
