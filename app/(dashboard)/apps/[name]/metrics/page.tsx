import { MetricsCharts } from '@/components/metrics/metrics-charts';
import { loadApp } from '../load-app';

export default async function AppMetricsPage({ params }: { params: Promise<{ name: string }> }) {
  const { app } = await loadApp(decodeURIComponent((await params).name));
  return <MetricsCharts app={app.name} />;
}
