import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createSession } from '../../lib/auth/session';
import { config } from '../../lib/config';
import { startConsoleServer, type ConsoleServer } from '../../lib/console/console-server';
import { db } from '../../lib/db';
import { listBerthContainers } from '../../lib/docker/containers';
import { localDocker } from '../../lib/docker/connect';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease } from './deploy-helpers';
import { waitFor } from './support/wait-for';

/**
 * The web console for real: a WebSocket to the console endpoint, a `docker exec` with a TTY into
 * the app's running instance (or a one-off container), typed input, resize, Ctrl-C, exit codes,
 * idle close, the audit trail, and the refusals (no auth, not a member, a cross-site page).
 */
const run = promisify(execFile);
const IDLE_SECONDS = 4;

type Session = {
  ws: WebSocket;
  output: () => string;
  messages: Array<Record<string, unknown>>;
  waitOutput(re: RegExp, ms?: number): Promise<void>;
  waitMessage(type: string, ms?: number): Promise<Record<string, unknown>>;
  type(text: string): void;
};

let server: ConsoleServer;
let owner: TestUser;
let stranger: TestUser;
let appName: string;
let appId: string;

beforeAll(async () => {
  await buildTestImage();
  server = await startConsoleServer({ port: 0, idleSeconds: IDLE_SECONDS });
  owner = await createTestUser();
  stranger = await createTestUser();
  const app = await createTestApp();
  appName = app.name;
  appId = app.id;
  await db.appMember.create({ data: { appId: app.id, userId: owner.id, role: 'OWNER' } });
  await deployTestRelease(app.id, { VERSION: '1', GREETING: 'from-env' });
}, 600_000);

afterAll(async () => {
  await server?.close();
  await cleanupInstallation();
});

function url(query: Record<string, string> = {}, name = appName) {
  const qs = new URLSearchParams(query).toString();
  return `ws://127.0.0.1:${server.port}/console/ws/${encodeURIComponent(name)}${qs ? `?${qs}` : ''}`;
}

function open(address: string, headers: Record<string, string>): Promise<Session> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(address, { headers });
    const chunks: Buffer[] = [];
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data, isBinary) => {
      if (isBinary) chunks.push(Buffer.from(data as Buffer));
      else messages.push(JSON.parse(String(data)));
    });
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => reject(Object.assign(new Error(`HTTP ${res.statusCode}: ${body}`), { status: res.statusCode, body })));
    });
    ws.once('error', reject);
    ws.once('open', () => {
      const output = () => Buffer.concat(chunks).toString('utf8');
      resolve({
        ws,
        output,
        messages,
        type: (text) => ws.send(Buffer.from(text), { binary: true }),
        waitOutput: (re, ms = 20_000) => waitFor(async () => re.test(output()), ms, `console output ${re} (got ${JSON.stringify(output().slice(-300))})`).then(() => undefined),
        waitMessage: (type, ms = 20_000) => waitFor(async () => messages.find((m) => m.type === type) ?? null, ms, `a ${type} message`),
      });
    });
  });
}

const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

async function processesIn(containerName: string): Promise<string> {
  const { stdout } = await run('docker', ['exec', containerName, 'sh', '-c', 'for p in /proc/[0-9]*; do tr "\\0" " " < $p/cmdline; echo; done'], { timeout: 30_000 });
  return stdout;
}

describe('console into a running instance', () => {
  it('runs typed commands with the app’s env, follows resize, interrupts with Ctrl-C and returns the exit code', async () => {
    const s = await open(url({ cols: '80', rows: '24' }), bearer(owner));
    const ready = await s.waitMessage('ready');
    expect(ready.label).toMatch(/^web\.0 \(v1\) on /);
    s.type('echo "hi $((6*7)) $GREETING"\r');
    await s.waitOutput(/hi 42 from-env/);

    s.ws.send(JSON.stringify({ type: 'resize', cols: 132, rows: 43 }));
    await new Promise((r) => setTimeout(r, 300));
    s.type('stty size\r');
    await s.waitOutput(/43 132/);

    s.type('sleep 300; echo not-interrupted\r');
    await new Promise((r) => setTimeout(r, 800));
    s.type('\x03');
    s.type('echo "after $((1+1))"\r');
    await s.waitOutput(/after 2/);
    expect(s.output()).not.toMatch(/\nnot-interrupted\r?\n/); // the typed line echoes it, the command never printed it

    s.type('exit 3\r');
    const exit = await s.waitMessage('exit');
    expect(exit.code).toBe(3);

    const events = await waitFor(async () => {
      const rows = await db.event.findMany({ where: { appId, kind: { in: ['console.open', 'console.close'] } }, orderBy: { createdAt: 'asc' } });
      return rows.length >= 2 ? rows : null;
    }, 10_000, 'console audit events');
    expect(events.map((e) => e.kind)).toEqual(['console.open', 'console.close']);
    expect(events.every((e) => e.actorEmail === owner.email)).toBe(true);
    expect(events[1].message).toMatch(/exit code 3/);
  }, 120_000);

  it('kills what the session started when the client goes away', async () => {
    const instance = await db.instance.findFirstOrThrow({ where: { appId, status: 'RUNNING' } });
    const s = await open(url(), bearer(owner));
    await s.waitMessage('ready');
    s.type('sleep 4321\r');
    await waitFor(async () => (await processesIn(instance.containerName)).includes('sleep 4321'), 15_000, 'sleep running');
    s.ws.close();
    await waitFor(async () => !(await processesIn(instance.containerName)).includes('sleep 4321'), 20_000, 'sleep killed after close');
  }, 60_000);

  it('closes a session with no input and no output after the idle timeout', async () => {
    const s = await open(url(), bearer(owner));
    await s.waitMessage('ready');
    const closed = await s.waitMessage('closed', (IDLE_SECONDS + 15) * 1000);
    expect(closed.reason).toMatch(/idle/);
    await waitFor(async () => s.ws.readyState === WebSocket.CLOSED, 10_000, 'socket closed');
  }, 60_000);
});

