import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { Card, CardBody } from '@/components/ui';
import { hasAnyUser } from '@/lib/auth/setup-admin';
import { CredentialsForm } from '../credentials-form';

export const metadata: Metadata = { title: 'Set up Berth' };
export const dynamic = 'force-dynamic';

export default async function SetupPage() {
  if (await hasAnyUser()) redirect('/sign-in');
  return (
    <Card>
      <CardBody className="space-y-5 p-6">
        <div>
          <h1 className="text-xl font-semibold">Welcome to Berth</h1>
          <p className="mt-1 text-sm text-slate-500">
            Create the admin account with the setup code Berth printed when it started. You can add more
            users from Settings afterwards.
          </p>
        </div>
        <CredentialsForm
          endpoint="/api/setup"
          submitLabel="Create admin account"
          passwordAutoComplete="new-password"
          passwordHint="At least 8 characters."
          next="/apps"
          askSetupCode
        />
      </CardBody>
    </Card>
  );
}
