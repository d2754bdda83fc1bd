import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { config } from '../../lib/config';
import { db, type Template } from '../../lib/db';
import { ensureBuildNetwork } from '../../lib/docker/build-network';
import { localDocker } from '../../lib/docker/connect';
import { createTestApp, fixtureDir, get, removeAppImages, withRunningImage } from '../integration/builds-helpers';
import { listener, runInImage } from './support';

// Finding 3 (high): user Dockerfiles could read other apps' images (FROM / COPY --from), make
// the engine fetch internal URLs (ADD), reach the host and internal networks from RUN steps,
// and exhaust the machine (no memory/CPU/pids limit). Small limits for this file.
process.env.BERTH_BUILD_MEMORY_MB = '256';
process.env.BERTH_BUILD_PIDS_LIMIT = '64';
process.env.BERTH_BUILD_LOG_MAX_LINES = '500';

const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

async function build(files: Record<string, string> | string, template: Template = 'DOCKERFILE') {
  const { app, commit } = await createTestApp({ template });
  created.push(app.name);
  const sha = await commit(files);
  const row = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
  const status = await runBuild(row.id);
  const done = await db.build.findUniqueOrThrow({ where: { id: row.id } });
  const log = (await db.buildLogLine.findMany({ where: { buildId: row.id }, orderBy: { seq: 'asc' } })).map((l) => l.line);
  return { status, build: done, log, app };
}

describe("another app's images", () => {
  let victimImage: string;

  beforeAll(async () => {
    const victim = await build({ Dockerfile: 'FROM berth/base:bookworm\nRUN echo victim-secret-7f3a > /secret\nCMD ["cat", "/secret"]\n' });
    expect(victim.status, victim.build.error ?? '').toBe('SUCCEEDED');
    victimImage = victim.build.imageTag!;
    expect(await runInImage(victimImage, ['cat', '/secret'])).toContain('victim-secret-7f3a');
  });

  it('FROM berth/<other-app>:<tag> fails with a clear reason', async () => {
    const { status, build: row } = await build({ Dockerfile: `FROM ${victimImage}\nRUN cat /secret\n` });
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('dockerfile');
    expect(row.error).toContain(`The Dockerfile was refused: line 1: FROM ${victimImage}: another app's or an unknown Berth image`);
    expect(row.imageTag).toBeNull();
  });

  it('COPY --from, ARG indirection, docker.io/ and registry spellings are refused too', async () => {
    const [repo, tag] = victimImage.split(':');
    const attempts = [
      `FROM berth/base:bookworm\nCOPY --from=${victimImage} /secret /stolen\n`,
      `ARG B=${repo}\nFROM $B:${tag}\n`,
      `FROM docker.io/${victimImage}\n`,
      `FROM 127.0.0.1:5000/${victimImage}\n`,
      `FROM \\\n  ${victimImage}\n`,
    ];
    for (const Dockerfile of attempts) {
      const { status, build: row } = await build({ Dockerfile });
      expect(status, Dockerfile).toBe('FAILED');
      expect(row.failedStep, Dockerfile).toBe('dockerfile');
      expect(row.error, Dockerfile).not.toContain('victim-secret');
    }
  });
});

describe('network', () => {
  it('ADD http://127.0.0.1:<port>/secret is refused before the engine fetches it', async () => {
    const l = await listener('127.0.0.1');
    try {
      const { status, build: row } = await build({ Dockerfile: `FROM berth/base:bookworm\nADD http://127.0.0.1:${l.port}/secret /secret\n` });
      expect(status).toBe('FAILED');
      expect(row.failedStep).toBe('dockerfile');
      expect(row.error).toContain(`ADD http://127.0.0.1:${l.port}/secret: downloads are not allowed`);
      expect(l.hits()).toBe(0);
    } finally {
      await l.close();
    }
  });

  it("a RUN step cannot connect to the host (docker0, build-network gateway) or to app containers", async () => {
    const buildNet = await ensureBuildNetwork(localDocker());
    const docker0 = await listener('172.17.0.1');
    const gateway = await listener(buildNet.gateways[0]);
    const app = await containerListener();
    try {
      // Control: a container on Docker's default bridge does reach the docker0 and app listeners.
      const reached = await runOnDefaultBridge(
        `exec 3<>/dev/tcp/172.17.0.1/${docker0.port} && echo REACHED-HOST; exec 4<>/dev/tcp/${app.ip}/8080 && echo REACHED-APP`,
      );
      expect(reached).toContain('REACHED-HOST');
      expect(reached).toContain('REACHED-APP');
      const before = docker0.hits();
      const targets = [`172.17.0.1:${docker0.port}`, `${buildNet.gateways[0]}:${gateway.port}`, `${app.ip}:8080`];
      const { status, log } = await build({
        Dockerfile:
          'FROM berth/base:bookworm\n' +
          `RUN for t in ${targets.join(' ')}; do ` +
          'if timeout 5 bash -c "exec 3<>/dev/tcp/${t%:*}/${t#*:}" 2>/dev/null; then echo "REACHED $t"; else echo "BLOCKED $t"; fi; done\n',
      });
      expect(status).toBe('SUCCEEDED');
      for (const t of targets) expect(log).toContain(`BLOCKED ${t}`);
      expect(log.filter((l) => l.startsWith('REACHED '))).toEqual([]);
      expect(docker0.hits()).toBe(before);
      expect(gateway.hits()).toBe(0);
    } finally {
      await docker0.close();
      await gateway.close();
      await app.remove();
    }
  });
});

