import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');

// In a child process (the preload patches the module loader of the process it runs in).
const probe = `
const has = (p) => Object.keys(require.cache).some((k) => k.includes('/node_modules/' + p + '/'));
const Docker = require('dockerode');
const before = { ssh2: has('ssh2'), grpc: has('@grpc/grpc-js'), protobufjs: has('protobufjs') };
const agent = require('docker-modem/lib/ssh.js')({ host: '127.0.0.1', port: 1 });
console.log(JSON.stringify({ before, docker: typeof Docker, agent: typeof agent.createConnection, ssh2After: has('ssh2') }));
`;

describe('lazy-deps-preload', () => {
  it('keeps ssh2 and the BuildKit session out until first use, then loads the real ssh2', async () => {
    const { stdout } = await run(process.execPath, ['--require', path.join(root, 'lib/docker/lazy-deps-preload.cjs'), '-e', probe], {
      cwd: root,
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toEqual({
      before: { ssh2: false, grpc: false, protobufjs: false },
      docker: 'function',
      agent: 'function',
      ssh2After: true,
    });
  });

  it('changes nothing without it', async () => {
    const { stdout } = await run(process.execPath, ['-e', probe], { cwd: root, timeout: 30_000 });
    expect(JSON.parse(stdout).before).toEqual({ ssh2: true, grpc: true, protobufjs: true });
  });
});
