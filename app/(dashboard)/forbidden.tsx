import type { Metadata } from 'next';
import { ForbiddenPage } from '@/components/shell/status-page';

export const metadata: Metadata = { title: 'Not allowed · Berth' };

/** forbidden() in a signed-in page (an AppError FORBIDDEN, see lib/http/page.ts), inside the shell. */
export default function Forbidden() {
  return <ForbiddenPage />;
}
