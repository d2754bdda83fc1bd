import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui';
import { listApiTokens } from '@/lib/auth/api-tokens';
import { listUsers } from '@/lib/auth/list-users';
import { pageActor, pageWithErrors } from '@/lib/http/page';
import { TokensPanel } from './tokens-panel';
import { UsersPanel } from './users-panel';

export const metadata: Metadata = { title: 'Settings · Berth' };
export const dynamic = 'force-dynamic';

export default pageWithErrors(async function SettingsPage() {
  const actor = await pageActor();
  const tokens = await listApiTokens(actor);
  const now = new Date();
  const users = actor.role === 'ADMIN' ? await listUsers(actor) : null;
  return (
    <div className="space-y-8">
      <PageHeader title="Settings" description={`Signed in as ${actor.email}`} />
      <TokensPanel
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.prefix,
          createdAt: t.createdAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          expiresAt: t.expiresAt?.toISOString() ?? null,
          expired: !!t.expiresAt && t.expiresAt <= now,
        }))}
      />
      {users && (
        <UsersPanel
          currentUserId={actor.id}
          users={users.map((u) => ({
            id: u.id,
            email: u.email,
            role: u.role,
            createdAt: u.createdAt.toISOString(),
            disabledAt: u.disabledAt?.toISOString() ?? null,
            lastSeenAt: u.lastSeenAt?.toISOString() ?? null,
          }))}
        />
      )}
    </div>
  );
});
