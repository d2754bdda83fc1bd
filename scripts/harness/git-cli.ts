import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export type GitResult = { code: number; stdout: string; stderr: string };

/**
 * Runs the real git CLI (argv array, timeout) with no user/system config and no credential
 * prompts. The token travels in an http.extraHeader config, never in the URL, so it cannot land
 * in .git/config or remote output.
 */
export function runGit(args: string[], options: { cwd?: string; token?: string; timeoutMs?: number } = {}): Promise<GitResult> {
  const auth = options.token
    ? ['-c', `http.extraHeader=Authorization: Basic ${Buffer.from(`git:${options.token}`).toString('base64')}`]
    : [];
  return new Promise((resolve) => {
    execFile(
      'git',
      [...auth, '-c', 'user.name=Test', '-c', 'user.email=test@example.test', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd: options.cwd,
        timeout: options.timeoutMs ?? 15 * 60 * 1000,
        maxBuffer: 32 * 1024 * 1024,
        env: {
          PATH: process.env.PATH,
          HOME: os.tmpdir(),
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_TERMINAL_PROMPT: '0',
          GIT_ASKPASS: 'true',
        } as unknown as NodeJS.ProcessEnv,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
        resolve({ code, stdout: String(stdout), stderr: String(stderr) });
      },
    );
  });
}

export const tempDir = (prefix = 'berth-git-') => mkdtemp(path.join(os.tmpdir(), prefix));
