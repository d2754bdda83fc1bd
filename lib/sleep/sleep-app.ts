import { z } from 'zod';
import type { Actor } from '../auth/actor';
import { findAppForActor } from '../auth/app-access';
import { config } from '../config';
import { db } from '../db';
import { conflict } from '../errors';
import { recordEvent } from '../events/record-event';
import { createDeployment, enqueue } from '../deploys/request-deployment';

/**
 * Sleeping apps (Density #10): a sleeping app has desiredState STOPPED and `sleepingSince` set.
 * Its instances are stopped by an ordinary STOP deployment (which frees their scheduler
 * reservation; the stopped containers are kept so a wake is a `docker start`:
 * lib/deploys/kept-containers.ts) and the proxy hands its requests to the waker (lib/sleep/waker.ts).
 */
type Result = { deploymentId: string };

type Who = { actor: Pick<Actor, 'id' | 'email'> | null; reason: string };

/**
 * Puts an awake, running app to sleep: one conditional update, so two callers (the idle loop and
 * the API) never both queue a stop. Returns null when the app was not awake and running.
 */
export async function putToSleep(app: { id: string; name: string }, who: Who, now = new Date()): Promise<Result | null> {
  const deploymentId = await db.$transaction(async (tx) => {
    const changed = await tx.app.updateMany({
      where: { id: app.id, desiredState: 'RUNNING', sleepingSince: null, currentReleaseId: { not: null } },
      data: { desiredState: 'STOPPED', sleepingSince: now },
    });
    if (changed.count === 0) return null;
    const current = await tx.app.findUniqueOrThrow({ where: { id: app.id }, select: { currentReleaseId: true } });
    const id = await createDeployment({ appId: app.id, kind: 'STOP', releaseId: current.currentReleaseId, createdById: who.actor?.id ?? null, reason: who.reason }, tx);
    await recordEvent({ kind: 'app.sleep', message: `${app.name} is sleeping (${who.reason})`, appId: app.id, appName: app.name, actor: who.actor, data: { deploymentId: id } }, tx);
    return id;
  });
  if (!deploymentId) return null;
  await enqueue(deploymentId);
  return { deploymentId };
}

/**
 * Wakes a sleeping app: desired state RUNNING and a START deployment through the ordinary deploy
 * path. The conditional update makes concurrent wakers (many requests, several processes) queue
 * exactly one start; the others get null and just wait for the app.
 */
export async function wakeUp(app: { id: string; name: string }, who: Who): Promise<Result | null> {
  const deploymentId = await db.$transaction(async (tx) => {
    const changed = await tx.app.updateMany({
      where: { id: app.id, sleepingSince: { not: null } },
      data: { desiredState: 'RUNNING', sleepingSince: null },
    });
    if (changed.count === 0) return null;
    const current = await tx.app.findUniqueOrThrow({ where: { id: app.id }, select: { currentReleaseId: true } });
    const id = await createDeployment({ appId: app.id, kind: 'START', releaseId: current.currentReleaseId, createdById: who.actor?.id ?? null, reason: who.reason }, tx);
    await recordEvent({ kind: 'app.wake', message: `Woke ${app.name} (${who.reason})`, appId: app.id, appName: app.name, actor: who.actor, data: { deploymentId: id } }, tx);
    return id;
  });
  if (!deploymentId) return null;
  await enqueue(deploymentId);
  return { deploymentId };
}

/** POST /api/apps/<name>/sleep — 202; a stopped, already sleeping or never deployed app is a 409. */
export async function sleepApp(actor: Actor, name: string): Promise<Result> {
  const app = await findAppForActor(actor, name, 'write');
  if (app.sleepingSince) throw conflict(`${name} is already sleeping`);
  if (app.desiredState === 'STOPPED') throw conflict(`${name} is stopped; start it before putting it to sleep`);
  if (!app.currentReleaseId) throw conflict(`${name} has no live release to put to sleep`);
  const result = await putToSleep(app, { actor, reason: 'requested' });
  if (!result) throw conflict(`${name} changed meanwhile; try again`);
  return result;
}

/** POST /api/apps/<name>/wake — 202; an app that is not sleeping is a 409. */
export async function wakeApp(actor: Actor, name: string): Promise<Result> {
  const app = await findAppForActor(actor, name, 'write');
  if (!app.sleepingSince) throw conflict(`${name} is not sleeping`);
  const result = await wakeUp(app, { actor, reason: 'requested' });
  if (!result) throw conflict(`${name} is not sleeping`);
  return result;
}

export const MAX_SLEEP_AFTER_IDLE_MINUTES = 7 * 24 * 60;

/** PUT /api/apps/<name>/sleep-settings {sleepAfterIdleMinutes: 0..10080 | null (installation default)} */
export const ZSleepSettings = z.object({
  sleepAfterIdleMinutes: z.coerce.number().int().min(0).max(MAX_SLEEP_AFTER_IDLE_MINUTES).nullable(),
});

export async function setSleepAfterIdle(actor: Actor, name: string, minutes: number | null): Promise<void> {
  const app = await findAppForActor(actor, name, 'write');
  await db.app.update({ where: { id: app.id }, data: { sleepAfterIdleMinutes: minutes } });
  const text = minutes === null ? 'installation default' : minutes === 0 ? 'never' : `${minutes} min`;
  await recordEvent({ kind: 'app.sleep-settings', message: `Sleep after idle: ${text}`, appId: app.id, appName: app.name, actor, data: { sleepAfterIdleMinutes: minutes } });
}

/** What the Settings tab shows about sleeping (a DTO). */
export type SleepSettings = {
  /** null = the installation default applies. */
  sleepAfterIdleMinutes: number | null;
  installationDefaultMinutes: number;
  sleeping: boolean;
  /** Sleep is possible: running, awake and deployed. */
  canSleep: boolean;
};

export async function getSleepSettings(actor: Actor, name: string): Promise<SleepSettings> {
  const app = await findAppForActor(actor, name, 'read');
  return {
    sleepAfterIdleMinutes: app.sleepAfterIdleMinutes,
    installationDefaultMinutes: config().BERTH_SLEEP_AFTER_IDLE_MINUTES,
    sleeping: app.sleepingSince !== null,
    canSleep: app.sleepingSince === null && app.desiredState === 'RUNNING' && app.currentReleaseId !== null,
  };
}
