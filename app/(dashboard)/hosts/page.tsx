import type { Metadata } from 'next';
import Link from 'next/link';
import { AutoRefresh } from '@/components/hosts/auto-refresh';
import { CapacityBar } from '@/components/hosts/capacity-bar';
import { CapacityLegend } from '@/components/hosts/capacity-legend';
import { HostActions } from '@/components/hosts/host-actions';
import { Alert, Badge, Card, CardBody, CardHeader, PageHeader } from '@/components/ui';
import { pageActor, pageWithErrors } from '@/lib/http/page';
import { hostOverview } from '@/lib/observe/host-overview';
import { addonsByHost } from '@/lib/addons/host-addons';

export const metadata: Metadata = { title: 'Hosts · Berth' };

export const dynamic = 'force-dynamic';

const statusTone = { READY: 'green', DRAINING: 'yellow', UNREACHABLE: 'red' } as const;

/**
 * Every host: what is free to request, requested vs requestable, measured use vs allocatable and
 * the sum of limits, a full/tight warning, status, last heartbeat and its instances, under one
 * legend. Admins can drain (menu → confirmation listing the apps that move); developers get the
 * same read-only view with only their apps' instances listed.
 */
export default pageWithErrors(async function HostsPage() {
  const actor = await pageActor('/hosts');
  const hosts = await hostOverview(actor);
  const addons = await addonsByHost(actor);
  const admin = actor.role === 'ADMIN';
  return (
    <div className="space-y-6">
      <AutoRefresh seconds={10} />
      <PageHeader title="Hosts" description="How busy each Docker host is, what is free, and what runs on it." />
      <CapacityLegend />
      {hosts.length === 0 && <p className="text-sm text-slate-500">No hosts registered yet.</p>}
      {hosts.map((host) => (
        <Card key={host.id} data-testid="host-card">
          <CardHeader
            title={
              <span className="flex flex-wrap items-center gap-2">
                {host.name}
                <Badge tone={statusTone[host.status]}>{host.status.toLowerCase()}</Badge>
                {host.isLocal && <Badge tone="indigo">local</Badge>}
                {host.room.state === 'full' && (
                  <Badge tone="red" data-testid="host-full">
                    full
                  </Badge>
                )}
              </span>
            }
            description={
              <span className="break-words">
                {host.address}
                {host.dockerVersion ? ` · Docker ${host.dockerVersion}` : ''} · last heartbeat{' '}
                {host.lastHeartbeatAt ? new Date(host.lastHeartbeatAt).toLocaleString() : 'never'}
                {host.lastError ? ` · ${host.lastError}` : ''}
              </span>
            }
            actions={
              admin ? (
                <HostActions
                  hostId={host.id}
                  hostName={host.name}
                  draining={host.status === 'DRAINING'}
                  apps={host.apps}
                  addons={(addons[host.id] ?? []).map((a) => `${a.app} ${a.label}`)}
                />
              ) : null
            }
          />
          <CardBody className="space-y-4">
            {host.room.state !== 'ok' && (
              <Alert tone={host.room.state === 'full' ? 'error' : 'warning'}>
                {host.room.state === 'full' ? 'Full: no new instance fits here' : 'Almost full'} — {host.room.why}.
                {host.room.state === 'full' ? ' New instances go to other hosts; scale apps down or add a host.' : ''}
              </Alert>
            )}
            <p className="text-sm text-slate-700" data-testid="host-free">
              Free to request: <strong>{(Math.max(0, host.free.cpu) / 1000).toFixed(2)} cores</strong> and{' '}
              <strong>{Math.max(0, host.free.memoryMb)} MB</strong>
            </p>
            <CapacityBar
              label="CPU"
              unit="cores"
              capacity={host.capacity.cpu}
              reserve={host.reserve.cpu}
              allocatable={host.allocatable.cpu}
              overcommit={host.overcommit.cpu}
              requestable={host.requestable.cpu}
              requested={host.requested.cpu}
              limits={host.limits.cpu}
              unlimited={host.limits.cpuUnlimited}
              used={host.used.cpu}
            />
            <CapacityBar
              label="Memory"
              unit="MB"
              capacity={host.capacity.memoryMb}
              reserve={host.reserve.memoryMb}
              allocatable={host.allocatable.memoryMb}
              overcommit={host.overcommit.memory}
              requestable={host.requestable.memoryMb}
              requested={host.requested.memoryMb}
              limits={host.limits.memoryMb}
              used={host.used.memoryMb}
            />
            <div>
              <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
                Instances ({host.instances})
              </p>
              {host.instanceList.length === 0 ? (
                <p className="text-sm text-slate-500">None{!admin && host.instances > 0 ? ' of your apps' : ''}.</p>
              ) : (
                <ul className="flex flex-wrap gap-2 text-sm">
                  {host.instanceList.map((i) => (
                    <li key={i.id} className="rounded-md border border-slate-200 px-2 py-1" data-testid="host-instance">
                      <Link href={`/apps/${encodeURIComponent(i.app)}`} className="font-medium text-indigo-700 hover:underline">
                        {i.app}
                      </Link>{' '}
                      <span className="text-slate-600">{i.name}</span>{' '}
                      <span className="text-xs text-slate-500">
                        {i.state.toLowerCase()}
                        {i.cpuPercent !== null ? ` · ${i.cpuPercent.toFixed(1)}%` : ''}
                        {i.memoryMb !== null ? ` · ${i.memoryMb} MB` : ''}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
            {(addons[host.id] ?? []).length > 0 && (
              <div>
                <p className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">Add-ons ({addons[host.id].length})</p>
                <ul className="flex flex-wrap gap-2 text-sm">
                  {addons[host.id].map((a) => (
                    <li key={a.id} className="rounded-md border border-slate-200 px-2 py-1" data-testid="host-addon">
                      <Link href={`/apps/${encodeURIComponent(a.app)}/addons`} className="font-medium text-indigo-700 hover:underline">
                        {a.app}
                      </Link>{' '}
                      <span className="text-slate-600">{a.label}</span> <span className="text-xs text-slate-500">{a.status} · limit {a.memoryLimitMb} MB</span>
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </CardBody>
        </Card>
      ))}
    </div>
  );
});