describe('resources', () => {
  it('a fork bomb stops at the build process limit and the build fails', async () => {
    const { status, build: row, log } = await build({
      Dockerfile:
        'FROM berth/base:bookworm\n' +
        'RUN n=0; while [ $n -lt 2000 ]; do sleep 120 & n=$((n+1)); [ $((n % 8)) -eq 0 ] && echo "forked $n"; done; echo "all 2000 forked"\n',
    });
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('docker build');
    expect(log).not.toContain('all 2000 forked');
    expect(log.join('\n')).toMatch(/Cannot fork|Resource temporarily unavailable/);
    const forked = Math.max(0, ...log.map((l) => Number(/^forked (\d+)$/.exec(l)?.[1] ?? 0)));
    expect(forked).toBeLessThan(64);
  });

  it('a memory hog is killed at the build memory limit and the build fails', async () => {
    const { status, build: row } = await build({
      Dockerfile: 'FROM berth/base:bookworm\nRUN perl -e \'my $x = "a" x (768 * 1024 * 1024); print length($x), "\\n"\'\n',
    });
    expect(status).toBe('FAILED');
    expect(row.failedStep).toBe('docker build');
    expect(row.error).toMatch(/exited with code 137|non-zero code: 137|Killed|out of memory/i);
  });

  it('endless output is capped in storage and the build still finishes', async () => {
    const { status, log } = await build({ Dockerfile: 'FROM berth/base:bookworm\nRUN seq 1 20000\n' });
    expect(status).toBe('SUCCEEDED');
    expect(log.length).toBeLessThanOrEqual(500 + 1 + 20);
    expect(log.join('\n')).toMatch(/Build output truncated after 500 lines/);
    expect(log).not.toContain('19999');
    expect(log.some((l) => l.startsWith('-----> Built '))).toBe(true);
  });
});

describe('PHP', () => {
  it('/app/REVISION is not served, even with docroot /app', async () => {
    const { status, build: row } = await build(fixtureDir('php-sample'), 'PHP');
    expect(status, row.error ?? '').toBe('SUCCEEDED');
    expect((await runInImage(row.imageTag!, ['cat', '/app/REVISION'])).trim()).toBe(row.commitSha);
    await withRunningImage(row.imageTag!, {}, async (running) => {
      expect((await get(running.url)).status).toBe(200);
      for (const p of ['/REVISION', '//REVISION', '/./REVISION', '/%52EVISION', '/x/../REVISION'])
        expect((await get(`${running.url}${p}`)).status, p).toBe(403);
    });
  });
});

/** A container on Docker's default bridge listening on 8080 (stands in for an app instance). */
async function containerListener(): Promise<{ ip: string; remove: () => Promise<void> }> {
  const docker = localDocker();
  const server = 'use IO::Socket::INET; my $s = IO::Socket::INET->new(LocalPort => 8080, Listen => 5, ReuseAddr => 1) or die; while (my $c = $s->accept) { print $c "hello\\n"; close $c }';
  const container = await docker.createContainer({
    Image: 'berth/base:bookworm',
    Cmd: ['perl', '-e', server],
    Labels: { 'berth.installation': config().BERTH_INSTALLATION, 'berth.test': 'security' },
    HostConfig: { NetworkMode: 'bridge' },
  });
  await container.start();
  await new Promise((r) => setTimeout(r, 1_000)); // perl binds in milliseconds
  const ip = (await container.inspect()).NetworkSettings.Networks.bridge.IPAddress;
  return { ip, remove: () => container.remove({ force: true }).then(() => undefined, () => undefined) };
}

/** Runs a shell snippet in a container on Docker's default bridge (no Berth isolation). */
async function runOnDefaultBridge(script: string): Promise<string> {
  const docker = localDocker();
  const container = await docker.createContainer({
    Image: 'berth/base:bookworm',
    Cmd: ['bash', '-c', `timeout 5 bash -c '${script}' || echo FAILED`],
    Labels: { 'berth.installation': config().BERTH_INSTALLATION, 'berth.test': 'security' },
    HostConfig: { NetworkMode: 'bridge' },
  });
  try {
    await container.start();
    await container.wait();
    return (await container.logs({ stdout: true, stderr: true })).toString('utf8');
  } finally {
    await container.remove({ force: true }).catch(() => {});
  }
}
