'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The app page's tab bar; the active tab follows the URL so every tab is a plain link. */
export function AppTabs({ name }: { name: string }) {
  const pathname = usePathname();
  const base = `/apps/${encodeURIComponent(name)}`;
  const tabs = [
    { label: 'Overview', href: base },
    { label: 'Deploys', href: `${base}/deploys` },
    { label: 'Logs', href: `${base}/logs` },
    { label: 'Metrics', href: `${base}/metrics` },
    { label: 'Env', href: `${base}/env` },
    { label: 'Settings', href: `${base}/settings` },
  ];
  return (
    <nav className="flex gap-1 border-b border-slate-200" aria-label="App sections">
      {tabs.map((tab) => {
        const active = tab.href === base ? pathname === base : pathname.startsWith(tab.href);
        return (
          <Link
            key={tab.href}
            href={tab.href}
            aria-current={active ? 'page' : undefined}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${
              active
                ? 'border-indigo-600 text-indigo-700'
                : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900'
            }`}
          >
            {tab.label}
          </Link>
        );
      })}
    </nav>
  );
}
