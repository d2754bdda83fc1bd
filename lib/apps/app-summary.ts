import type { Prisma } from '../db';
import { appUrl, gitUrl } from '../model/app-url';
import { deriveAppStatus, type AppStatus } from './app-status';
import { PRESENT_INSTANCE_STATUSES } from '../model/instance-status';
import { defaultQuantity } from '../model/formation';

/** What the apps list and GET /api/apps/<name> show about an app (a DTO, not a Prisma model). */
export type AppSummary = {
  id: string;
  name: string;
  template: string;
  tier: string;
  status: AppStatus;
  url: string;
  gitUrl: string;
  /** Web instances the formation asks for. */
  desiredInstances: number;
  runningInstances: number;
  hosts: string[];
  lastDeployAt: string | null;
  createdAt: string;
  currentRelease: { id: string; version: number; commitSha: string; status: string; deployedAt: string | null } | null;
  latestBuild: { id: string; number: number; status: string; commitSha: string; error: string | null } | null;
  instances: { id: string; host: string; status: string; hostPort: number | null; processType: string }[];
};

export const appSummaryInclude = {
  currentRelease: true,
  builds: { orderBy: { number: 'desc' }, take: 1 },
  releases: { orderBy: { version: 'desc' }, take: 1 },
  formation: { where: { processType: 'web' } },
  instanceRows: {
    where: { status: { in: [...PRESENT_INSTANCE_STATUSES] } },
    include: { host: { select: { name: true } } },
  },
} satisfies Prisma.AppInclude;

type AppWithSummary = Prisma.AppGetPayload<{ include: typeof appSummaryInclude }>;

export function toAppSummary(app: AppWithSummary): AppSummary {
  const latestBuild = app.builds[0] ?? null;
  const latestRelease = app.releases[0] ?? null;
  const current = app.instanceRows.filter((i) => i.releaseId === app.currentReleaseId);
  const status = deriveAppStatus({
    desiredState: app.desiredState,
    sleeping: app.sleepingSince !== null,
    latestBuild,
    latestRelease,
    hasCurrentRelease: app.currentReleaseId !== null,
    instances: current.filter((i) => i.processType === 'web'),
    webQuantity: app.formation[0]?.quantity ?? defaultQuantity('web'),
  });
  return {
    id: app.id,
    name: app.name,
    template: app.template.toLowerCase(),
    tier: app.tier.toLowerCase(),
    status,
    url: appUrl(app.name),
    gitUrl: gitUrl(app.name),
    desiredInstances: app.formation[0]?.quantity ?? defaultQuantity('web'),
    runningInstances: current.filter((i) => i.status === 'RUNNING').length,
    hosts: [...new Set(app.instanceRows.map((i) => i.host.name))].sort(),
    lastDeployAt: app.currentRelease?.deployedAt?.toISOString() ?? null,
    createdAt: app.createdAt.toISOString(),
    currentRelease: app.currentRelease
      ? {
          id: app.currentRelease.id,
          version: app.currentRelease.version,
          commitSha: app.currentRelease.commitSha,
          status: app.currentRelease.status,
          deployedAt: app.currentRelease.deployedAt?.toISOString() ?? null,
        }
      : null,
    latestBuild: latestBuild
      ? {
          id: latestBuild.id,
          number: latestBuild.number,
          status: latestBuild.status,
          commitSha: latestBuild.commitSha,
          error: latestBuild.error,
        }
      : null,
    instances: app.instanceRows.map((i) => ({
      id: i.id,
      host: i.host.name,
      status: i.status,
      hostPort: i.hostPort,
      processType: i.processType,
    })),
  };
}
