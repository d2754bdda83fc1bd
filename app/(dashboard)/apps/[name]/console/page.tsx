import { ConsoleTerminal, type ConsoleTargetOption } from '@/components/console/terminal';
import { pageWithErrors } from '@/lib/http/page';
import { listInstances } from '@/lib/observe/list-instances';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Console');

export default pageWithErrors(async function AppConsolePage({ params }: { params: Promise<{ name: string }> }) {
  const { actor, app } = await loadApp(decodeURIComponent((await params).name));
  const instances = await listInstances(actor, app.name);
  const targets: ConsoleTargetOption[] = [
    ...instances
      .filter((i) => i.state === 'RUNNING')
      .map((i) => ({ value: i.name, label: `${i.name} on ${i.host}` })),
    { value: 'run', label: 'A one-off container (live release)' },
  ];
  return <ConsoleTerminal app={app.name} targets={targets} />;
});
