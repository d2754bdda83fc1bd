import { decryptSecret } from '../crypto/secret-box';
import { db, type Tx } from '../db';

/** The app's env vars, decrypted (for building a release snapshot; never sent to the UI as is). */
export async function readEnv(appId: string, tx: Tx = db): Promise<Record<string, string>> {
  const rows = await tx.envVar.findMany({ where: { appId }, orderBy: { key: 'asc' } });
  return Object.fromEntries(rows.map((r) => [r.key, decryptSecret(r.value)]));
}
