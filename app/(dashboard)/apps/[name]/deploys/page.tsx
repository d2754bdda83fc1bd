import { BuildsPanel } from '@/components/builds/builds-panel';
import { FailureReason } from '@/components/releases/failure-reason';
import { ReleaseList } from '@/components/releases/release-list';
import { Badge, Card, CardBody, CardHeader, EmptyState } from '@/components/ui';
import { listDeployments } from '@/lib/deploys/list-deployments';
import { listReleases } from '@/lib/releases/list-releases';
import { pageWithErrors } from '@/lib/http/page';
import { loadApp } from '../load-app';
import { tabMetadata } from '../tab-metadata';

export const generateMetadata = tabMetadata('Deploys');

export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ name: string }>; searchParams: Promise<{ build?: string }> };

/** Deploys tab: releases (rollback, build logs), builds (`?build=<id>` opens that build's log) and recent operations; re-rendered live by the layout's stream. */
export default pageWithErrors(async function DeploysPage({ params, searchParams }: Props) {
  const { name } = await params;
  const { build } = await searchParams;
  const { actor, app } = await loadApp(decodeURIComponent(name));
  const [releases, deployments] = await Promise.all([listReleases(actor, app.name), listDeployments(actor, app.name, 10)]);
  return (
    <div className="space-y-6">
      <Card>
        <CardHeader title="Releases" description="Every deploy, rollback and env change is a release. Roll back to any release that was live." />
        <CardBody>
          {releases.length === 0 ? (
            <EmptyState title="No releases yet" description="The first release appears when the first build succeeds." />
          ) : (
            <ReleaseList app={app.name} releases={releases} />
          )}
        </CardBody>
      </Card>
      <Card>
        <CardHeader title="Builds" description="Recent builds with their live log." />
        <CardBody>
          <BuildsPanel appName={app.name} initialBuild={build} />
        </CardBody>
      </Card>
      {deployments.length > 0 && (
        <Card>
          <CardHeader title="Recent operations" />
          <CardBody>
            <ul className="divide-y divide-slate-100 text-sm" data-testid="deployments">
              {deployments.map((d) => (
                <li key={d.id} className="flex flex-wrap items-center gap-3 py-2">
                  <Badge tone={d.status === 'SUCCEEDED' ? 'green' : d.status === 'FAILED' ? 'red' : 'blue'}>{d.status.toLowerCase()}</Badge>
                  <span className="font-medium">{d.kind.toLowerCase()}</span>
                  {d.releaseVersion !== null && <span className="text-slate-500">v{d.releaseVersion}</span>}
                  <span className="text-slate-500">{d.createdAt.replace('T', ' ').slice(0, 19)} UTC</span>
                  {d.status === 'FAILED' && d.reason ? (
                    <FailureReason reason={d.reason} step={d.failedStep} detail={d.failureDetail} className="basis-full" />
                  ) : (
                    d.reason && <span className="text-slate-500">{d.reason}</span>
                  )}
                </li>
              ))}
            </ul>
          </CardBody>
        </Card>
      )}
    </div>
  );
});
