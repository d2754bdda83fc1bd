import type { Actor } from '../../lib/auth/actor';
import { generateApiToken } from '../../lib/auth/tokens';
import { db } from '../../lib/db';

export type TestUser = Actor & { token: string };

/** A user with a personal API token (random email), straight into the database. */
export async function createTestUser(role: 'ADMIN' | 'DEVELOPER' = 'DEVELOPER'): Promise<TestUser> {
  const email = `u${Math.random().toString(36).slice(2, 10)}@example.test`;
  const user = await db.user.create({ data: { email, passwordHash: 'not-used-in-tests', role } });
  const { token, tokenHash, prefix } = generateApiToken();
  await db.apiToken.create({ data: { userId: user.id, name: 'test', tokenHash, prefix } });
  return { id: user.id, email, role, token };
}

export const randomAppName = (prefix = 't') => `${prefix}${Math.random().toString(36).slice(2, 10)}`;
