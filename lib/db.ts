import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { config } from './config';

/** The one Prisma client of a process, cached on globalThis so Next.js dev reloads reuse it. */
const globalForDb = globalThis as unknown as { berthDb?: PrismaClient };

export function createDb(databaseUrl = config().DATABASE_URL): PrismaClient {
  const adapter = new PrismaPg({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  return new PrismaClient({ adapter });
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  // Lazy: importing lib/db must not read the environment (e.g. during `next build`).
  get(_target, prop, receiver) {
    globalForDb.berthDb ??= createDb();
    return Reflect.get(globalForDb.berthDb, prop, receiver);
  },
});

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export * from './generated/prisma/client';
