import Link from 'next/link';
import { Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { EventDto } from '@/lib/observe/list-events';

/** Audit rows: when, who, what, app, details. A kind or an app links to the log filtered by it. */
export function AuditTable({ events }: { events: EventDto[] }) {
  return (
    <div className="overflow-x-auto">
      <Table data-testid="audit-table">
        <THead>
          <TR>
            <TH>When</TH>
            <TH>Who</TH>
            <TH>What</TH>
            <TH>App</TH>
            <TH>Details</TH>
          </TR>
        </THead>
        <TBody>
          {events.map((e) => (
            <TR key={e.id} data-testid="audit-row">
              <TD className="whitespace-nowrap text-xs">
                <time dateTime={e.at}>{e.at.slice(0, 19).replace('T', ' ')} UTC</time>
              </TD>
              <TD>{e.actor ?? <span className="text-slate-400">system</span>}</TD>
              <TD>
                <Link href={`/audit?action=${encodeURIComponent(e.kind)}`} className="hover:underline">
                  <code className="text-xs">{e.kind}</code>
                </Link>
              </TD>
              <TD>
                {e.app ? (
                  <Link href={`/audit?app=${encodeURIComponent(e.app)}`} className="text-indigo-700 hover:underline">
                    {e.app}
                  </Link>
                ) : (
                  '—'
                )}
              </TD>
              <TD className="break-words">{e.message}</TD>
            </TR>
          ))}
          {events.length === 0 && (
            <TR>
              <TD colSpan={5} className="text-center text-slate-500">
                No events match.
              </TD>
            </TR>
          )}
        </TBody>
      </Table>
    </div>
  );
}
