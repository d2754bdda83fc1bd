import { DeleteApp } from '@/components/apps/delete-app';
import { SleepSettings } from '@/components/apps/sleep-settings';
import { VolumesPanel } from '@/components/apps/volumes-panel';
import { WebhookSettings } from '@/components/apps/webhook-settings';
import { AppControls } from '@/components/releases/app-controls';
import { FormationTable } from '@/components/releases/formation-table';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { getAppSettings } from '@/lib/apps/get-app-settings';
import { pageWithErrors } from '@/lib/http/page';
import { getSleepSettings } from '@/lib/sleep/sleep-app';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Settings');

export const dynamic = 'force-dynamic';

/** Settings tab: formation (count and tier per process type), tiers, app tier, restart, stop/start, health check, volumes, webhook (APPS), danger zone (APPS). */
export default pageWithErrors(async function SettingsPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const { formation, ...settings } = await getAppSettings(actor, app.name);
  const sleep = await getSleepSettings(actor, app.name);
  return (
    <div className="space-y-6">
      {/* Not keyed by the formation: a remount after the refresh that follows Scale would drop its notice. */}
      <FormationTable app={app.name} formation={formation} />
      <AppControls app={app.name} {...settings} />
      <SleepSettings app={app.name} {...sleep} />
      <VolumesPanel name={app.name} />
      <WebhookSettings name={app.name} />
      <Card>
        <CardHeader title="Danger zone" description="Deleting removes the app's containers, repository, releases and logs." />
        <CardBody>
          <DeleteApp name={app.name} />
        </CardBody>
      </Card>
    </div>
  );
});
