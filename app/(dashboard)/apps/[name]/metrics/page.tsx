import { MetricsCharts } from '@/components/metrics/metrics-charts';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Metrics');

export default pageWithErrors(async function AppMetricsPage({ params }: { params: Promise<{ name: string }> }) {
  const { app } = await loadApp(decodeURIComponent((await params).name));
  return <MetricsCharts app={app.name} />;
});
