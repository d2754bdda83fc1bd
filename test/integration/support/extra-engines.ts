import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SCRIPT = path.resolve(import.meta.dirname, '../../../scripts/extra-dockerd.sh');

export type Engine = { name: string; index: number; dockerUrl: string; startedHere: boolean };

/**
 * Starts an extra dockerd (scripts/extra-dockerd.sh). An engine that was already running is
 * reused and left running afterwards: only engines this test started are stopped.
 */
export async function startEngine(name: string, index: number): Promise<Engine> {
  const { stdout } = await run('bash', [SCRIPT, 'start', name, String(index)], { timeout: 90_000 });
  return { name, index, dockerUrl: `unix:///run/berth-dockerd-${name}.sock`, startedHere: stdout.startsWith('started') };
}

export async function stopEngine(engine: Engine): Promise<void> {
  if (!engine.startedHere) return;
  await run('bash', [SCRIPT, 'stop', engine.name, String(engine.index)], { timeout: 60_000 });
}
