import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../extra-dockerd.sh');

/**
 * An extra engine in its own network namespace (scripts/extra-dockerd.sh).
 * - `dockerUrl`: tcp:// on its veth address, how Berth reaches it (a partition cuts it);
 * - `address`: where its published ports answer (the Host's `address`);
 * - `socketUrl`: its unix socket, a file that still answers during a partition, for the
 *   tests' own checks;
 * - `root`: its data-root and, when started with TLS_PORT, tls/{ca,cert,key}.pem.
 */
export type Engine = {
  name: string;
  index: number;
  dockerUrl: string;
  address: string;
  socketUrl: string;
  startedHere: boolean;
  root: string;
};

const field = (stdout: string, key: string) => new RegExp(`^${key} (.+)$`, 'm').exec(stdout)?.[1] ?? '';

async function script(args: string[], env: Record<string, string> = {}, timeout = 90_000) {
  const { stdout } = await run('bash', [SCRIPT, ...args], { timeout, env: { ...process.env, ...env } });
  return stdout;
}

/**
 * Starts an extra dockerd. An engine that was already running is reused and left running
 * afterwards: only engines this test started are stopped. `env` may set TLS_PORT and
 * EXTRA_DOCKERD_ARGS (passed to dockerd as is, e.g. "--userns-remap default") and
 * DOCKERD_IPTABLES=true (the engine manages its namespace's iptables, as a real host's does).
 */
export async function startEngine(name: string, index: number, env: Record<string, string> = {}): Promise<Engine> {
  const stdout = await script(['start', name, String(index)], env);
  return {
    name,
    index,
    dockerUrl: field(stdout, 'url'),
    address: field(stdout, 'address'),
    socketUrl: field(stdout, 'socket'),
    startedHere: stdout.startsWith('started'),
    root: field(stdout, 'root'),
  };
}

export async function stopEngine(engine: Engine): Promise<void> {
  if (!engine.startedHere) return;
  // Its data-root lives in this run's data directory: delete it with the engine.
  await script(['stop', engine.name, String(engine.index)], { CLEAN: '1' }, 120_000);
}

/** Crash: SIGKILL the engine and everything it runs (containers included), like a host dying. */
export async function killEngine(engine: Engine): Promise<void> {
  await script(['kill', engine.name, String(engine.index)], {}, 30_000);
}

/** Brings a killed engine back (same data-root: its old containers are still known to it). */
export async function restartEngine(engine: Engine, env: Record<string, string> = {}): Promise<void> {
  await script(['start', engine.name, String(engine.index)], env);
}

/** Network partition: `drop` = iptables DROP on its veth inside its namespace; `link` = veth down. */
export async function partitionEngine(engine: Engine, mode: 'drop' | 'link' = 'drop'): Promise<void> {
  await script(['partition', engine.name, String(engine.index), mode], {}, 30_000);
}

export async function healEngine(engine: Engine): Promise<void> {
  await script(['heal', engine.name, String(engine.index)], {}, 30_000);
}
