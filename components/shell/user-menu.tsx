'use client';
import { useEffect, useRef, useState } from 'react';
import { cn } from '@/components/ui';
import { apiFetch } from '@/lib/http/api-client';

/** Avatar button opening a small menu with the signed-in email and "Sign out". */
export function UserMenu({ email, role }: { email: string; role: 'ADMIN' | 'DEVELOPER' }) {
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);

  async function signOut() {
    setSigningOut(true);
    await apiFetch('/api/session', { method: 'DELETE' }).catch(() => undefined);
    window.location.assign('/sign-in');
  }

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={`Account menu for ${email}`}
        onClick={() => setOpen((v) => !v)}
        className="flex items-center gap-2 rounded-full p-1 pr-2 text-sm hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-indigo-600 dark:hover:bg-slate-800"
      >
        <span aria-hidden className="flex size-7 items-center justify-center rounded-full bg-slate-800 text-xs font-semibold uppercase text-white">
          {email.slice(0, 1)}
        </span>
        <span className="hidden max-w-48 truncate text-slate-700 md:inline dark:text-slate-300">{email}</span>
      </button>
      {open && (
        <div role="menu" className="absolute right-0 z-20 mt-2 w-64 max-w-[calc(100vw-2rem)] rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900">
          <div className="border-b border-slate-100 px-4 py-2 dark:border-slate-800">
            <p className="truncate text-sm font-medium text-slate-900 dark:text-slate-100" data-testid="user-email">
              {email}
            </p>
            <p className="text-xs text-slate-500 dark:text-slate-400">{role === 'ADMIN' ? 'Admin' : 'Developer'}</p>
          </div>
          <a role="menuitem" href="/settings" className="block px-4 py-2 text-sm text-slate-700 hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800">
            Settings
          </a>
          <button
            type="button"
            role="menuitem"
            autoFocus
            onClick={signOut}
            disabled={signingOut}
            className={cn('block w-full px-4 py-2 text-left text-sm text-slate-700 hover:bg-slate-50 focus-visible:bg-slate-100 focus-visible:outline-none dark:text-slate-200 dark:hover:bg-slate-800 dark:focus-visible:bg-slate-800')}
          >
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      )}
    </div>
  );
}
