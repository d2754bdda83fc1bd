import { db } from '../../lib/db';
import { startTimingsOf } from '../../lib/deploys/start-timings';

/**
 * Where one wake's time went (ms), for the benches (bench/wake.ts, bench/density.ts): from the
 * START deployment row, the woken instance's row and the in-memory start timings of the worker
 * running in the bench's process (request sent at t0, first byte at t1). Import it dynamically,
 * after the bench's environment is applied (it loads lib/db). The placement step ends where the
 * container step began: a kept container's Instance row is older than the wake, so its
 * timestamps cannot say when the wake placed it.
 */
export async function wakePhases(appId: string, t0: number, t1: number): Promise<Record<string, number> | null> {
  const d = await db.deployment.findFirst({ where: { appId, kind: 'START' }, orderBy: { createdAt: 'desc' } });
  const i = await db.instance.findFirst({ where: { appId, processType: 'web', status: 'RUNNING' }, orderBy: { updatedAt: 'desc' } });
  const t = i && startTimingsOf(i.id);
  if (!d?.startedAt || !i?.startedAt || !t) return null;
  const s = t.steps;
  const startBegan = i.startedAt.getTime() - ((s.container ?? 0) + (s.start ?? 0));
  const running = i.startedAt.getTime() + (s['health check'] ?? 0);
  return {
    'request → START row': d.createdAt.getTime() - t0,
    'queue + lock': d.startedAt.getTime() - d.createdAt.getTime(),
    placement: startBegan - d.startedAt.getTime(),
    container: s.container ?? 0,
    start: s.start ?? 0,
    'health check': s['health check'] ?? 0,
    'RUNNING → first byte': t1 - running,
  };
}
