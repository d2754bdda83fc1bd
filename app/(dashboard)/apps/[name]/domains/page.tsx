import { DomainsPanel } from '@/components/domains/domains-panel';
import { listDomains } from '@/lib/domains/list-domains';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Domains');

export const dynamic = 'force-dynamic';

/** Domains tab: DNS instructions, certificate source/status/expiry, Renew, add/remove, HTTPS options. */
export default pageWithErrors(async function DomainsPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const { domains, settings } = await listDomains(actor, app.name);
  return <DomainsPanel app={app.name} domains={domains} settings={settings} />;
});
