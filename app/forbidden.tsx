import type { Metadata } from 'next';
import { Centered, ForbiddenPage } from '@/components/shell/status-page';

export const metadata: Metadata = { title: 'Not allowed · Berth' };

/** forbidden() outside the dashboard. */
export default function Forbidden() {
  return (
    <Centered>
      <ForbiddenPage />
    </Centered>
  );
}
