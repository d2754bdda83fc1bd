import { config } from '../config';
import { db, type App, type Host, type Instance, type Release } from '../db';
import { describeError } from '../errors';
import { dockerForHost } from '../docker/host-client';
import { releaseInstance } from '../scheduler/reserve';
import { containerLiveness, containerLogTail, removeContainer, startContainer, statusCodeOf, stopContainer } from '../docker/containers';
import { ensureHostFirewall } from '../firewall/ensure-host-firewall';
import { parseHealthCheck } from '../model/health-check';
import { HealthCheckError, waitHealthy } from './health-check';
import { healthFailureText } from './health-failure-text';
import { DeployFailure } from './deploy-failure';
import { CONTAINER_PORT } from './container-name';
import { ensureInstanceContainer, heldSpecs } from './ensure-instance-container';
import { holdNetwork, isJoined, removeWithHolder } from './held-network';
import { boostNextStart, startupCap } from './cpu-boost';
import { recordStartTimings, StartClock } from './start-timings';
import { announceRunning } from './running-notice';
import { WANTED_INSTANCE_STATUSES } from '../model/instance-status';

/** Lines of the app's own output quoted in a failed health check's detail. */
const LOG_TAIL_LINES = 20;

export type StartContext = { app: Pick<App, 'id' | 'name'>; release: Release; host: Host };

/**
 * Brings one reserved instance to RUNNING: container (reused when it is exactly the one this
 * instance needs — a retried job's, or a sleeping app's kept container — else image on the host,
 * network, volumes, created: ensure-instance-container.ts) → started → healthy. Idempotent.
 * Throws with the reason in plain words. Time per step is kept for bench/wake.ts (start-timings.ts).
 */
export async function startInstance(instance: Instance, ctx: StartContext, signal?: AbortSignal): Promise<Instance> {
  const { release, host } = ctx;
  const docker = dockerForHost(host);
  const clock = new StartClock();
  const ensured = await ensureInstanceContainer(docker, instance, ctx);
  let info = ensured.info;
  const reused = ensured.reused;
  const how = info.State.Running ? 'running' : reused ? 'kept' : 'created';
  // Recorded before the start: logs and events are attributed by this id only (container-owner.ts).
  await db.instance.update({ where: { id: instance.id }, data: { containerId: info.Id } });
  clock.lap('container');
  if (!info.State.Running) {
    await ensureHostFirewall(host); // fail closed for a container made earlier too (checked once a minute)
    try {
      await startContainer(docker, info.Id);
    } catch (error) {
      if (!reused && !isJoined(info)) throw error;
      // A kept container, or one joined to a holder, that does not start (its network was
      // recreated meanwhile, say) is not worth diagnosing: made afresh once, on a network of its
      // own; a second failure is the real one.
      console.warn(`[deploys] kept container ${instance.containerName} did not start (${describeError(error)}); creating it again`);
      await removeWithHolder(docker, instance.containerName, { missingOk: true });
      ({ info } = await ensureInstanceContainer(docker, instance, ctx));
      await db.instance.update({ where: { id: instance.id }, data: { containerId: info.Id } });
      await startContainer(docker, info.Id);
    }
  }
  const containerId = info.Id;
  await db.instance.update({
    where: { id: instance.id },
    data: { startedAt: new Date(), status: 'STARTING' },
  });
  clock.lap('start');

  const restartsBefore = info.RestartCount;
  const isAlive = () => containerLiveness(docker, containerId, restartsBefore);
  // Booted with the host's idle cores, capped to the tier's limit once healthy (or failed).
  const boost = startupCap(docker, info.Id, info.HostConfig?.NanoCpus, instance.cpuLimit);
  try {
    if (instance.processType === 'web' && instance.hostPort) {
      try {
        const startupDeadlineMs = config().BERTH_HEALTH_STARTUP_SECONDS * 1000;
        await waitHealthy({ address: host.address, port: instance.hostPort, isAlive, signal, startupDeadlineMs }, parseHealthCheck(release.healthcheck));
      } catch (error) {
        if (!(error instanceof HealthCheckError)) throw error;
        // What the app printed is usually the answer ("listening on 3999"): quote it.
        const logTail = await containerLogTail(docker, containerId, LOG_TAIL_LINES, 5_000);
        const instanceLabel = `${instance.processType}.${instance.index}`;
        throw new DeployFailure(
          'health check',
          healthFailureText({ kind: error.kind, problem: error.message, port: CONTAINER_PORT, instance: instanceLabel, logTail }),
        );
      }
    } else {
      // No port to probe: running after a short settle is the best signal a worker gives. A
      // process that already exited with code 0 is done (Dokku's `custom: echo -n`): EXITED, its
      // container removed, not restarted — it never crash-loops the app. A failing one fails.
      await new Promise((r) => setTimeout(r, 1_500));
      const state = await isAlive();
      if (!state.alive && state.exitCode === 0) {
        await removeContainer(docker, containerId, { missingOk: true });
        return db.instance.update({ where: { id: instance.id }, data: { status: 'EXITED', exitCode: 0, stoppedAt: new Date() } });
      }
      if (!state.alive) throw new Error(`${instance.processType} process stopped right after starting (${state.why})`);
    }
  } finally {
    void boost.cap(); // not awaited: a woken app's held request goes on at once
  }
  clock.lap('health check');
  recordStartTimings({ instanceId: instance.id, container: how, steps: clock.steps });
  const running = await db.instance.update({ where: { id: instance.id }, data: { status: 'RUNNING' } });
  announceRunning(instance.appId); // a request the waker holds for this app goes on now
  return running;
}

