import type { Metadata } from 'next';
import Link from 'next/link';
import { AppsDashboard } from '@/components/apps/apps-dashboard';
import { NewAppButton } from '@/components/apps/new-app-dialog';
import { Input, Select, buttonClasses } from '@/components/ui';
import { readAppList } from '@/lib/apps/app-list-stream';
import { APP_STATUSES, type AppStatus } from '@/lib/apps/app-status';
import { pageActor, pageWithErrors } from '@/lib/http/page';
import { appUrl } from '@/lib/model/app-url';

export const metadata: Metadata = { title: 'Apps · Berth' };
export const dynamic = 'force-dynamic';

type Search = Promise<{ search?: string; status?: string }>;

/** The apps list: rendered from Postgres, then kept live by the browser (components/apps/apps-dashboard). */
export default pageWithErrors(async function AppsPage({ searchParams }: { searchParams: Search }) {
  const actor = await pageActor();
  const { search = '', status = '' } = await searchParams;
  const statusFilter = APP_STATUSES.includes(status as AppStatus) ? (status as AppStatus) : undefined;
  const apps = await readAppList(actor);
  const filtered = Boolean(search || statusFilter);
  const urlTemplate = appUrl('{name}'); // the New app dialog previews the URL as you type

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold">Apps</h1>
        <NewAppButton urlTemplate={urlTemplate} />
      </div>

      <form className="flex flex-wrap items-end gap-3" role="search" action="/apps">
        <div className="w-full sm:w-64">
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
          <Link href="/apps" className="text-sm text-slate-600 hover:underline dark:text-slate-300">
            Clear
          </Link>
        )}
      </form>

      <AppsDashboard initial={apps} search={search} status={statusFilter} urlTemplate={urlTemplate} />
    </div>
  );
});
