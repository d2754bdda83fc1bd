import type { Metadata } from 'next';
import Link from 'next/link';
import { AuditFilters } from '@/components/audit/audit-filters';
import { AuditTable } from '@/components/audit/audit-table';
import { Alert, PageHeader } from '@/components/ui';
import { isAppError } from '@/lib/errors';
import { pageActor, pageWithErrors } from '@/lib/http/page';
import { auditFacets, listAuditLog, ZAuditQuery, type AuditPage } from '@/lib/observe/audit-log';

export const metadata: Metadata = { title: 'Audit · Berth' };

export const dynamic = 'force-dynamic';

// Kept in the paging links (with the page size).
const FILTERS = ['app', 'actor', 'action', 'from', 'to', 'people', 'limit'] as const;

/** Admins: the global audit log — filtered by app, who, action and dates, 50 per page; others get the 403 page. */
export default pageWithErrors(async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await pageActor('/audit');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZAuditQuery.safeParse(raw);
  const facets = await auditFacets(actor);
  let page: AuditPage | null = null;
  let problem: string | null = null;
  if (!parsed.success) problem = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  else {
    try {
      page = await listAuditLog(actor, parsed.data);
    } catch (error) {
      if (!isAppError(error) || error.code !== 'BAD_REQUEST') throw error;
      problem = error.message;
    }
  }
  const values = parsed.success ? parsed.data : {};
  const link = (cursor: Record<string, string>) => {
    const params = new URLSearchParams();
    for (const key of FILTERS) if (values[key]) params.set(key, String(values[key]));
    for (const [k, v] of Object.entries(cursor)) params.set(k, v);
    return `/audit?${params.toString()}`;
  };
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Who did what, when: sign-ins, deploys, scaling, config changes, container events." />
      <AuditFilters values={values} options={facets} />
      {problem && <Alert tone="error">Cannot filter like that: {problem}</Alert>}
      {page && (
        <>
          <p className="text-sm text-slate-600" data-testid="audit-total">
            {page.total === 1 ? '1 matching event' : `${page.total} matching events`}
          </p>
          <AuditTable events={page.events} />
          <nav aria-label="Audit pages" className="flex justify-between text-sm">
            {page.newer ? (
              <Link href={link({ after: page.newer })} className="text-indigo-700 hover:underline">
                ← Newer events
              </Link>
            ) : (
              <span />
            )}
            {page.older && (
              <Link href={link({ before: page.older })} className="text-indigo-700 hover:underline">
                Older events →
              </Link>
            )}
          </nav>
        </>
      )}
    </div>
  );
});
