import type { Metadata } from 'next';
import { NotFoundPage } from '@/components/shell/status-page';

export const metadata: Metadata = { title: 'Not found · Berth' };

/** notFound() in a signed-in page (an AppError NOT_FOUND, see lib/http/page.ts), inside the shell. */
export default function NotFound() {
  return <NotFoundPage />;
}
