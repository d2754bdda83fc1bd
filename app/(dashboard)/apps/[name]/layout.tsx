import { AppLiveProvider } from '@/components/apps/app-live';
import { LiveStatusBadge } from '@/components/apps/live-status-badge';
import { TabLinks } from '@/components/ui';
import { getAppLiveState } from '@/lib/apps/app-live-state';
import { loadApp } from './load-app';

export const dynamic = 'force-dynamic';

/**
 * Every app page: name, live status, URL, and the tabs Overview / Deploys / Logs / Console /
 * Metrics / Env / Add-ons / Domains / Settings. One live subscription (AppLiveProvider) serves
 * the header and every tab below it.
 */
export default async function AppLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ name: string }>;
}) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const live = await getAppLiveState(actor, app.name);
  const base = `/apps/${encodeURIComponent(app.name)}`;
  return (
    <AppLiveProvider name={app.name} initial={live}>
      <div className="space-y-5">
        <header className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="app-name">
            {app.name}
          </h1>
          <LiveStatusBadge />
          <a
            href={app.url}
            target="_blank"
            rel="noreferrer noopener"
            className="break-all text-sm text-indigo-700 underline-offset-2 hover:underline"
            data-testid="app-url"
          >
            {app.url}
          </a>
        </header>
        <TabLinks
          label="App sections"
          tabs={[
            { href: base, label: 'Overview', exact: true },
            { href: `${base}/deploys`, label: 'Deploys' },
            { href: `${base}/logs`, label: 'Logs' },
            { href: `${base}/console`, label: 'Console' },
            { href: `${base}/metrics`, label: 'Metrics' },
            { href: `${base}/env`, label: 'Env' },
            { href: `${base}/addons`, label: 'Add-ons' },
            { href: `${base}/domains`, label: 'Domains' },
            { href: `${base}/settings`, label: 'Settings' },
          ]}
        />
        <div>{children}</div>
      </div>
    </AppLiveProvider>
  );
}
