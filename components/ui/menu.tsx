'use client';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { cn } from './cn';

/**
 * A small drop-down menu: a button that opens a list of items; Escape, a click elsewhere or a
 * scroll closes it. Items are rendered by the caller (links or buttons with role="menuitem",
 * `menuItemClasses`). The list is positioned `fixed` under the button, so a table's scrolling
 * wrapper (overflow-x-auto) cannot clip it.
 */
export function Menu({ label, children, className }: { label: string; children: (close: () => void) => ReactNode; className?: string }) {
  const [at, setAt] = useState<{ top: number; right: number } | null>(null);
  const open = at !== null;
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = () => setAt(null);
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    window.addEventListener('scroll', close, true);
    window.addEventListener('resize', close);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
      window.removeEventListener('scroll', close, true);
      window.removeEventListener('resize', close);
    };
  }, [open]);
  const toggle = () => {
    const rect = button.current?.getBoundingClientRect();
    setAt(open || !rect ? null : { top: rect.bottom + 4, right: Math.max(8, window.innerWidth - rect.right) });
  };
  return (
    <div ref={root} className={cn('relative inline-block', className)}>
      <button
        ref={button}
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={label}
        onClick={toggle}
        className="rounded-md px-2 py-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-slate-100"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden className="size-5">
          <path d="M3 10a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0Zm5.5 0a1.5 1.5 0 1 1 3 0 1.5 1.5 0 0 1-3 0ZM15.5 8.5a1.5 1.5 0 1 0 0 3 1.5 1.5 0 0 0 0-3Z" />
        </svg>
      </button>
      {at && (
        <div
          role="menu"
          style={{ top: at.top, right: at.right }}
          className="fixed z-30 w-44 rounded-md border border-slate-200 bg-white py-1 text-left shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          {children(() => setAt(null))}
        </div>
      )}
    </div>
  );
}

export const menuItemClasses =
  'block w-full px-3 py-1.5 text-left text-sm text-slate-700 hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none ' +
  'disabled:text-slate-400 dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800';
