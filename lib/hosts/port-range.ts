import { badRequest } from '../errors';

/** "20000-20999" → [20000, 20999]; rejects reversed or out-of-range values. */
export function parsePortRange(range: string): { start: number; end: number } {
  const match = /^(\d{2,5})-(\d{2,5})$/.exec(range.trim());
  if (!match) throw badRequest('Port range must look like 20000-20999', { portRange: 'invalid' });
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (start < 1024 || end > 65535 || start > end)
    throw badRequest('Port range must lie within 1024-65535, low to high', { portRange: 'invalid' });
  return { start, end };
}
