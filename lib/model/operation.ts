/**
 * How scale, restart, start and stop are named wherever they show up (the failure banner, the
 * apps list's hover, the activity feed), from a Deployment row's kind and stored request. Plain
 * data, so client components can import it.
 */
export type OperationKind = 'SCALE' | 'RESTART' | 'START' | 'STOP';

/** What a scale asked for, per process type (lib/deploys/scale-app.ts stores it as the request). */
export type ScaleChanges = Record<string, { quantity?: number; tier?: string }>;

export function isOperationKind(kind: string): kind is OperationKind {
  return kind === 'SCALE' || kind === 'RESTART' || kind === 'START' || kind === 'STOP';
}

/** "web=2 worker=1:medium" (· for a type whose count did not change). */
export function scaleSummary(changes: ScaleChanges): string {
  return Object.entries(changes)
    .map(([type, c]) => `${type}=${c.quantity ?? '·'}${c.tier ? `:${c.tier}` : ''}`)
    .join(' ');
}

/** "Scale web=20:large", "Change tier to medium", "Restart", "Start", "Stop". */
export function operationLabel(kind: OperationKind, request: unknown): string {
  const body = request && typeof request === 'object' && !Array.isArray(request) ? (request as Record<string, unknown>) : null;
  if (kind === 'SCALE') return body ? `Scale ${scaleSummary(body as ScaleChanges)}` : 'Scale';
  if (kind === 'RESTART') return typeof body?.tier === 'string' ? `Change tier to ${body.tier}` : 'Restart';
  return kind === 'START' ? 'Start' : 'Stop';
}

/** The event kind prefix of each operation (`app.scale`, …): its failure is `<prefix>.failed`. */
export const OPERATION_EVENT: Record<OperationKind, string> = {
  SCALE: 'app.scale',
  RESTART: 'app.restart',
  START: 'app.start',
  STOP: 'app.stop',
};
