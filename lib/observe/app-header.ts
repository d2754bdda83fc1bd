import { appUrl } from '../apps/app-url';
import { db, type App } from '../db';

/**
 * What the app page header shows: a one-word status and the public URL.
 * The status is derived from Postgres only (builds, deployments, instances), newest signal first.
 */
export type AppStatusWord = 'live' | 'building' | 'deploying' | 'failed' | 'crashed' | 'stopped' | 'pending';
export type AppHeader = { status: AppStatusWord; url: string };

export async function appHeader(app: App): Promise<AppHeader> {
  const [build, deployment, instances] = await Promise.all([
    db.build.findFirst({ where: { appId: app.id }, orderBy: { number: 'desc' }, select: { status: true } }),
    db.deployment.findFirst({ where: { appId: app.id }, orderBy: { createdAt: 'desc' }, select: { status: true } }),
    db.instance.groupBy({ by: ['status'], where: { appId: app.id }, _count: true }),
  ]);
  return { status: statusWord(app, build?.status, deployment?.status, instances), url: appUrl(app.name) };
}

function statusWord(
  app: App,
  build: string | undefined,
  deployment: string | undefined,
  instances: { status: string; _count: number }[],
): AppStatusWord {
  const count = (status: string) => instances.find((i) => i.status === status)?._count ?? 0;
  if (build === 'QUEUED' || build === 'RUNNING') return 'building';
  if (deployment === 'QUEUED' || deployment === 'RUNNING') return 'deploying';
  if (app.desiredState === 'STOPPED') return 'stopped';
  if (count('RUNNING') > 0) return 'live';
  if (count('CRASHED') > 0) return 'crashed';
  if (build === 'FAILED' || deployment === 'FAILED') return 'failed';
  return 'pending';
}
