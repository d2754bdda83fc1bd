import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { installHooks } from './hooks';

const Z = '0'.repeat(40);
const A = 'a'.repeat(40);

describe('pre-receive hook', () => {
  const run = async (input: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-hooks-'));
    await installHooks(dir);
    return spawnSync(path.join(dir, 'hooks', 'pre-receive'), [], {
      input,
      env: { BERTH_DEFAULT_BRANCH: 'main', PATH: process.env.PATH } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
  };

  it('accepts ordinary updates, other-branch deletions and force-pushes', async () => {
    expect((await run(`${A} ${A.replace('a', 'b')} refs/heads/main\n${A} ${Z} refs/heads/feature\n`)).status).toBe(0);
  });

  it('refuses deleting the default branch', async () => {
    const r = await run(`${A} ${Z} refs/heads/main\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('refusing to delete the default branch main');
  });

  it('refuses refs with a component starting with "-"', async () => {
    const r = await run(`${Z} ${A} refs/heads/-rf\n`);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('must not start with "-"');
  });
});

describe('post-receive hook', () => {
  const run = async (url: string, input: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-hooks-'));
    await installHooks(dir);
    const env = { PATH: process.env.PATH, HOME: dir, BERTH_HOOK_URL: url, BERTH_HOOK_SECRET: 'f00d', BERTH_APP: 'shop', BERTH_PUSH_ID: 'p1' };
    // Async: the server below answers in this same process.
    return new Promise<{ status: number | null; stdout: string }>((resolve) => {
      const child = spawn(path.join(dir, 'hooks', 'post-receive'), [], { env: env as unknown as NodeJS.ProcessEnv });
      let stdout = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.on('close', (status) => resolve({ status, stdout }));
      child.stdin.end(input);
    });
  };

  it('posts git’s ref lines with the secret, app and push id, and prints the answer', async () => {
    const seen: { headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ headers: req.headers, body });
        res.end('-----> Building\n');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const r = await run(`http://127.0.0.1:${port}/api/internal/push`, `${A} ${Z} refs/heads/main\n`);
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('-----> Building\n');
      expect(seen).toHaveLength(1);
      expect(seen[0].body).toBe(`${A} ${Z} refs/heads/main\n`);
      expect(seen[0].headers).toMatchObject({ 'x-berth-hook-secret': 'f00d', 'x-berth-app': 'shop', 'x-berth-push-id': 'p1' });
    } finally {
      server.close();
    }
  });

  it('fails the hook when Berth cannot be reached', async () => {
    const r = await run('http://127.0.0.1:1/api/internal/push', `${A} ${Z} refs/heads/main\n`);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('could not report the push');
  });
});
