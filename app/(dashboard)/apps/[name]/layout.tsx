import { AppTabs } from './app-tabs';
import { loadApp } from './load-app';
import { appHeader } from '@/lib/observe/app-header';

const badgeColour: Record<string, string> = {
  live: 'bg-emerald-100 text-emerald-800',
  building: 'bg-amber-100 text-amber-800',
  deploying: 'bg-amber-100 text-amber-800',
  failed: 'bg-red-100 text-red-800',
  crashed: 'bg-red-100 text-red-800',
  stopped: 'bg-slate-200 text-slate-700',
  pending: 'bg-slate-100 text-slate-600',
};

export default async function AppLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ name: string }>;
}) {
  const { name } = await params;
  const { app } = await loadApp(decodeURIComponent(name));
  const header = await appHeader(app);
  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold" data-testid="app-name">
          {app.name}
        </h1>
        <span
          data-testid="app-status"
          className={`rounded-full px-2.5 py-0.5 text-xs font-medium ${badgeColour[header.status] ?? badgeColour.pending}`}
        >
          {header.status}
        </span>
        <a
          href={header.url}
          target="_blank"
          rel="noreferrer noopener"
          className="text-sm text-indigo-700 underline-offset-2 hover:underline"
        >
          {header.url}
        </a>
      </header>
      <AppTabs name={app.name} />
      <div>{children}</div>
    </div>
  );
}
