import { Badge, type BadgeTone } from '@/components/ui';

const tone: Record<string, BadgeTone> = {
  live: 'green',
  building: 'yellow',
  deploying: 'blue',
  failed: 'red',
  crashed: 'red',
  stopped: 'gray',
  sleeping: 'indigo',
};

export function AppStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={tone[status] ?? 'gray'} data-testid="app-status-badge">
      {status}
    </Badge>
  );
}
