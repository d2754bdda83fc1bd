import { CommandPalette } from '@/components/shell/command-palette';
import { MainNav } from '@/components/shell/main-nav';
import { MobileNav } from '@/components/shell/mobile-nav';
import { UserMenu } from '@/components/shell/user-menu';
import { pageActor } from '@/lib/http/page';

export const dynamic = 'force-dynamic';

/**
 * Shell of every signed-in page: top bar with navigation (a menu button on phones), the ⌘K
 * palette and the user menu. `min-w-0` on the flex items lets long content shrink instead of
 * widening the page past a phone's 390 px.
 */
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
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="relative border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-2 px-4 sm:gap-4 sm:px-6">
          <MobileNav links={links} />
          <a href="/apps" className="flex shrink-0 items-center gap-2 rounded-md focus-visible:outline-2 focus-visible:outline-indigo-600">
            <span aria-hidden className="flex size-7 items-center justify-center rounded-md bg-indigo-600 text-sm font-bold text-white">
              B
            </span>
            <span className="font-semibold tracking-tight">Berth</span>
          </a>
          <div className="hidden min-w-0 sm:block">
            <MainNav links={links} />
          </div>
          <div className="ml-auto flex items-center gap-2">
            <CommandPalette pages={links} />
            <UserMenu email={actor.email} role={actor.role} />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto min-w-0 max-w-6xl break-words px-4 py-6 sm:px-6 sm:py-8">
        {children}
      </main>
    </div>
  );
}
