import { LaunchProgress } from '@/components/apps/launch-progress';
import { AutoRefresh } from '@/components/hosts/auto-refresh';
import { Badge, Card, CardBody, CardHeader, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import { listAppEvents } from '@/lib/observe/list-events';
import { listInstances, type InstanceDto } from '@/lib/observe/list-instances';
import { pageWithErrors } from '@/lib/http/page';
import { CopyButton } from './copy-button';
import { EventTimeline } from './event-timeline';
import { loadApp } from './load-app';
import { tabMetadata } from './tab-metadata';

export const generateMetadata = tabMetadata('Overview');

/** Overview: URL, clone command, current release, instances (where, how healthy, how busy), timeline. */
export default pageWithErrors(async function AppOverviewPage({ params }: { params: Promise<{ name: string }> }) {
  const { actor, app } = await loadApp(decodeURIComponent((await params).name));
  const [instances, timeline] = await Promise.all([
    listInstances(actor, app.name),
    listAppEvents(actor, app.name, { limit: 25 }),
  ]);
  const clone = `git clone ${app.gitUrl}`;
  const inProgress = app.status === 'building' || app.status === 'deploying';

  return (
    <div className="space-y-6">
      <AutoRefresh seconds={10} />
      {inProgress && (
        <Card>
          <CardHeader title="Deploying" />
          <CardBody>
            <LaunchProgress name={app.name} url={app.url} />
          </CardBody>
        </Card>
      )}

      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader title="Access" />
          <CardBody className="space-y-3 text-sm">
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">URL</p>
              <a href={app.url} target="_blank" rel="noreferrer noopener" className="text-indigo-700 hover:underline">
                {app.url}
              </a>
            </div>
            <div>
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Clone</p>
              <div className="mt-1 flex items-center gap-2">
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
          <CardBody className="text-sm">
            {app.currentRelease ? (
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1">
                <dt className="text-slate-500">Version</dt>
                <dd data-testid="current-release">v{app.currentRelease.version}</dd>
                <dt className="text-slate-500">Commit</dt>
                <dd>
                  <code>{app.currentRelease.commitSha.slice(0, 7)}</code>
                </dd>
                <dt className="text-slate-500">Deployed</dt>
                <dd>{app.currentRelease.deployedAt ? new Date(app.currentRelease.deployedAt).toLocaleString() : '—'}</dd>
                <dt className="text-slate-500">Instances</dt>
                <dd>
                  {app.runningInstances} running / {app.desiredInstances} wanted · {app.tier}
                </dd>
              </dl>
            ) : (
              <p className="text-slate-500">Nothing released yet.</p>
            )}
          </CardBody>
        </Card>
      </div>

      <Card>
        <CardHeader title="Instances" description="What runs where, and how busy it is (sampled every 10 s)." />
        <InstancesTable instances={instances} />
      </Card>

      <Card>
        <CardHeader title="Timeline" description="Deploys, scaling, config changes and container events." />
        <CardBody>
          <EventTimeline events={timeline.events} />
        </CardBody>
      </Card>
    </div>
  );
});

const stateTone = { RUNNING: 'green', STARTING: 'blue', STOPPING: 'yellow', STOPPED: 'gray', CRASHED: 'red', EXITED: 'gray' } as const;

function InstancesTable({ instances }: { instances: InstanceDto[] }) {
  if (instances.length === 0) return <CardBody className="text-sm text-slate-500">No instances.</CardBody>;
  return (
    <Table data-testid="instances-table">
      <THead>
        <TR>
          <TH>Instance</TH>
          <TH>Host</TH>
          <TH>Container</TH>
          <TH>State</TH>
          <TH>Uptime</TH>
          <TH>Restarts</TH>
          <TH>CPU</TH>
          <TH>Memory</TH>
          <TH>Port</TH>
        </TR>
      </THead>
      <TBody>
        {instances.map((i) => (
          <TR key={i.id} data-testid="instance-row">
            <TD className="font-medium">
              {i.name} <span className="text-xs text-slate-400">v{i.release}</span>
            </TD>
            <TD>{i.host}</TD>
            <TD>
              <code className="text-xs" title={i.containerName}>
                {i.containerId ?? '—'}
              </code>
            </TD>
            <TD>
              <Badge tone={stateTone[i.state as keyof typeof stateTone] ?? 'gray'}>{i.state.toLowerCase()}</Badge>
              {i.oomKilled && (
                <Badge tone="red" className="ml-1">
                  OOM
                </Badge>
              )}
              {i.exitCode !== null && i.state !== 'RUNNING' && (
                <span className="ml-1 text-xs text-slate-500">exit {i.exitCode}</span>
              )}
            </TD>
            <TD>{i.uptimeSeconds !== null ? duration(i.uptimeSeconds) : '—'}</TD>
            <TD>{i.restarts}</TD>
            <TD>{i.cpuPercent !== null ? `${i.cpuPercent.toFixed(1)} %` : '—'}</TD>
            <TD>
              {i.memoryBytes !== null ? mb(i.memoryBytes) : '—'} / {mb(i.memoryLimitBytes)}
            </TD>
            <TD>{i.port ?? '—'}</TD>
          </TR>
        ))}
      </TBody>
    </Table>
  );
}

const mb = (bytes: number) => `${Math.round(bytes / 1048576)} MB`;

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
  return `${Math.floor(seconds / 86400)}d ${Math.floor((seconds % 86400) / 3600)}h`;
}
