import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getMe } from '../../app/api/me/route';
import { GET as getApps } from '../../app/api/apps/route';
import { GET as getApp } from '../../app/api/apps/[name]/route';
import { GET as getEnv, PUT as putEnv } from '../../app/api/apps/[name]/env/route';
import { GET as getReleases } from '../../app/api/apps/[name]/releases/route';
import { POST as postRollback } from '../../app/api/apps/[name]/rollback/route';
import { POST as postScale } from '../../app/api/apps/[name]/scale/route';
import { POST as postRestart } from '../../app/api/apps/[name]/restart/route';
import { GET as getInstances } from '../../app/api/apps/[name]/instances/route';
import { GET as getLogs } from '../../app/api/apps/[name]/logs/route';
import { POST as postRun } from '../../app/api/apps/[name]/run/route';
import { GET as getAddons, POST as postAddons } from '../../app/api/apps/[name]/addons/route';
import { GET as getAddon, DELETE as deleteAddon } from '../../app/api/apps/[name]/addons/[id]/route';
import { db } from '../../lib/db';
import { listBerthContainers } from '../../lib/docker/containers';
import { localDocker } from '../../lib/docker/connect';
import { startTestServer, type TestServer } from '../../scripts/harness/http-server';
import { createTestUser, type TestUser } from '../../scripts/harness/users';
import { startWorkers } from '../../scripts/harness/workers';
import { buildTestImage, cleanupInstallation, createTestApp, deployTestRelease } from './deploy-helpers';
import { domainsApiRoutes } from './harness/domains-api';
import { createTestCa, createTestLeaf } from '../support/test-certs';

const n = ['name'];
const app = (suffix: string) => new RegExp(`^/api/apps/([^/]+)${suffix}$`);
const routes = [
  { method: 'GET', pattern: /^\/api\/me$/, handler: getMe as never },
  { method: 'GET', pattern: /^\/api\/apps$/, handler: getApps as never },
  { method: 'GET', pattern: app(''), handler: getApp as never, params: n },
  { method: 'GET', pattern: app('/env'), handler: getEnv as never, params: n },
  { method: 'PUT', pattern: app('/env'), handler: putEnv as never, params: n },
  { method: 'GET', pattern: app('/releases'), handler: getReleases as never, params: n },
  { method: 'POST', pattern: app('/rollback'), handler: postRollback as never, params: n },
  { method: 'POST', pattern: app('/scale'), handler: postScale as never, params: n },
  { method: 'POST', pattern: app('/restart'), handler: postRestart as never, params: n },
  { method: 'GET', pattern: app('/instances'), handler: getInstances as never, params: n },
  { method: 'GET', pattern: app('/logs'), handler: getLogs as never, params: n },
  { method: 'POST', pattern: app('/run'), handler: postRun as never, params: n },
  { method: 'GET', pattern: app('/addons'), handler: getAddons as never, params: n },
  { method: 'POST', pattern: app('/addons'), handler: postAddons as never, params: n },
  { method: 'GET', pattern: app('/addons/([^/]+)'), handler: getAddon as never, params: ['name', 'id'] },
  { method: 'DELETE', pattern: app('/addons/([^/]+)'), handler: deleteAddon as never, params: ['name', 'id'] },
  ...domainsApiRoutes,
];

const CLI = path.join(import.meta.dirname, '../../bin/berth.mjs');

type CliResult = { code: number; stdout: string; stderr: string };

