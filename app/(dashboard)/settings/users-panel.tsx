'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Field, Input, Select, Table, TBody, TD, TH, THead, TR , useHydrated } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import { formatDate } from './format-date';

type UserRow = { id: string; email: string; role: 'ADMIN' | 'DEVELOPER'; createdAt: string };

/** Admins only: list users and create new ones (admin or developer). */
export function UsersPanel({ users, currentUserId }: { users: UserRow[]; currentUserId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const hydrated = useHydrated();

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formEl = event.currentTarget;
    const form = new FormData(formEl);
    setPending(true);
    setError(null);
    setNotice(null);
    try {
      const res = await apiFetch<{ user: { email: string } }>('/api/users', {
        method: 'POST',
        body: { email: form.get('email'), password: form.get('password'), role: form.get('role') },
      });
      setNotice(`Created ${res.user.email}. Share the password with them securely.`);
      formEl.reset();
      router.refresh();
    } catch (e) {
      setError(describeApiError(e));
    }
    setPending(false);
  }

  return (
    <Card>
      <CardHeader title="Users" description="Admins manage every app, host and user; developers see the apps they are members of." />
      <CardBody className="space-y-4">
        {error && <Alert tone="error">{error}</Alert>}
        {notice && <Alert tone="success">{notice}</Alert>}
        <form onSubmit={create} method="post" className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end">
          <Field id="user-email" label="Email">
            <Input id="user-email" name="email" type="email" required autoComplete="off" />
          </Field>
          <Field id="user-password" label="Initial password">
            <Input id="user-password" name="password" type="password" required minLength={8} autoComplete="new-password" />
          </Field>
          <Field id="user-role" label="Role">
            <Select id="user-role" name="role" defaultValue="developer">
              <option value="developer">Developer</option>
              <option value="admin">Admin</option>
            </Select>
          </Field>
          <Button type="submit" loading={pending} disabled={!hydrated}>
            Add user
          </Button>
        </form>
        <Table aria-label="Users">
          <THead>
            <tr>
              <TH>Email</TH>
              <TH>Role</TH>
              <TH>Created</TH>
            </tr>
          </THead>
          <TBody>
            {users.map((u) => (
              <TR key={u.id}>
                <TD className="font-medium text-slate-900">
                  {u.email}
                  {u.id === currentUserId && <span className="ml-2 text-xs text-slate-500">(you)</span>}
                </TD>
                <TD>
                  <Badge tone={u.role === 'ADMIN' ? 'indigo' : 'gray'}>{u.role === 'ADMIN' ? 'Admin' : 'Developer'}</Badge>
                </TD>
                <TD>{formatDate(u.createdAt)}</TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
