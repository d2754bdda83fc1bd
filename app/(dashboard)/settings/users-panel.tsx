'use client';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Field, Input, Select, Table, TBody, TD, TH, THead, TR , useHydrated } from '@/components/ui';
import { apiFetch, describeApiError } from '@/lib/http/api-client';
import { formatDate } from './format-date';

type UserRow = {
  id: string;
  email: string;
  role: 'ADMIN' | 'DEVELOPER';
  createdAt: string;
  disabledAt: string | null;
  lastSeenAt: string | null;
};

/**
 * Admins only: list users, create new ones (admin or developer), and offboard: disabling signs the
 * user out everywhere and revokes their API tokens at once; removing deletes the account.
 */
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

  async function setDisabled(user: UserRow, disabled: boolean) {
    if (disabled && !window.confirm(`Disable ${user.email}? They are signed out everywhere and their API tokens stop working now.`)) return;
    setError(null);
    setNotice(null);
    try {
      await apiFetch('/api/users/' + encodeURIComponent(user.id), { method: 'PATCH', body: { disabled } });
      setNotice(disabled ? `Disabled ${user.email}; their sessions and tokens no longer work.` : `Enabled ${user.email}.`);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
  }

  async function remove(user: UserRow) {
    if (!window.confirm(`Remove ${user.email}? Their account, sessions, tokens and app memberships are deleted.`)) return;
    setError(null);
    setNotice(null);
    try {
      await apiFetch('/api/users/' + encodeURIComponent(user.id), { method: 'DELETE' });
      setNotice(`Removed ${user.email}.`);
      router.refresh();
    } catch (e) {
      setError((e as Error).message);
    }
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
              <TH>Status</TH>
              <TH>Created</TH>
              <TH>Last seen</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
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
                <TD>{u.disabledAt ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}</TD>
                <TD>{formatDate(u.createdAt)}</TD>
                <TD>{formatDate(u.lastSeenAt)}</TD>
                <TD className="whitespace-nowrap text-right">
                  {u.id !== currentUserId && (
                    <>
                      <Button size="sm" variant="ghost" onClick={() => setDisabled(u, !u.disabledAt)} aria-label={`${u.disabledAt ? 'Enable' : 'Disable'} ${u.email}`}>
                        {u.disabledAt ? 'Enable' : 'Disable'}
                      </Button>
                      <Button size="sm" variant="ghost" onClick={() => remove(u)} aria-label={`Remove ${u.email}`}>
                        Remove
                      </Button>
                    </>
                  )}
                </TD>
              </TR>
            ))}
          </TBody>
        </Table>
      </CardBody>
    </Card>
  );
}
