import { Centered, ForbiddenPage } from '@/components/shell/status-page';

/** forbidden() outside the dashboard. */
export default function Forbidden() {
  return (
    <Centered>
      <ForbiddenPage />
    </Centered>
  );
}
