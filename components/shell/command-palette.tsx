'use client';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { cn, Dialog, Input } from '@/components/ui';
import { apiFetch } from '@/lib/http/api-client';
import { matchItems, paletteItems, type PaletteItem } from './palette-items';

/**
 * ⌘K / Ctrl+K (or the Search button): jump to any page, app or app tab by typing part of its
 * name. The apps are fetched when it opens (GET /api/apps), so a new app is there at once.
 */
export function CommandPalette({ pages }: { pages: Array<{ href: string; label: string }> }) {
  const router = useRouter();
  const listId = useId();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [apps, setApps] = useState<Array<{ name: string; status: string }>>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setOpen(true);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!open) return;
    const abort = new AbortController();
    setQuery('');
    setActive(0);
    apiFetch<{ apps: Array<{ name: string; status: string }> }>('/api/apps', { signal: abort.signal })
      .then((r) => setApps(r.apps))
      .catch(() => undefined); // pages stay reachable; the app list is a bonus
    return () => abort.abort();
  }, [open]);

  const results = matchItems(paletteItems(pages, apps), query);
  const go = (item: PaletteItem | undefined) => {
    if (!item) return;
    setOpen(false);
    router.push(item.href);
  };
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (e.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (e.key === 'Enter') go(results[active]);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        data-testid="open-palette"
        aria-label="Go to… (⌘K)"
        className="flex items-center gap-2 rounded-md px-2 py-1.5 text-sm text-slate-500 ring-1 ring-inset ring-slate-200 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-400 dark:ring-slate-700 dark:hover:bg-slate-800"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="size-4">
          <path fillRule="evenodd" d="M9 3.5a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11ZM2 9a7 7 0 1 1 12.45 4.39l3.08 3.08a.75.75 0 1 1-1.06 1.06l-3.08-3.08A7 7 0 0 1 2 9Z" clipRule="evenodd" />
        </svg>
        <span className="hidden lg:inline">Go to…</span>
        <kbd className="hidden rounded border border-slate-200 px-1 text-xs lg:inline dark:border-slate-700">⌘K</kbd>
      </button>
      <Dialog open={open} onClose={() => setOpen(false)} title="Go to">
        <Input
          data-autofocus
          role="combobox"
          aria-expanded
          aria-controls={listId}
          aria-activedescendant={results[active] ? `${listId}-${active}` : undefined}
          aria-label="Page, app or tab"
          placeholder="Type an app, a tab or a page: “shop logs”"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="palette-input"
        />
        <ul id={listId} role="listbox" aria-label="Results" className="mt-3 max-h-80 overflow-y-auto">
          {results.length === 0 && <li className="px-3 py-2 text-sm text-slate-500 dark:text-slate-400">Nothing matches.</li>}
          {results.map((item, i) => (
            <li
              key={item.href}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(item)}
              className={cn(
                'flex cursor-pointer items-center justify-between gap-3 rounded-md px-3 py-2 text-sm',
                i === active ? 'bg-indigo-600 text-white' : 'text-slate-700 dark:text-slate-200',
              )}
            >
              <span className="truncate">{item.label}</span>
              <span className={cn('shrink-0 text-xs', i === active ? 'text-indigo-100' : 'text-slate-400')}>{item.hint}</span>
            </li>
          ))}
        </ul>
      </Dialog>
    </>
  );
}
