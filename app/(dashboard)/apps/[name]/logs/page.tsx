import { LogViewer } from '@/components/logs/log-viewer';
import { loadApp } from '../load-app';

export default async function AppLogsPage({ params }: { params: Promise<{ name: string }> }) {
  const { app } = await loadApp(decodeURIComponent((await params).name));
  return <LogViewer app={app.name} />;
}
