import { encryptSecret } from '../crypto/secret-box';
import type { Tx } from '../db';

/** Makes the app's env vars exactly `env` (rollback restores a release's snapshot). */
export async function replaceEnv(appId: string, env: Record<string, string>, tx: Tx): Promise<void> {
  await tx.envVar.deleteMany({ where: { appId, key: { notIn: Object.keys(env) } } });
  for (const [key, value] of Object.entries(env)) {
    await tx.envVar.upsert({
      where: { appId_key: { appId, key } },
      create: { appId, key, value: encryptSecret(value) },
      update: { value: encryptSecret(value) },
    });
  }
}
