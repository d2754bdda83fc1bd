import { inject } from 'vitest';
import { loadDotEnv } from './load-dotenv';

// Every integration test file talks to the per-run database and a per-run data directory.
loadDotEnv();
process.env.DATABASE_URL = inject('databaseUrl');
process.env.BERTH_DATA_DIR = inject('dataDir');
process.env.BERTH_INSTALLATION = inject('installation');
process.env.BERTH_PROXY_PORT = String(inject('proxyPort'));
process.env.BERTH_PORT_RANGE = inject('portRange');
