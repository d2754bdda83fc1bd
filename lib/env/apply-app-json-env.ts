import { encryptSecret } from '../crypto/secret-box';
import { db } from '../db';
import type { AppJsonEnvVar } from '../templates/app-json';
import { envKeyProblem } from './env-key';
import { recordEvent } from '../events/record-event';

/**
 * app.json `env` at build time: a default `value` is stored once — the first time a build sees
 * that variable in app.json while it is unset (Berth apps get a starter release before the first
 * push, so "first deploy" is per variable; an `env.defaults` event remembers it, so a variable
 * the user unsets later stays unset). Then every `required` variable must be set — the names
 * that are not come back as `missing` (the build fails listing them). Reserved names (PORT,
 * BERTH_*) are skipped.
 */
export async function applyAppJsonEnv(
  appId: string,
  spec: Record<string, AppJsonEnvVar>,
): Promise<{ defaulted: string[]; missing: string[] }> {
  const names = Object.keys(spec).filter((k) => !envKeyProblem(k));
  if (names.length === 0) return { defaulted: [], missing: [] };
  return db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "App" WHERE id = ${appId} FOR UPDATE`;
    const set = new Set((await tx.envVar.findMany({ where: { appId }, select: { key: true } })).map((r) => r.key));
    const earlier = await tx.event.findMany({ where: { appId, kind: 'env.defaults' }, select: { data: true } });
    const applied = new Set(earlier.flatMap((e) => ((e.data as { keys?: string[] } | null)?.keys ?? [])));
    const defaulted: string[] = [];
    for (const key of names) {
      const value = spec[key].value;
      if (value === null || set.has(key) || applied.has(key)) continue;
      await tx.envVar.create({ data: { appId, key, value: encryptSecret(value) } });
      set.add(key);
      defaulted.push(key);
    }
    if (defaulted.length) {
      const app = await tx.app.findUniqueOrThrow({ where: { id: appId }, select: { name: true } });
      await recordEvent(
        { kind: 'env.defaults', message: `app.json defaults set on ${app.name}: ${defaulted.join(', ')}`, appId, appName: app.name, data: { keys: defaulted } },
        tx,
      );
    }
    const missing = names.filter((k) => spec[k].required && !set.has(k));
    return { defaulted, missing };
  });
}