describe('one-off console', () => {
  it('runs in a fresh container from the live release, returns its exit code and removes it', async () => {
    const s = await open(url({ kind: 'run', command: JSON.stringify(['sh', '-c', 'echo "one-off $GREETING"; exit 7']) }), bearer(owner));
    expect((await s.waitMessage('ready')).label).toMatch(/^one-off \(v1\)/);
    await s.waitOutput(/one-off from-env/);
    expect((await s.waitMessage('exit')).code).toBe(7);
    await waitFor(async () => {
      const left = await listBerthContainers(localDocker(), { all: true });
      return left.every((c) => !(c.Labels?.['berth.process'] === 'run' && c.Labels?.['berth.app'] === appName));
    }, 20_000, 'one-off container removed');
  }, 60_000);
});

describe('who may open a console', () => {
  const status = (p: Promise<unknown>) => p.then(() => 101, (e: { status?: number }) => e.status ?? 0);

  it('refuses no credentials (401), a user who is not a member (404) and bad parameters (400)', async () => {
    expect(await status(open(url(), {}))).toBe(401);
    expect(await status(open(url(), bearer(stranger)))).toBe(404);
    expect(await status(open(url({}, 'no-such-app'), bearer(owner)))).toBe(404);
    expect(await status(open(url({ cols: 'wide' }), bearer(owner)))).toBe(400);
    expect(await status(open(url({ kind: 'run', command: 'rm -rf /' }), bearer(owner)))).toBe(400);
  });

  it('takes the session cookie only from Berth’s own origin: a page of an app on the same site is refused (403)', async () => {
    const { value } = await createSession(owner.id);
    const cookie = `berth_session=${value}`;
    const appsOrigin = `http://evil.${config().BERTH_APPS_DOMAIN}`;
    expect(await status(open(url(), { cookie, origin: appsOrigin }))).toBe(403);
    expect(await status(open(url(), { cookie }))).toBe(403); // no Origin: not a browser page of Berth
    const s = await open(url(), { cookie, origin: new URL(config().BERTH_PUBLIC_URL).origin });
    await s.waitMessage('ready');
    s.ws.close();
  });
});

describe('berth run and berth console on a terminal', () => {
  const CLI = new URL('../../bin/berth.mjs', import.meta.url).pathname;
  // `script` gives the CLI a real pseudo-terminal, as a developer's shell would; -e returns the child's code.
  const onTerminal = (args: string[], token = owner.token) =>
    new Promise<{ code: number; output: string }>((resolve) => {
      const line = [process.execPath, CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
      execFile(
        'script',
        ['-qec', line, '/dev/null'],
        { env: { ...process.env, BERTH_URL: `http://127.0.0.1:${server.port}`, BERTH_TOKEN: token, BERTH_APP: '' }, timeout: 60_000 },
        (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, output: stdout + stderr }),
      );
    });

  it('runs the command with a TTY in a one-off container and exits with its code', async () => {
    const result = await onTerminal(['run', appName, '--', 'sh', '-c', 'test -t 0 && echo tty-yes; exit 4']);
    expect(result.output).toMatch(/tty-yes/);
    expect(result.code).toBe(4);
  }, 90_000);

  it('refuses a user who is not a member with the reason', async () => {
    const result = await onTerminal(['run', appName, '--', 'true'], stranger.token);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/not found/i);
  }, 90_000);
});
