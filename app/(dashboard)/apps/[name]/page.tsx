import { loadApp } from './load-app';

export default async function AppOverviewPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { app } = await loadApp(decodeURIComponent(name));
  return <p className="text-sm text-slate-500">Overview of {app.name}</p>;
}
