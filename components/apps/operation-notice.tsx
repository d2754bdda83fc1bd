import { Alert } from '@/components/ui';
import type { OperationNotice as Notice } from '@/lib/apps/operation-notice';

/** The notice of an operation the user started, as it resolves (see useOperation). */
export function OperationNotice({ notice }: { notice: Notice | null }) {
  if (!notice) return null;
  return (
    <Alert tone={notice.tone} className="flex items-center gap-2">
      {notice.tone === 'info' && <span aria-hidden className="inline-block size-3 animate-spin rounded-full border-2 border-current border-t-transparent" />}
      <span data-testid="operation-notice" data-tone={notice.tone}>
        {notice.text}
      </span>
    </Alert>
  );
}