/**
 * SIGTERM, up to `graceSeconds` for the process to exit, then SIGKILL (docker stop), then remove
 * the container and free the reservation. The caller has already taken the instance out of the
 * proxy. Idempotent: a missing container or host only frees the row. `keep` leaves the stopped
 * container in place (a sleeping app's, so its wake is a `docker start`: kept-containers.ts);
 * its reservation is freed all the same.
 */
export async function stopInstance(instance: Instance, host: Host, graceSeconds = 10, keep = false): Promise<void> {
  await db.instance.updateMany({
    where: { id: instance.id, status: { in: [...WANTED_INSTANCE_STATUSES] } },
    data: { status: 'STOPPING' },
  });
  try {
    const docker = dockerForHost(host, (graceSeconds + 30) * 1000);
    await stopContainer(docker, instance.containerName, graceSeconds);
    if (!keep) await removeWithHolder(docker, instance.containerName, { missingOk: true });
    else {
      if (instance.processType === 'web' && instance.hostPort !== null) await keepNetwork(docker, { ...instance, hostPort: instance.hostPort }, host);
      await boostNextStart(docker, instance, host);
    }
  } catch (error) {
    // The host may be gone; the reconciler removes the container if it ever comes back.
    console.warn(`[deploys] could not stop ${instance.containerName} on ${host.name}: ${describeError(error)}`);
  }
  await releaseInstance(instance.id);
}

/** Removes a failed instance's container right away (no grace: it never had traffic). */
export async function discardInstance(instance: Instance, host: Host): Promise<void> {
  try {
    await removeWithHolder(dockerForHost(host), instance.containerName);
  } catch (error) {
    if (statusCodeOf(error) !== 404) console.warn(`[deploys] could not remove ${instance.containerName}: ${describeError(error)}`);
  }
  await releaseInstance(instance.id);
}

/** A sleeping app's web instance keeps its network and port for a faster wake (held-network.ts). */
async function keepNetwork(docker: ReturnType<typeof dockerForHost>, instance: Instance & { hostPort: number }, host: Host): Promise<void> {
  const [app, release] = await Promise.all([
    db.app.findUnique({ where: { id: instance.appId }, select: { id: true, name: true } }),
    db.release.findUnique({ where: { id: instance.releaseId } }),
  ]);
  if (!app || !release) return;
  const { spec, holder } = await heldSpecs(instance, { app, release, host });
  const containerId = await holdNetwork(docker, { containerName: instance.containerName, instanceId: instance.id, hostAddress: host.address, hostPort: instance.hostPort, spec, holder });
  // The kept container is a new one when it was replaced: the row names it, so what is asked of
  // it meanwhile (whose is it: container-owner.ts, for the log shipper's drain) is answered.
  if (containerId && containerId !== instance.containerId) await db.instance.updateMany({ where: { id: instance.id }, data: { containerId } });
}
