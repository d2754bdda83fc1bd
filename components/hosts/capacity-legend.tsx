import { TIERS } from '@/lib/model/tiers';
import { METER_TONES } from './capacity-bar';

const SMALL = TIERS.SMALL;

/** What the Hosts page's bars and figures mean, once, above the hosts. */
export function CapacityLegend() {
  const items = [
    { tone: METER_TONES.requested, term: 'requested', text: 'what instances reserved; the scheduler places by it, up to allocatable × overcommit' },
    { tone: METER_TONES.used, term: 'used', text: 'what instances measurably use (last 2 minutes), against allocatable' },
    { tone: `${METER_TONES.track} ring-1 ring-inset ring-slate-300`, term: 'free', text: 'what is left to request: where new instances can still go' },
  ];
  return (
    <section aria-label="Legend" data-testid="capacity-legend" className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-xs text-slate-600">
      <ul className="flex flex-col gap-1.5 lg:flex-row lg:flex-wrap lg:gap-x-6">
        {items.map((item) => (
          <li key={item.term} className="flex items-start gap-2">
            <span aria-hidden className={`mt-0.5 inline-block h-2.5 w-5 shrink-0 rounded-full ${item.tone}`} />
            <span>
              <strong className="font-medium text-slate-800">{item.term}</strong> — {item.text}
            </span>
          </li>
        ))}
      </ul>
      <p className="mt-2">
        <strong className="font-medium text-slate-800">limits</strong> are the most instances may use (cgroups);{' '}
        <strong className="font-medium text-slate-800">system</strong> is kept for the host itself. A host is{' '}
        <strong className="font-medium text-red-700">full</strong> when not even a small instance ({SMALL.cpuRequest / 1000} cores, {SMALL.memoryRequestMb} MB) fits.
      </p>
    </section>
  );
}
