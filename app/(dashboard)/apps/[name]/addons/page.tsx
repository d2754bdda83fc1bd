import { AddonsPanel } from '@/components/addons/addons-panel';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { listAddonsWithBackups } from '@/lib/addons/list-addons';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Add-ons');

export const dynamic = 'force-dynamic';

/** Add-ons tab: the app's databases and caches, their connection strings (masked) and backups. */
export default pageWithErrors(async function AddonsPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const addons = await listAddonsWithBackups(actor, app.name);
  return (
    <Card>
      <CardHeader
        title="Add-ons"
        description="PostgreSQL, MariaDB and Redis on the app's own network. Adding one sets its URL env var and deploys a new release."
      />
      <CardBody>
        <AddonsPanel app={app.name} addons={addons} />
      </CardBody>
    </Card>
  );
});
