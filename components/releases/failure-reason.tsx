import Link from 'next/link';
import { stepLink } from '@/lib/apps/failure-notice';

/**
 * Why a release failed: the short reason always visible, the detail (the raw engine error, the
 * app's last log lines) in a collapsed section, and for a capacity refusal a link to Hosts, where
 * the free capacity per host is shown.
 */
export function FailureReason({
  reason,
  step,
  detail,
  className = '',
}: {
  reason: string;
  step?: string | null;
  detail?: string | null;
  className?: string;
}) {
  const link = step ? stepLink(step) : null;
  return (
    <div className={`max-w-md text-xs text-red-700 ${className}`} data-testid="failure-reason">
      <p className="whitespace-pre-line break-words">
        {step ? <span className="font-medium">Failed at {step}: </span> : null}
        {reason}
        {link && (
          <>
            {' '}
            <Link href={link.href} className="font-medium underline">
              {link.label}
            </Link>
          </>
        )}
      </p>
      {detail && (
        <details className="mt-1 text-slate-600">
          <summary className="cursor-pointer">Details</summary>
          <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-900 p-2 font-mono text-slate-100">{detail}</pre>
        </details>
      )}
    </div>
  );
}
