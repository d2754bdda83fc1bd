import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/extra-dockerd.sh');

/** `root` holds the engine's data-root and, when started with TLS_PORT, tls/{ca,cert,key}.pem. */
export type Engine = { name: string; index: number; dockerUrl: string; startedHere: boolean; root: string };

/**
 * Starts an extra dockerd (scripts/extra-dockerd.sh). An engine that was already running is
 * reused and left running afterwards: only engines this test started are stopped.
 */
export async function startEngine(name: string, index: number, env: Record<string, string> = {}): Promise<Engine> {
  const { stdout } = await run('bash', [SCRIPT, 'start', name, String(index)], {
    timeout: 90_000,
    env: { ...process.env, ...env },
  });
  return {
    name,
    index,
    dockerUrl: `unix:///run/berth-dockerd-${name}.sock`,
    startedHere: stdout.startsWith('started'),
    root: /^root (.+)$/m.exec(stdout)?.[1] ?? '',
  };
}

export async function stopEngine(engine: Engine): Promise<void> {
  if (!engine.startedHere) return;
  // Its data-root lives in this run's data directory: delete it with the engine.
  await run('bash', [SCRIPT, 'stop', engine.name, String(engine.index)], {
    timeout: 60_000,
    env: { ...process.env, CLEAN: '1' },
  });
}
