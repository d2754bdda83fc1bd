import type { Metadata } from 'next';
import { loadApp } from './load-app';

/**
 * `export const generateMetadata = tabMetadata('Deploys')` in an app tab's page: the title
 * "shop · Deploys · Berth". The app comes from loadApp (cached per request, shared with the
 * layout and the page), so another team's app is a 404 here too.
 */
export function tabMetadata(tab: string) {
  return async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
    const { app } = await loadApp(decodeURIComponent((await params).name));
    return { title: `${app.name} · ${tab} · Berth` };
  };
}
