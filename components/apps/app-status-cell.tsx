import { useId } from 'react';
import { AppStatusBadge } from './status-badge';

/**
 * Status badge plus, when the latest build or deploy failed, its reason: on hover and focus as a
 * tooltip, and in the accessible name. A live app whose newest deploy failed gets a warning mark
 * (the previous release is still serving).
 */
export function AppStatusCell({ status, failure }: { status: string; failure: string | null }) {
  const tipId = useId();
  if (!failure) return <AppStatusBadge status={status} />;
  return (
    <span className="group relative inline-flex items-center gap-1" tabIndex={0} aria-describedby={tipId} data-testid="app-failure">
      <AppStatusBadge status={status} />
      {status !== 'failed' && (
        <span aria-hidden className="text-xs text-red-600 dark:text-red-400">
          ⚠
        </span>
      )}
      <span
        role="tooltip"
        id={tipId}
        className="pointer-events-none invisible absolute left-0 top-full z-30 mt-1 w-72 max-w-[80vw] rounded-md bg-slate-900 px-3 py-2 text-xs text-white shadow-lg group-hover:visible group-focus:visible dark:bg-slate-700"
      >
        {failure}
      </span>
    </span>
  );
}
