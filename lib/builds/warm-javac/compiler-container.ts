import type Docker from 'dockerode';
import { config } from '../../config';
import { db } from '../../db';
import { localDocker, withTimeout } from '../../docker/connect';
import { containerLogTail, createContainer, inspectContainer, removeContainer, startContainer, statusCodeOf, type ContainerCreateSpec } from '../../docker/containers';
import { berthLabels } from '../../docker/labels';
import { JAVAC_ARCHIVE, JDBC_DIR } from '../../templates/java/template';
import { ensureRuntimeImage, runtimeImage } from '../../templates/runtime-images';

/**
 * An app's warm javac: one container per Java app (on the engine builds use), started by the
 * app's builds and ending by itself `BERTH_JAVA_COMPILER_IDLE_MINUTES` after its last compile
 * (AutoRemove; app delete removes it by label). It holds javac loaded and JIT-compiled, as
 * Gradle's daemon does, so a push's compile takes a fraction of a cold `javac` and the image
 * build only copies classes. It is confined as a build step is, and more: no network at all,
 * read-only root, no capabilities, the app's user, memory, CPU and process caps; it only ever
 * sees this app's sources, and javac runs with -proc:none (no code of the repository runs).
 */
export const JAVAC_SERVER_DIR = '/usr/share/berth/javac-server';
/** The server's port on the container's own loopback (its network is `none`). */
export const JAVAC_PORT = 7071;
const MEMORY_MB = 384;
const CALL_TIMEOUT_MS = 10_000;

export type CompilerApp = { id: string; name: string };

export const compilerName = (appName: string) => `berth-${config().BERTH_INSTALLATION}-${appName}-javac`;

/** Pure: the container's create options (unit-tested: the confinement is the point). */
export function compilerSpec(app: CompilerApp, opts: { idleMinutes: number; cpus: number }): ContainerCreateSpec {
  const memory = MEMORY_MB * 1024 * 1024;
  return {
    name: compilerName(app.name),
    Image: runtimeImage('java'),
    // tini (the image's entrypoint) runs the JVM. javac's classes mapped from the image's archive.
    Cmd: [
      'java',
      `-XX:SharedArchiveFile=${JAVAC_ARCHIVE}`,
      '-XX:+UseSerialGC',
      '-XX:-UsePerfData',
      '-Xmx256m',
      '-cp',
      JAVAC_SERVER_DIR,
      'BerthJavac',
      String(JAVAC_PORT),
      String(opts.idleMinutes * 60),
      `${JDBC_DIR}/*`,
      `${JAVAC_SERVER_DIR}/BerthCdsWarmup.java`,
    ],
    User: '10000:10000',
    WorkingDir: '/tmp',
    Labels: berthLabels({ app: app.name, appId: app.id, compiler: 'javac' }),
    NetworkDisabled: true,
    HostConfig: {
      NetworkMode: 'none',
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      ReadonlyRootfs: true,
      Tmpfs: { '/tmp': 'rw,noexec,nosuid,size=16m' },
      Memory: memory,
      MemorySwap: memory,
      NanoCpus: Math.round(opts.cpus * 1e9),
      PidsLimit: 64,
      AutoRemove: true,
      RestartPolicy: { Name: 'no' },
      LogConfig: { Type: 'json-file', Config: { 'max-size': '1m', 'max-file': '1' } },
    },
  };
}

/** The app's compiler container when it is running (it may still be warming up), else null. */
export async function runningCompiler(docker: Docker, appName: string): Promise<string | null> {
  const info = await inspectContainer(docker, compilerName(appName), CALL_TIMEOUT_MS);
  return info?.State.Running ? info.Id : null;
}

/** Whether the app's compiler has warmed up and takes jobs (it says so once on its output). */
export async function warmJavacReady(docker: Docker, appName: string): Promise<boolean> {
  const lines = await containerLogTail(docker, compilerName(appName), 20, CALL_TIMEOUT_MS);
  return lines.some((line) => line.startsWith('ready on '));
}

const starting = new Map<string, Promise<void>>();

/**
 * Makes sure the app's compiler runs (idempotent; one start at a time per app in this process,
 * and a name conflict with another process's start counts as started). Never throws: a missing
 * compiler only means the next build compiles in the image build.
 */
export function ensureWarmJavac(app: CompilerApp): Promise<void> {
  const { BERTH_JAVA_COMPILER_IDLE_MINUTES: idleMinutes, BERTH_BUILD_CPUS: cpus } = config();
  if (idleMinutes === 0) return Promise.resolve();
  let start = starting.get(app.name);
  if (!start) {
    start = startCompiler(app, { idleMinutes, cpus })
      .catch((error: unknown) => console.error(`[warm-javac] ${app.name}: could not start: ${String(error)}`))
      .finally(() => starting.delete(app.name));
    starting.set(app.name, start);
  }
  return start;
}

async function startCompiler(app: CompilerApp, opts: { idleMinutes: number; cpus: number }): Promise<void> {
  const docker = localDocker(CALL_TIMEOUT_MS);
  const found = await inspectContainer(docker, compilerName(app.name), CALL_TIMEOUT_MS);
  if (found?.State.Running) return;
  // Exited and not yet auto-removed (or created and never started): replaced.
  if (found) await removeContainer(docker, found.Id, { missingOk: true });
  await ensureRuntimeImage('java');
  // Started a few seconds after a build: the app may have been deleted meanwhile. App delete
  // removes the compiler after the row, so a start that still saw the row goes with the app.
  if (!(await db.app.findUnique({ where: { id: app.id }, select: { id: true } }))) return;
  try {
    const created = await withTimeout(createContainer(docker, compilerSpec(app, opts)), CALL_TIMEOUT_MS, 'create warm javac');
    await withTimeout(startContainer(docker, created.Id), CALL_TIMEOUT_MS, 'start warm javac');
  } catch (error) {
    if (statusCodeOf(error) === 409) return; // another process made it meanwhile
    throw error;
  }
}

/** After a Java build: started a few seconds later, so the release's container start and the app's boot get the cores first. */
const START_DELAY_MS = 5_000;

const pendingStarts = new Map<string, NodeJS.Timeout>();

export function warmJavacSoon(app: CompilerApp): void {
  if (config().BERTH_JAVA_COMPILER_IDLE_MINUTES === 0) return;
  clearTimeout(pendingStarts.get(app.name));
  const timer = setTimeout(() => {
    pendingStarts.delete(app.name);
    void ensureWarmJavac(app);
  }, START_DELAY_MS).unref();
  pendingStarts.set(app.name, timer);
}

/** App delete (after the row is gone): the app's compiler goes with it (on the build engine, which may be no deploy host). */
export async function removeWarmJavac(appName: string): Promise<void> {
  clearTimeout(pendingStarts.get(appName)); // a start this process still had planned
  pendingStarts.delete(appName);
  await removeContainer(localDocker(CALL_TIMEOUT_MS), compilerName(appName), { missingOk: true }).catch((error: unknown) => {
    if (statusCodeOf(error) !== 409) throw error; // 409: already being removed (it had exited)
  });
}
