import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../config';

/**
 * First-run setup code. Until the first admin exists, creating it needs this one-time code, so
 * whoever finds a fresh Berth on the network first cannot take it over. The web process writes it
 * to `$BERTH_DATA_DIR/setup-code` (mode 0600) and logs it at start; `npm run up` prints it. It is
 * deleted once the admin is created.
 */
export function setupCodePath(): string {
  return path.join(config().paths.data, 'setup-code');
}

// Crockford base32 without I, L, O, U: 12 characters = 60 random bits, typed as XXXX-XXXX-XXXX.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function newCode(): string {
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => ALPHABET[b % 32]).join(''); // 256 % 32 = 0: no bias
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

/** Normalised for comparison: case, spaces and dashes do not matter. */
function canonical(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '');
}

async function readCode(file: string): Promise<string | null> {
  try {
    const code = (await readFile(file, 'utf8')).trim();
    return code || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The current setup code, created (0600, never overwritten) when there is none. */
export async function ensureSetupCode(): Promise<{ code: string; created: boolean }> {
  const file = setupCodePath();
  const existing = await readCode(file);
  if (existing) return { code: existing, created: false };
  await mkdir(path.dirname(file), { recursive: true });
  const code = newCode();
  try {
    await writeFile(file, `${code}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { code: (await readCode(file)) ?? code, created: false };
    throw error;
  }
  return { code, created: true };
}

/** One log line with the code, for whoever reads the web log. */
export function logSetupCode(code: string): void {
  console.log(`[berth] First run: create the admin account at ${config().BERTH_PUBLIC_URL}/setup with setup code ${code} (also in ${setupCodePath()})`);
}

/** Whether `given` is the current setup code (constant-time). */
export async function isSetupCode(given: string): Promise<boolean> {
  const expected = await readCode(setupCodePath());
  if (!expected) return false;
  const a = Buffer.from(canonical(given));
  const b = Buffer.from(canonical(expected));
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function removeSetupCode(): Promise<void> {
  await rm(setupCodePath(), { force: true });
}
