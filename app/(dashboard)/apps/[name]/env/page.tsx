import { EnvBulkEditor } from '@/components/env/env-bulk-editor';
import { EnvConfigStatus } from '@/components/env/env-config-status';
import { EnvEditor, type EnvRow } from '@/components/env/env-editor';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { listEnv } from '@/lib/releases/change-env';
import { getEnvStatus } from '@/lib/releases/env-status';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Env');

export const dynamic = 'force-dynamic';

/**
 * Env tab: masked values (encrypted at rest), each marked live / deploying / not applied against
 * the release that runs; a change deploys a new release. Re-rendered live by the layout's stream.
 */
export default pageWithErrors(async function EnvPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const [vars, status] = await Promise.all([listEnv(actor, app.name, false), getEnvStatus(actor, app.name)]);
  const stateOf = new Map(status.keys.map((k) => [k.key, k]));
  const rows: EnvRow[] = [
    ...vars.map((v) => ({ key: v.key, value: v.value, masked: v.masked, state: stateOf.get(v.key)?.state ?? 'not-deployed' })),
    ...status.keys.filter((k) => k.removed && k.state !== 'live').map((k) => ({ key: k.key, value: '', masked: true, state: k.state, removed: true })),
  ];
  return (
    <Card>
      <CardHeader title="Environment variables" description="Encrypted at rest. Saving or removing one deploys a new release with the change." />
      <CardBody className="space-y-4">
        <EnvConfigStatus app={app.name} status={status} />
        <EnvEditor app={app.name} vars={rows} />
        <div className="mt-6 border-t border-slate-200 pt-4">
          <EnvBulkEditor app={app.name} />
        </div>
      </CardBody>
    </Card>
  );
});
