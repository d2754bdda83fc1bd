import { MainNav } from '@/components/shell/main-nav';
import { UserMenu } from '@/components/shell/user-menu';
import { pageActor } from '@/lib/http/page';

export const dynamic = 'force-dynamic';

/** Shell of every signed-in page: top bar with navigation and the user menu. */
export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const actor = await pageActor();
  const links = [
    { href: '/apps', label: 'Apps' },
    { href: '/hosts', label: 'Hosts' },
    { href: '/settings', label: 'Settings' },
    ...(actor.role === 'ADMIN' ? [{ href: '/audit', label: 'Audit' }] : []),
  ];
  return (
    <div className="min-h-screen">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-4 px-4 sm:px-6">
          <a href="/apps" className="flex items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
            <span aria-hidden className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white">
              B
            </span>
            <span className="font-semibold tracking-tight">Berth</span>
          </a>
          <MainNav links={links} />
          <div className="ml-auto">
            <UserMenu email={actor.email} role={actor.role} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {children}
      </main>
    </div>
  );
}
