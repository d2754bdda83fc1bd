'use client';
import { cn } from '@/components/ui';
import { NavLinkItems, type NavLink } from './nav-links';

/** Top navigation; scrolls sideways on narrow screens rather than hiding items. */
export function MainNav({ links }: { links: NavLink[] }) {
  return (
    <nav aria-label="Main" className="min-w-0 overflow-x-auto">
      <ul className="flex items-center gap-1">
        <NavLinkItems
          links={links}
          linkClass={(active) =>
            cn(
              'block whitespace-nowrap rounded-md px-3 py-1.5 text-sm font-medium',
              'focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600',
              active
                ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-slate-100'
                : 'text-slate-600 hover:bg-slate-50 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100',
            )
          }
        />
      </ul>
    </nav>
  );
}
