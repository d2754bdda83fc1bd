/**
 * One resource of a host, Kubernetes style, side by side: what instances request against what
 * requests may add up to (allocatable × overcommit), and what they measurably use against what
 * is allocatable (capacity − system reserve), with the sum of their limits.
 */
export function CapacityBar({
  label,
  unit,
  capacity,
  reserve,
  allocatable,
  overcommit,
  requestable,
  requested,
  limits,
  unlimited = 0,
  used,
}: {
  label: string;
  unit: 'cores' | 'MB';
  capacity: number;
  reserve: number;
  allocatable: number;
  overcommit: number;
  requestable: number;
  requested: number;
  limits: number;
  /** Instances without a limit (CPU shares only). */
  unlimited?: number;
  used: number;
}) {
  const fmt = (v: number) => (unit === 'cores' ? (v / 1000).toFixed(2) : Math.round(v).toString());
  const ratio = +overcommit.toFixed(2);
  return (
    <div className="space-y-1.5" data-testid={`capacity-${label.toLowerCase()}`}>
      <div className="flex flex-wrap justify-between gap-x-4 text-xs text-slate-600">
        <span className="font-medium text-slate-800">{label}</span>
        <span>
          requested {fmt(requested)} of {fmt(requestable)}
          {ratio !== 1 ? ` (${fmt(allocatable)} allocatable × ${ratio})` : ' allocatable'} · limits {fmt(limits)}
          {unlimited > 0 ? ` + ${unlimited} unlimited` : ''} · used {fmt(used)} · system {fmt(reserve)} of {fmt(capacity)} {unit}
        </span>
      </div>
      <Meter label={`${label} requested`} value={requested} max={requestable} tone="bg-indigo-400" title="requested by instances" />
      <Meter label={`${label} used`} value={used} max={allocatable} tone="bg-indigo-700" title="measured use" />
    </div>
  );
}

function Meter({ label, value, max, tone, title }: { label: string; value: number; max: number; tone: string; title: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="flex items-center gap-2">
      <span className="w-16 shrink-0 text-[11px] text-slate-500">{title.split(' ')[0]}</span>
      <div
        className="relative h-2.5 flex-1 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <div className={`absolute inset-y-0 left-0 ${tone}`} style={{ width: `${pct}%` }} title={title} />
      </div>
    </div>
  );
}
