/**
 * One resource of a host, Kubernetes style: what instances request against what requests may add
 * up to (allocatable × overcommit), and what they measurably use against what is allocatable
 * (capacity − system reserve). Labels sit in their own column and the figures in a wrapping list
 * below, so nothing overlaps at any width. Colours are explained by <CapacityLegend>.
 */
export const METER_TONES = { requested: 'bg-indigo-400', used: 'bg-emerald-600', track: 'bg-slate-100' } as const;

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
  const fmt = (v: number) => `${unit === 'cores' ? (v / 1000).toFixed(2) : Math.round(v).toString()} ${unit}`;
  const ratio = +overcommit.toFixed(2);
  const free = requestable - requested;
  return (
    <div className="space-y-1.5" data-testid={`capacity-${label.toLowerCase()}`}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-3">
        <span className="text-sm font-medium text-slate-800">{label}</span>
        <span className={`text-sm ${free <= 0 ? 'font-semibold text-red-700' : 'text-slate-700'}`} data-testid="capacity-free">
          {fmt(Math.max(0, free))} free
        </span>
      </div>
      <Meter label={`${label} requested`} caption="requested" value={requested} max={requestable} tone={METER_TONES.requested} />
      <Meter label={`${label} used`} caption="used" value={used} max={allocatable} tone={METER_TONES.used} />
      <dl className="grid grid-cols-2 gap-x-4 gap-y-0.5 text-xs text-slate-600 sm:grid-cols-4">
        <Figure term="requested" value={`${fmt(requested)} of ${fmt(requestable)}`} />
        <Figure term="used" value={`${fmt(used)} of ${fmt(allocatable)}`} />
        <Figure term="limits" value={`${fmt(limits)}${unlimited > 0 ? ` + ${unlimited} unlimited` : ''}`} />
        <Figure term="capacity" value={`${fmt(capacity)} (system ${fmt(reserve)}${ratio !== 1 ? `, × ${ratio} overcommit` : ''})`} />
      </dl>
    </div>
  );
}

function Figure({ term, value }: { term: string; value: string }) {
  return (
    <div className="min-w-0">
      <dt className="inline text-slate-500">{term}: </dt>
      <dd className="inline break-words">{value}</dd>
    </div>
  );
}

function Meter({ label, caption, value, max, tone }: { label: string; caption: string; value: number; max: number; tone: string }) {
  const pct = max > 0 ? Math.min(100, Math.max(0, (value / max) * 100)) : 0;
  return (
    <div className="grid grid-cols-[5.5rem_1fr_3rem] items-center gap-2">
      <span className="text-xs text-slate-500">{caption}</span>
      <div
        className={`relative h-2.5 overflow-hidden rounded-full ${METER_TONES.track}`}
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={max}
        aria-valuenow={value}
      >
        <div className={`absolute inset-y-0 left-0 ${tone}`} style={{ width: `${pct}%` }} />
      </div>
      <span className="text-right text-xs tabular-nums text-slate-600">{Math.round(pct)} %</span>
    </div>
  );
}
