import Link from 'next/link';
import type { ReactNode } from 'react';
import { buttonClasses, Card, CardBody } from '@/components/ui';

/** A whole-page message for 404 / 403: status, title, what happened, and the way back to Apps. */
export function StatusPage({ status, title, children }: { status: number; title: string; children: ReactNode }) {
  return (
    <Card className="mx-auto max-w-lg" data-testid={`status-${status}`}>
      <CardBody className="space-y-3 px-8 py-10 text-center">
        <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">{status}</p>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900 dark:text-slate-100">{title}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{children}</p>
        <div className="pt-3">
          <Link href="/apps" className={buttonClasses('primary')}>
            Back to Apps
          </Link>
        </div>
      </CardBody>
    </Card>
  );
}

export function NotFoundPage() {
  return (
    <StatusPage status={404} title="Not found">
      There is nothing here, or it belongs to a team you are not a member of.
    </StatusPage>
  );
}

export function ForbiddenPage() {
  return (
    <StatusPage status={403} title="Not allowed">
      Your account cannot open this page. Ask an admin if you need it.
    </StatusPage>
  );
}

/** For the root files (outside the dashboard shell): the same card, centred on the page. */
export function Centered({ children }: { children: ReactNode }) {
  return <main className="flex min-h-screen items-center justify-center px-4 py-12">{children}</main>;
}
