import type { EventDto } from '@/lib/observe/list-events';

const tone = (kind: string) =>
  kind.includes('oom') || kind.includes('die') || kind.includes('fail') || kind.includes('crash')
    ? 'bg-red-500'
    : kind.startsWith('container.') || kind.startsWith('host.')
      ? 'bg-slate-400'
      : 'bg-indigo-500';

/** A vertical list of events, newest first: when, what, who. */
export function EventTimeline({ events }: { events: EventDto[] }) {
  if (events.length === 0) return <p className="text-sm text-slate-500">Nothing has happened yet.</p>;
  return (
    <ol className="space-y-3" data-testid="event-timeline">
      {events.map((e) => (
        <li key={e.id} className="flex gap-3 text-sm">
          <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${tone(e.kind)}`} />
          <div className="min-w-0">
            <p className="text-slate-800">{e.message}</p>
            <p className="text-xs text-slate-500">
              <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time> · <code>{e.kind}</code>
              {e.actor ? ` · ${e.actor}` : ''}
            </p>
          </div>
        </li>
      ))}
    </ol>
  );
}
