import type { Metadata } from 'next';
import Link from 'next/link';
import { PageHeader, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { pageActor, pageWithErrors } from '@/lib/http/page';
import { listAuditEvents } from '@/lib/observe/list-events';

export const metadata: Metadata = { title: 'Audit · Berth' };

export const dynamic = 'force-dynamic';

/** Admins: the global audit log — who did what, when (newest first, 100 per page); others get the 403 page. */
export default pageWithErrors(async function AuditPage({
  searchParams,
}: {
  searchParams: Promise<{ before?: string; people?: string; kind?: string }>;
}) {
  const actor = await pageActor('/audit');
  const sp = await searchParams;
  const people = sp.people === '1';
  const kind = typeof sp.kind === 'string' && /^[a-z.]{1,40}$/.test(sp.kind) ? sp.kind : undefined;
  const page = await listAuditEvents(actor, { before: sp.before, actorOnly: people, kind, limit: 100 });
  const query = (extra: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ people: people ? '1' : undefined, kind, ...extra })) if (v) params.set(k, v);
    const s = params.toString();
    return s ? `/audit?${s}` : '/audit';
  };
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Everything that happened: sign-ins, deploys, scaling, config changes, container events." />
      <div className="flex gap-3 text-sm">
        <Link href={query({ people: undefined, before: undefined })} className={!people ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
          All events
        </Link>
        <Link href={`/audit?people=1${kind ? `&kind=${kind}` : ''}`} className={people ? 'font-semibold text-indigo-700' : 'text-slate-600'}>
          Only actions by people
        </Link>
      </div>
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
          {page.events.map((e) => (
            <TR key={e.id}>
              <TD className="whitespace-nowrap text-xs">
                <time dateTime={e.at}>{new Date(e.at).toLocaleString()}</time>
              </TD>
              <TD>{e.actor ?? <span className="text-slate-400">system</span>}</TD>
              <TD>
                <Link href={query({ kind: e.kind, before: undefined })} className="hover:underline">
                  <code className="text-xs">{e.kind}</code>
                </Link>
              </TD>
              <TD>{e.app ? <Link href={`/apps/${encodeURIComponent(e.app)}`} className="text-indigo-700 hover:underline">{e.app}</Link> : '—'}</TD>
              <TD>{e.message}</TD>
            </TR>
          ))}
          {page.events.length === 0 && (
            <TR>
              <TD colSpan={5} className="text-center text-slate-500">
                No events.
              </TD>
            </TR>
          )}
        </TBody>
      </Table>
      {page.nextBefore && (
        <Link href={query({ before: page.nextBefore })} className="text-sm text-indigo-700 hover:underline">
          Older events →
        </Link>
      )}
    </div>
  );
});
