'use client';
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';

type State = 'idle' | 'loading' | 'done';

/**
 * A thin bar at the top while a client-side navigation loads. The App Router has no router
 * events, so it starts on a click on a same-site link to another page and finishes when the path
 * changes (or after 15 s, so a navigation that never lands cannot leave it running).
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const [state, setState] = useState<State>('idle');

  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      // defaultPrevented is no sign: next/link prevents the default of every click it routes itself.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.('a');
      if (!link || (link.target && link.target !== '_self') || link.hasAttribute('download')) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname === window.location.pathname) return;
      setState('loading');
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, []);

  useEffect(() => {
    setState((s) => (s === 'loading' ? 'done' : s));
  }, [pathname]);

  useEffect(() => {
    if (state === 'idle') return;
    const t = setTimeout(() => setState(state === 'loading' ? 'done' : 'idle'), state === 'loading' ? 15_000 : 400);
    return () => clearTimeout(t);
  }, [state]);

  return (
    <div
      aria-hidden={state !== 'loading'}
      role={state === 'loading' ? 'progressbar' : undefined}
      aria-label={state === 'loading' ? 'Loading page' : undefined}
      data-testid="nav-progress"
      data-state={state}
      className="pointer-events-none fixed inset-x-0 top-0 z-50 h-0.5"
    >
      <div
        className={
          'h-full bg-indigo-500 transition-[width,opacity] ease-out dark:bg-indigo-400 ' +
          (state === 'idle' ? 'w-0 opacity-0 duration-0' : state === 'loading' ? 'w-4/5 opacity-100 duration-[8000ms]' : 'w-full opacity-0 duration-300')
        }
      />
    </div>
  );
}
