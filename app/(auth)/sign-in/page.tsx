import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardBody } from '@/components/ui';
import { getActor } from '@/lib/auth/actor';
import { hasAnyUser } from '@/lib/auth/setup-admin';
import { CredentialsForm } from '../credentials-form';
import { safeNext } from '../safe-next';

export const metadata: Metadata = { title: 'Sign in · Berth' };
export const dynamic = 'force-dynamic';

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // A fresh Berth has no users: the first visitor creates the admin account instead.
  if (!(await hasAnyUser())) redirect('/setup');
  const next = safeNext((await searchParams).next);
  if (await getActor()) redirect(next);
  return (
    <Card>
      <CardBody className="space-y-5 p-6">
        <div>
          <h1 className="text-xl font-semibold">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Use the email and password your admin gave you.</p>
        </div>
        <CredentialsForm endpoint="/api/session" submitLabel="Sign in" passwordAutoComplete="current-password" next={next} />
      </CardBody>
    </Card>
  );
}
