import { db, type Tx } from '../db';
import { conflict } from '../errors';
import { parsePortRange } from './port-range';

/**
 * Hosts reached at the same address (several engines on one machine, as in the tests) publish
 * ports in one namespace, so their ranges must not overlap.
 */
export async function checkPortRange(
  address: string,
  range: string,
  exceptHostId: string | null,
  tx: Tx = db,
): Promise<{ start: number; end: number }> {
  const { start, end } = parsePortRange(range);
  const clash = await tx.host.findFirst({
    where: {
      address,
      portRangeStart: { lte: end },
      portRangeEnd: { gte: start },
      ...(exceptHostId ? { id: { not: exceptHostId } } : {}),
    },
  });
  if (clash)
    throw conflict(
      `Port range ${start}-${end} overlaps ${clash.name} (${clash.portRangeStart}-${clash.portRangeEnd}) on ${address}`,
    );
  return { start, end };
}
