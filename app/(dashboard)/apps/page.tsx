import Link from 'next/link';
import { AppStatusBadge } from '@/components/apps/status-badge';
import { NewAppButton } from '@/components/apps/new-app-dialog';
import { EmptyState, Input, Select, Table, TBody, TD, TH, THead, TR, buttonClasses } from '@/components/ui';
import { APP_STATUSES, type AppStatus } from '@/lib/apps/app-status';
import { listApps } from '@/lib/apps/list-apps';
import { pageActor, pageWithErrors } from '@/lib/http/page';

export const dynamic = 'force-dynamic';

type Search = Promise<{ search?: string; status?: string }>;

export default pageWithErrors(async function AppsPage({ searchParams }: { searchParams: Search }) {
  const actor = await pageActor();
  const { search = '', status = '' } = await searchParams;
  const statusFilter = APP_STATUSES.includes(status as AppStatus) ? (status as AppStatus) : undefined;
  const apps = await listApps(actor, { search, status: statusFilter });
  const filtered = Boolean(search || statusFilter);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Apps</h1>
        <NewAppButton />
      </div>

      <form className="flex flex-wrap items-end gap-3" role="search" action="/apps">
        <div className="w-64">
          <label htmlFor="apps-search" className="sr-only">
            Search by name
          </label>
          <Input id="apps-search" name="search" defaultValue={search} placeholder="Search by name" />
        </div>
        <div className="w-44">
          <label htmlFor="apps-status" className="sr-only">
            Status
          </label>
          <Select id="apps-status" name="status" defaultValue={statusFilter ?? ''}>
            <option value="">All statuses</option>
            {APP_STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </Select>
        </div>
        <button type="submit" className={buttonClasses('secondary')}>
          Filter
        </button>
        {filtered && (
          <Link href="/apps" className="text-sm text-slate-600 hover:underline">
            Clear
          </Link>
        )}
      </form>

      {apps.length === 0 ? (
        <EmptyState
          title={filtered ? 'No apps match' : 'No apps yet'}
          description={
            filtered
              ? 'Try another name or status.'
              : 'Create an app from a PHP, Node.js, Python or Java template: Berth gives it a git repository and puts it live.'
          }
          action={filtered ? undefined : <NewAppButton />}
        />
      ) : (
        <Table data-testid="apps-table">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Status</TH>
              <TH>Instances</TH>
              <TH>Hosts</TH>
              <TH>Last deploy</TH>
              <TH>URL</TH>
            </tr>
          </THead>
          <TBody>
            {apps.map((app) => (
              <TR key={app.id} data-testid={`app-row-${app.name}`}>
                <TD>
                  <Link href={`/apps/${app.name}`} className="font-medium text-indigo-700 hover:underline">
                    {app.name}
                  </Link>
                  <div className="text-xs text-slate-500">
                    {app.template} · {app.tier}
                  </div>
                </TD>
                <TD>
                  <AppStatusBadge status={app.status} />
                </TD>
                <TD>
                  {app.runningInstances}/{app.desiredInstances}
                </TD>
                <TD className="text-xs">{app.hosts.join(', ') || '—'}</TD>
                <TD className="text-xs">
                  {app.lastDeployAt ? (
                    <time dateTime={app.lastDeployAt} title={app.lastDeployAt}>
                      {formatAgo(app.lastDeployAt)}
                      {app.currentRelease ? ` · v${app.currentRelease.version}` : ''}
                    </time>
                  ) : (
                    '—'
                  )}
                </TD>
                <TD>
                  <a href={app.url} target="_blank" rel="noreferrer noopener" className="text-xs text-indigo-700 hover:underline">
                    {app.url.replace(/^https?:\/\//, '')}
                  </a>
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      )}
    </div>
  );
});

function formatAgo(iso: string): string {
  const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
