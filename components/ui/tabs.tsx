'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from './cn';

export type TabLink = { href: string; label: string; /** Active only on an exact match (e.g. an Overview tab). */ exact?: boolean };

/** Navigation tabs made of links; the current one is marked with aria-current. */
export function TabLinks({ tabs, className, label = 'Sections' }: { tabs: TabLink[]; className?: string; label?: string }) {
  const pathname = usePathname();
  return (
    <nav aria-label={label} className={cn('border-b border-slate-200 dark:border-slate-800', className)}>
      {/* Wraps on phones rather than hiding the last tabs off-screen. */}
      <ul className="-mb-px flex flex-wrap gap-x-1 sm:flex-nowrap sm:overflow-x-auto">
        {tabs.map((tab) => {
          const active = tab.exact ? pathname === tab.href : pathname === tab.href || pathname.startsWith(`${tab.href}/`);
          return (
            <li key={tab.href}>
              <Link
                href={tab.href}
                aria-current={active ? 'page' : undefined}
                className={cn(
                  'inline-block whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium',
                  'focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-indigo-600',
                  active
                    ? 'border-indigo-600 text-indigo-700 dark:border-indigo-400 dark:text-indigo-300'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:border-slate-600 dark:hover:text-slate-100',
                )}
              >
                {tab.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
