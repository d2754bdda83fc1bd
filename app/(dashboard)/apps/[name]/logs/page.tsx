import { LogViewer } from '@/components/logs/log-viewer';
import { RetentionForm } from '@/components/logs/retention-form';
import { getLogRetention } from '@/lib/logs/get-log-retention';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Logs');

export default pageWithErrors(async function AppLogsPage({ params }: { params: Promise<{ name: string }> }) {
  const { actor, app } = await loadApp(decodeURIComponent((await params).name));
  const retention = await getLogRetention(actor, app.name);
  return (
    <div className="space-y-4">
      <LogViewer app={app.name} />
      <RetentionForm app={app.name} maxBytes={retention.maxBytes} days={retention.days} />
    </div>
  );
});
