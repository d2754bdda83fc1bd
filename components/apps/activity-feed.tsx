import Link from 'next/link';
import type { ActivityEntry, ActivityTone } from '@/lib/observe/activity-entry';

const dot: Record<ActivityTone, string> = { good: 'bg-green-500', bad: 'bg-red-500', neutral: 'bg-slate-300', info: 'bg-indigo-500' };

/**
 * The app's activity, newest first: builds, releases, config, scale and who did it. Container
 * events only behind the chip (`?containers=1`); a clean exit is a grey dot, not a red one.
 */
export function ActivityFeed({ entries, containers, chipHref }: { entries: ActivityEntry[]; containers: boolean; chipHref: string }) {
  return (
    <div className="space-y-3">
      <Link
        href={chipHref}
        scroll={false}
        aria-pressed={containers}
        className={`inline-flex items-center rounded-full border px-3 py-1 text-xs font-medium ${containers ? 'border-indigo-300 bg-indigo-50 text-indigo-800' : 'border-slate-300 text-slate-600 hover:bg-slate-50'}`}
        data-testid="activity-containers-chip"
      >
        {containers ? '✓ ' : ''}Container events
      </Link>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-500">Nothing has happened yet.</p>
      ) : (
        <ol className="space-y-3" data-testid="activity-feed">
          {entries.map((e) => (
            <li key={e.id} className="flex gap-3 text-sm" data-testid="activity-entry" data-kind={e.kind} data-tone={e.tone}>
              <span aria-hidden className={`mt-1.5 size-2 shrink-0 rounded-full ${dot[e.tone]}`} />
              <div className="min-w-0">
                <p className="break-words text-slate-800">{e.message}</p>
                <p className="text-xs text-slate-500">
                  <time dateTime={e.at}>{e.at.replace('T', ' ').slice(0, 19)} UTC</time> · {e.group}
                  {e.who ? ` · ${e.who}` : ''}
                </p>
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
