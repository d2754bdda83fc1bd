import { EnvBulkEditor } from '@/components/env/env-bulk-editor';
import { EnvEditor } from '@/components/env/env-editor';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { listEnv } from '@/lib/releases/change-env';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Env');

export const dynamic = 'force-dynamic';

/** Env tab: masked values (encrypted at rest); a change deploys a new release. */
export default pageWithErrors(async function EnvPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const vars = await listEnv(actor, app.name, false);
  return (
    <Card>
      <CardHeader title="Environment variables" description="Encrypted at rest. Saving or removing one deploys a new release with the change." />
      <CardBody>
        <EnvEditor app={app.name} vars={vars.map((v) => ({ key: v.key, value: v.value, masked: v.masked }))} />
        <div className="mt-6 border-t border-slate-200 pt-4">
          <EnvBulkEditor app={app.name} />
        </div>
      </CardBody>
    </Card>
  );
});
