/** Env var names: shell-style upper case; PORT and Berth's own names are set by Berth. */
export const ENV_KEY = /^[A-Z_][A-Z0-9_]*$/;
const RESERVED = new Set(['PORT', 'DYNO']);

export function envKeyProblem(key: string): string | null {
  if (!ENV_KEY.test(key) || key.length > 128) return 'Use upper-case letters, digits and _ (e.g. DATABASE_URL)';
  if (RESERVED.has(key) || key.startsWith('BERTH_')) return `${key} is set by Berth`;
  return null;
}

/** What the UI shows instead of a value: first character and length hint only. */
export function maskValue(value: string): string {
  if (value.length === 0) return '';
  return value.length <= 4 ? '••••' : `${value[0]}${'•'.repeat(Math.min(12, value.length - 1))}`;
}
