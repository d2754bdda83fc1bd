import { Badge, CardBody, Table, TBody, TD, TH, THead, TR } from '@/components/ui';
import type { InstanceDto } from '@/lib/observe/list-instances';

const stateTone = { RUNNING: 'green', STARTING: 'blue', STOPPING: 'yellow', STOPPED: 'gray', CRASHED: 'red', EXITED: 'gray' } as const;

/** The Overview's instances: where each runs, its container, state, uptime and how busy it is. */
export function InstancesTable({ instances }: { instances: InstanceDto[] }) {
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
              {i.exitCode !== null && i.state !== 'RUNNING' && <span className="ml-1 text-xs text-slate-500">exit {i.exitCode}</span>}
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
