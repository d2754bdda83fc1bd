'use client';
import Link from 'next/link';
import { useState } from 'react';
import { Menu, menuItemClasses } from '@/components/ui';
import { ApiError, apiFetch, UNREACHABLE } from '@/lib/http/api-client';

/**
 * The apps list's per-row actions: Open and Logs as links, Redeploy and Restart as API calls.
 * What they start shows up in the row by itself (the list is live); only a refusal is shown here.
 */
export function AppRowActions({ name, url }: { name: string; url: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const base = `/apps/${encodeURIComponent(name)}`;
  async function run(action: 'redeploy' | 'restart', close: () => void) {
    close();
    setMessage(null);
    try {
      await apiFetch(`/api/apps/${encodeURIComponent(name)}/${action}`, { method: 'POST' });
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : UNREACHABLE);
    }
  }
  return (
    <div className="flex items-center justify-end gap-1">
      {message && (
        <span role="alert" className="max-w-48 truncate text-xs text-red-600 dark:text-red-400" title={message}>
          {message}
        </span>
      )}
      <Menu label={`Actions for ${name}`}>
        {(close) => (
          <>
            <a role="menuitem" href={url} target="_blank" rel="noreferrer noopener" className={menuItemClasses} onClick={close}>
              Open app ↗
            </a>
            <Link role="menuitem" href={`${base}/logs`} className={menuItemClasses} onClick={close}>
              Logs
            </Link>
            <Link role="menuitem" href={`${base}/deploys`} className={menuItemClasses} onClick={close}>
              Deploys · Roll back
            </Link>
            <button type="button" role="menuitem" className={menuItemClasses} onClick={() => run('redeploy', close)}>
              Redeploy
            </button>
            <button type="button" role="menuitem" className={menuItemClasses} onClick={() => run('restart', close)}>
              Restart
            </button>
          </>
        )}
      </Menu>
    </div>
  );
}
