'use client';
import Link from 'next/link';
import { EmptyState, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { AppListItem } from '@/lib/apps/app-list-events';
import { AppRowActions } from './app-row-actions';
import { AppStatusCell } from './app-status-cell';
import { formatAgo } from './format-ago';
import { NewAppButton } from './new-app-dialog';
import { Sparkline } from './sparkline';
import { useLiveApps } from './use-live-apps';

/**
 * The apps list as a live dashboard: rows follow GET /api/live/apps (new apps, status changes,
 * deletions show without a reload), each with requests and CPU sparklines, the failure reason on
 * hover and a row menu. `search` and `status` filter what the stream sends, in the browser.
 */
export function AppsDashboard({
  initial,
  search,
  status,
  urlTemplate,
}: {
  initial: AppListItem[];
  search: string;
  status?: string;
  urlTemplate?: string;
}) {
  const { apps } = useLiveApps(initial);
  const needle = search.trim().toLowerCase();
  const shown = apps.filter((a) => (!needle || a.name.includes(needle)) && (!status || a.status === status));
  const filtered = Boolean(needle || status);

  if (shown.length === 0) {
    return (
      <EmptyState
        title={filtered ? 'No apps match' : 'No apps yet'}
        description={
          filtered
            ? 'Try another name or status.'
            : 'Create an app from a PHP, Node.js, Python or Java template, or your own Dockerfile: Berth gives it a git repository and puts it live.'
        }
        action={filtered ? undefined : <NewAppButton urlTemplate={urlTemplate} />}
      />
    );
  }
  return (
    <Table data-testid="apps-table">
      <THead>
        <tr>
          <TH>Name</TH>
          <TH>Status</TH>
          <TH className="hidden md:table-cell">Requests · CPU (30 min)</TH>
          <TH className="hidden sm:table-cell">Instances</TH>
          <TH className="hidden lg:table-cell">Last deploy</TH>
          <TH className="hidden lg:table-cell">URL</TH>
          <TH>
            <span className="sr-only">Actions</span>
          </TH>
        </tr>
      </THead>
      <TBody>
        {shown.map((app) => (
          <AppRow key={app.name} app={app} />
        ))}
      </TBody>
    </Table>
  );
}

function AppRow({ app }: { app: AppListItem }) {
  const requests = app.sparkline.requests.reduce((a, b) => a + b, 0);
  const cpuNow = app.sparkline.cpu.at(-1) ?? 0;
  return (
    <TR data-testid={`app-row-${app.name}`}>
      <TD>
        <Link href={`/apps/${app.name}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
          {app.name}
        </Link>
        <div className="text-xs text-slate-500 dark:text-slate-400">
          {app.template} · {app.tier}
        </div>
      </TD>
      <TD>
        <AppStatusCell status={app.status} failure={app.failure} />
      </TD>
      <TD className="hidden md:table-cell">
        <div className="flex items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
          <span className="flex items-center gap-1 text-indigo-600 dark:text-indigo-400" title={`${requests} requests in 30 min`}>
            <Sparkline testId="sparkline-requests" values={app.sparkline.requests} label={`Requests per minute of ${app.name}, last 30 minutes: ${requests} in all`} />
          </span>
          <span className="flex items-center gap-1 text-emerald-600 dark:text-emerald-400" title={`CPU now ${cpuNow} %`}>
            <Sparkline testId="sparkline-cpu" values={app.sparkline.cpu} label={`CPU % of ${app.name}, last 30 minutes: ${cpuNow} % now`} />
          </span>
        </div>
      </TD>
      <TD className="hidden sm:table-cell">
        {app.runningInstances}/{app.desiredInstances}
        {app.hosts.length > 0 && <div className="text-xs text-slate-500 dark:text-slate-400">{app.hosts.join(', ')}</div>}
      </TD>
      <TD className="hidden text-xs lg:table-cell">
        {app.lastDeployAt ? (
          <time dateTime={app.lastDeployAt} title={app.lastDeployAt} suppressHydrationWarning>
            {formatAgo(app.lastDeployAt)}
            {app.currentVersion ? ` · v${app.currentVersion}` : ''}
          </time>
        ) : (
          '—'
        )}
      </TD>
      <TD className="hidden lg:table-cell">
        <a href={app.url} target="_blank" rel="noreferrer noopener" className="text-xs text-indigo-700 hover:underline dark:text-indigo-300">
          {app.url.replace(/^https?:\/\//, '')}
        </a>
      </TD>
      <TD className="text-right">
        <AppRowActions name={app.name} url={app.url} />
      </TD>
    </TR>
  );
}
