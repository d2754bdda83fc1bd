import { ActivityFeed } from '@/components/apps/activity-feed';
import { AppActions } from '@/components/apps/app-actions';
import { CopyButton } from '@/components/apps/copy-button';
import { FailureBanner } from '@/components/apps/failure-banner';
import { InstancesTable } from '@/components/apps/instances-table';
import { LaunchProgress } from '@/components/apps/launch-progress';
import { NextSteps } from '@/components/apps/next-steps';
import { Card, CardBody, CardHeader } from '@/components/ui';
import { listAppActivity } from '@/lib/observe/app-activity';
import { listInstances } from '@/lib/observe/list-instances';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from './load-app';
import { tabMetadata } from './tab-metadata';

export const generateMetadata = tabMetadata('Overview');

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ containers?: string }> };

/**
 * Overview: failure banner, deploy progress, next steps (until the first push), actions, URL and
 * clone command, current release, instances, activity. No polling: the layout's live stream
 * re-renders this page whenever the app's rows change.
 */
export default pageWithErrors(async function AppOverviewPage({ params, searchParams }: Props) {
  const { actor, app } = await loadApp(decodeURIComponent((await params).name));
  const containers = (await searchParams).containers === '1';
  const [instances, activity] = await Promise.all([
    listInstances(actor, app.name),
    listAppActivity(actor, app.name, { containers, limit: 30 }),
  ]);
  const base = `/apps/${encodeURIComponent(app.name)}`;
  const clone = `git clone ${app.gitUrl}`;

  return (
    <div className="space-y-6">
      <FailureBanner />
      <LaunchProgress />
      <NextSteps user={actor.email} />

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader title="Access" />
          <CardBody className="space-y-3 text-sm">
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">URL</p>
              <a href={app.url} target="_blank" rel="noreferrer noopener" className="break-all text-indigo-700 hover:underline">
                {app.url}
              </a>
            </div>
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Clone</p>
              <div className="mt-1 flex min-w-0 items-center gap-2">
                <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs" data-testid="clone-command">
                  {clone}
                </code>
                <CopyButton text={clone} />
              </div>
            </div>
          </CardBody>
        </Card>
        <Card>
          <CardHeader title="Current release" />
          <CardBody className="space-y-4 text-sm">
            {app.currentRelease ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-slate-500">Version</dt>
                <dd data-testid="current-release">v{app.currentRelease.version}</dd>
                <dt className="text-slate-500">Commit</dt>
                <dd>
                  <code>{app.currentRelease.commitSha.slice(0, 7)}</code>
                </dd>
                <dt className="text-slate-500">Deployed</dt>
                <dd>{app.currentRelease.deployedAt ? `${app.currentRelease.deployedAt.replace('T', ' ').slice(0, 19)} UTC` : '—'}</dd>
                <dt className="text-slate-500">Instances</dt>
                <dd>
                  {app.runningInstances} running / {app.desiredInstances} wanted · {app.tier}
                </dd>
              </dl>
            ) : (
              <p className="text-slate-500">Nothing released yet.</p>
            )}
            <AppActions />
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title="Instances" description="What runs where, and how busy it is (sampled every 10 s)." />
        <InstancesTable instances={instances} />
      </Card>

      <Card>
        <CardHeader title="Activity" description="Builds, releases, config changes and scaling, with who did it." />
        <CardBody>
          <ActivityFeed entries={activity} containers={containers} chipHref={containers ? base : `${base}?containers=1`} />
        </CardBody>
      </Card>
    </div>
  );
});