describe('one-off run and the berth CLI against a running Berth', () => {
  let server: TestServer;
  let stop: () => Promise<void>;
  let owner: TestUser;
  let reader: TestUser; // not a member
  let name: string;
  let home: string;

  const cli = (args: string[], env: Record<string, string> = {}): Promise<CliResult> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, ...args],
        {
          timeout: 120_000,
          cwd: home,
          env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), ...env } as unknown as NodeJS.ProcessEnv,
        },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const as = (user: TestUser) => ({ BERTH_URL: server.url, BERTH_TOKEN: user.token });

  async function settled() {
    for (let i = 0; i < 240; i++) {
      const row = await db.app.findUniqueOrThrow({ where: { name } });
      const busy = await db.deployment.count({ where: { appId: row.id, status: { in: ['QUEUED', 'RUNNING'] } } });
      if (busy === 0) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('deployments did not finish');
  }

  beforeAll(async () => {
    await buildTestImage();
    server = await startTestServer(routes);
    stop = await startWorkers(['deploys']);
    owner = await createTestUser();
    reader = await createTestUser();
    home = await mkdtemp(path.join(os.tmpdir(), 'berth-cli-'));
    const created = await createTestApp(undefined, {
      members: { create: { userId: owner.id, role: 'OWNER' } },
    });
    name = created.name;
    await deployTestRelease(created.id, { VERSION: '1' });
  }, 600_000);
  afterAll(async () => {
    await stop?.();
    await server?.close();
    await cleanupInstallation();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it('POST /run streams output and returns the exit code; the container is removed; audited', async () => {
    const res = await fetch(`${server.url}/api/apps/${name}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['/bin/sh', '-c', 'echo "v=$VERSION"; echo oops >&2; exit 3'] }),
    });
    expect(res.status).toBe(200);
    const messages = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    const text = (s: string) => messages.filter((m) => m.stream === s).map((m) => Buffer.from(m.data, 'base64').toString()).join('');
    expect(text('stdout')).toBe('v=1\n');
    expect(text('stderr')).toBe('oops\n');
    expect(messages.at(-1)).toMatchObject({ exitCode: 3, timedOut: false });
    const row = await db.app.findUniqueOrThrow({ where: { name } });
    const left = await listBerthContainers(localDocker(), { appId: row.id });
    expect(left.filter((c) => c.Labels['berth.process'] === 'run')).toEqual([]);
    const events = await db.event.findMany({ where: { appId: row.id, kind: { startsWith: 'app.run' } } });
    expect(events.map((e) => e.kind).sort()).toEqual(['app.run', 'app.run.exit']);
    expect(events.every((e) => e.actorId === owner.id)).toBe(true);
  });

  it('POST /run: times out; another team gets 404', async () => {
    const res = await fetch(`${server.url}/api/apps/${name}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['sleep', '30'], timeoutSeconds: 1 }),
    });
    const last = JSON.parse((await res.text()).trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ exitCode: 124, timedOut: true });
    const denied = await fetch(`${server.url}/api/apps/${name}/run`, {
      method: 'POST',
      headers: { authorization: `Bearer ${reader.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ command: ['true'] }),
    });
    expect(denied.status).toBe(404);
  });

  it('login stores the URL and token 0600; apps lists the app', async () => {
    const bad = await cli(['login', server.url, '--token', 'berth_nope']);
    expect(bad.code).toBe(1);
    const login = await cli(['login', server.url, '--token', owner.token]);
    expect(login.code, login.stderr).toBe(0);
    expect(login.stdout).toContain('Logged in');
    const file = path.join(home, '.config/berth/config.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const apps = await cli(['apps']);
    expect(apps.code, apps.stderr).toBe(0);
    expect(apps.stdout).toContain(name);
    const json = await cli(['apps', '--json']);
    expect(JSON.parse(json.stdout).map((a: { name: string }) => a.name)).toContain(name);
  });

  it('env:set A=1 B=2 makes one release; env shows them; env:unset removes; releases lists', async () => {
    const before = JSON.parse((await cli(['releases', name, '--json'], as(owner))).stdout).length;
    const set = await cli(['env:set', name, 'GREETING=hello world', 'B=2'], as(owner));
    expect(set.code, set.stderr).toBe(0);
    expect(set.stdout).toMatch(/Setting GREETING, B and restarting .* done, v\d+/);
    await settled();
    const releases = JSON.parse((await cli(['releases', name, '--json'], as(owner))).stdout);
    expect(releases.length).toBe(before + 1);
    const env = await cli(['env', '--app', name], as(owner));
    expect(env.stdout).toContain(`=== ${name} Config Vars`);
    expect(env.stdout).toMatch(/GREETING:\s+hello world/);
    const unset = await cli(['env:unset', name, 'B'], as(owner));
    expect(unset.code, unset.stderr).toBe(0);
    await settled();
    expect(JSON.parse((await cli(['env', name, '--json'], as(owner))).stdout)).toEqual({ GREETING: 'hello world' });
    const text = await cli(['releases', name], as(owner));
    expect(text.stdout).toMatch(/\*v\d+\s+Remove B/);
  });

  it('run returns the command exit code and output; ps, scale, restart, rollback', async () => {
    const run = await cli(['run', name, '--', '/bin/sh', '-c', 'echo "g=$GREETING"; exit 7'], as(owner));
    expect(run.stdout).toBe('g=hello world\n');
    expect(run.code).toBe(7);
    const ok = await cli(['run', name, '--', 'true'], as(owner));
    expect(ok.code).toBe(0);
    const ps = await cli(['ps', name], as(owner));
    expect(ps.stdout).toMatch(/=== web \(1\)\nweb\.\d+: running/);
    const scale = await cli(['scale', name, 'web=2'], as(owner));
    expect(scale.code, scale.stderr).toBe(0);
    await settled();
    expect(JSON.parse((await cli(['ps', name, '--json'], as(owner))).stdout)).toHaveLength(2);
    expect((await cli(['restart', name], as(owner))).code).toBe(0);
    await settled();
    const rb = await cli(['rollback', name, 'v1'], as(owner));
    expect(rb.code, rb.stderr).toBe(0);
    expect(rb.stdout).toMatch(/Rolling back .* to v1\.\.\. done/);
  });

  it('logs: recent lines, and -t follows until Ctrl-C (exit 0)', async () => {
    const logs = await cli(['logs', name, '-n', '5'], as(owner));
    expect(logs.code, logs.stderr).toBe(0);
    const child = spawn(process.execPath, [CLI, 'logs', name, '-t'], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...as(owner) } as unknown as NodeJS.ProcessEnv,
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(child.exitCode, stderr).toBeNull(); // still following
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, stderr).toBe(0);
  });

  it('errors exit non-zero with a message', async () => {
    const missing = await cli(['info', 'no-such-app-x'], as(owner));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/▸/);
    expect((await cli(['frobnicate'], as(owner))).code).toBe(2);
    expect((await cli(['scale', name, 'web=two'], as(owner))).code).toBe(2);
    const denied = await cli(['env:set', name, 'X=1'], as(reader));
    expect(denied.code).toBe(1);
  });

  it('domains: add with an uploaded certificate, list with its status and DNS record, remove', async () => {
    const hostname = `cli-${name}.example.test`;
    const leaf = await createTestLeaf(await createTestCa(), [hostname]);
    await writeFile(path.join(home, 'cert.pem'), leaf.certPem + leaf.chainPem);
    await writeFile(path.join(home, 'key.pem'), leaf.keyPem);
    expect((await cli(['domains:add', name, hostname, '--cert', 'cert.pem'], as(owner))).code).toBe(2);
    const add = await cli(['domains:add', name, hostname, '--cert', 'cert.pem', '--key', 'key.pem'], as(owner));
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toContain(`Adding ${hostname} to`);
    expect(add.stdout).toMatch(/Certificate: uploaded \(issued\)/);
    const list = await cli(['domains', name], as(owner));
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${hostname.replace(/\./g, '\\.')}\\s+custom\\s+uploaded\\s+issued`));
    const again = await cli(['domains:add', name, hostname], as(owner));
    expect(again.code).toBe(1);
    expect((await cli(['domains', name], as(reader))).code).toBe(1);
    const removed = await cli(['domains:remove', name, hostname], as(owner));
    expect(removed.code, removed.stderr).toBe(0);
    const after = JSON.parse((await cli(['domains', name, '--json'], as(owner))).stdout) as { hostname: string }[];
    expect(after.map((d) => d.hostname)).not.toContain(hostname);
  });

  it('addons: lists an app without add-ons; an unknown type, a missing --confirm and a non-member fail with a reason', async () => {
    const list = await cli(['addons', name], as(owner));
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(`=== ${name} Add-ons`);
    expect(JSON.parse((await cli(['addons', name, '--json'], as(owner))).stdout)).toEqual([]);
    const bad = await cli(['addons:create', name, 'mongodb'], as(owner));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/▸/);
    expect((await cli(['addons:destroy', name, 'some-id'], as(owner))).code).toBe(2);
    const missing = await cli(['addons:info', name, 'no-such-addon'], as(owner));
    expect(missing.code).toBe(1);
    expect((await cli(['addons', name], as(reader))).code).toBe(1);
  });
});
