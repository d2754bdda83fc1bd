import { NotFoundPage } from '@/components/shell/status-page';

/** notFound() in a signed-in page (an AppError NOT_FOUND, see lib/http/page.ts), inside the shell. */
export default function NotFound() {
  return <NotFoundPage />;
}
