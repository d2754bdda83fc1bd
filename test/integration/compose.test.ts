import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

// docker-compose.yml cannot run here (no image registry), so check that Debian's docker-compose
// parses it and that its shape holds: the services, named volumes, socket only in web and worker.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const file = path.join(root, 'docker-compose.yml');

async function compose(...args: string[]): Promise<string> {
  const emptyEnv = path.join(mkdtempSync(path.join(tmpdir(), 'berth-compose-')), '.env');
  writeFileSync(emptyEnv, '');
  const { stdout } = await run('docker-compose', ['--env-file', emptyEnv, '-f', file, ...args], {
    timeout: 60_000,
    cwd: root,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', BERTH_SECRET_KEY: 'a'.repeat(64), NODE_ENV: 'test' } as NodeJS.ProcessEnv,
  });
  return stdout;
}

describe('docker-compose.yml', () => {
  it('is valid for docker-compose', async () => {
    await compose('config', '-q');
  });

  it('has web, worker, postgres, redis, nginx and registry with named volumes', async () => {
    const services = (await compose('config', '--services')).trim().split('\n').sort();
    expect(services).toEqual(['nginx', 'postgres', 'redis', 'registry', 'web', 'worker']);
    const volumes = (await compose('config', '--volumes')).trim().split('\n').sort();
    expect(volumes).toEqual(['berth-data', 'postgres-data', 'redis-data', 'registry-data']);
  });

  it('mounts the Docker socket into web and worker only', async () => {
    const resolved = await compose('config');
    // Split the resolved file into top-level service blocks (2-space indent under `services:`).
    const services = `\n${resolved}`.split(/\nservices:\n/)[1].split(/\n(?=\S)/)[0];
    const blocks = services.split(/\n(?= {2}[a-z-]+:\n)/);
    expect(blocks).toHaveLength(6);
    const withSocket = blocks.filter((b) => /- \/var\/run\/docker\.sock:/.test(b)).map((b) => b.trim().split(':')[0]);
    expect(withSocket.sort()).toEqual(['web', 'worker']);
  });

  it('refuses to start without a secret key', async () => {
    const raw = readFileSync(file, 'utf8');
    expect(raw).toContain('${BERTH_SECRET_KEY:?');
  });
});
