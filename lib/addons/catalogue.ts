import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The add-on catalogue (pure data): what each type runs, where it keeps its data, which env var
 * it sets and the resources it asks the scheduler for. Images are built locally from Debian
 * packages (lib/addons/images/<type>/), like the runtime images.
 */
export const ADDON_TYPES = ['postgres', 'mysql', 'redis'] as const;
export type AddonType = (typeof ADDON_TYPES)[number];

export type AddonKind = {
  type: AddonType;
  label: string;
  version: string;
  image: string;
  port: number;
  /** Where the named volume is mounted inside the container. */
  dataDir: string;
  /** Env var each add-on of this type sets (with a suffix _2, _3… for further ones). */
  envKey: 'POSTGRES_URL' | 'MYSQL_URL' | 'REDIS_URL';
  /** A database (not a cache): the first one also sets DATABASE_URL. */
  database: boolean;
  /** URL scheme of the connection string. */
  scheme: string;
  /** File name extension of a backup. */
  backupExt: string;
  cpuRequest: number;
  cpuLimit: number;
  memoryRequestMb: number;
  memoryLimitMb: number;
};

export const ADDON_KINDS: Record<AddonType, AddonKind> = {
  postgres: {
    type: 'postgres',
    label: 'PostgreSQL',
    version: '15',
    image: 'berth/addon-postgres',
    port: 5432,
    dataDir: '/var/lib/postgresql/data',
    envKey: 'POSTGRES_URL',
    database: true,
    scheme: 'postgres',
    backupExt: 'pgdump',
    cpuRequest: 100,
    cpuLimit: 1000,
    memoryRequestMb: 128,
    memoryLimitMb: 512,
  },
  mysql: {
    type: 'mysql',
    label: 'MariaDB',
    version: '10.11',
    image: 'berth/addon-mysql',
    port: 3306,
    dataDir: '/var/lib/mysql',
    envKey: 'MYSQL_URL',
    database: true,
    scheme: 'mysql',
    backupExt: 'sql',
    cpuRequest: 100,
    cpuLimit: 1000,
    memoryRequestMb: 192,
    memoryLimitMb: 512,
  },
  redis: {
    type: 'redis',
    label: 'Redis',
    version: '7',
    image: 'berth/addon-redis',
    port: 6379,
    dataDir: '/data',
    envKey: 'REDIS_URL',
    database: false,
    scheme: 'redis',
    backupExt: 'rdb',
    cpuRequest: 50,
    cpuLimit: 500,
    memoryRequestMb: 64,
    memoryLimitMb: 256,
  },
};

export const isAddonType = (value: string): value is AddonType => (ADDON_TYPES as readonly string[]).includes(value);

/** The build directory of a type's image (Dockerfile + entrypoint). */
export function addonImageDir(type: AddonType): string {
  const here = typeof import.meta.dirname === 'string' ? import.meta.dirname : '';
  if (here && existsSync(path.join(here, 'images'))) return path.join(here, 'images', type);
  return path.join(process.cwd(), 'lib', 'addons', 'images', type);
}
