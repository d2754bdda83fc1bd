import { LogViewer } from '@/components/logs/log-viewer';
import { RetentionForm } from '@/components/logs/retention-form';
import { db } from '@/lib/db';
import { loadApp } from '../load-app';

export default async function AppLogsPage({ params }: { params: Promise<{ name: string }> }) {
  const { app } = await loadApp(decodeURIComponent((await params).name));
  const retention = await db.app.findUniqueOrThrow({
    where: { id: app.id },
    select: { logRetentionBytes: true, logRetentionDays: true },
  });
  return (
    <div className="space-y-4">
      <LogViewer app={app.name} />
      <RetentionForm app={app.name} maxBytes={retention.logRetentionBytes} days={retention.logRetentionDays} />
    </div>
  );
}
