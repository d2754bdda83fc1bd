/**
 * One resource of a host: total capacity as the full bar, with the system reserve, what instances
 * have reserved and what they actually use drawn on it.
 */
export function CapacityBar({
  label,
  unit,
  total,
  reserve,
  reserved,
  used,
}: {
  label: string;
  unit: string;
  total: number;
  reserve: number;
  reserved: number;
  used: number;
}) {
  const pct = (v: number) => (total > 0 ? Math.min(100, Math.max(0, (v / total) * 100)) : 0);
  const fmt = (v: number) => (unit === 'cores' ? (v / 1000).toFixed(2) : Math.round(v).toString());
  return (
    <div className="space-y-1" data-testid={`capacity-${label.toLowerCase()}`}>
      <div className="flex justify-between text-xs text-slate-600">
        <span className="font-medium text-slate-800">{label}</span>
        <span>
          used {fmt(used)} · reserved {fmt(reserved)} · system {fmt(reserve)} of {fmt(total)} {unit}
        </span>
      </div>
      <div
        className="relative h-3 overflow-hidden rounded-full bg-slate-100"
        role="meter"
        aria-label={`${label} reserved`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={reserved}
      >
        <div className="absolute inset-y-0 right-0 bg-slate-300" style={{ width: `${pct(reserve)}%` }} title="system reserve" />
        <div className="absolute inset-y-0 left-0 bg-indigo-200" style={{ width: `${pct(reserved)}%` }} title="reserved by instances" />
        <div className="absolute inset-y-0 left-0 bg-indigo-600" style={{ width: `${pct(used)}%` }} title="actually used" />
      </div>
    </div>
  );
}
