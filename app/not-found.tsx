import type { Metadata } from 'next';
import { Centered, NotFoundPage } from '@/components/shell/status-page';

export const metadata: Metadata = { title: 'Not found · Berth' };

/** Unmatched URLs (and notFound() outside the dashboard). */
export default function NotFound() {
  return (
    <Centered>
      <NotFoundPage />
    </Centered>
  );
}
