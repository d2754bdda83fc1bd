import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { CONTAINER_PORT } from '../../lib/deploys/container-name';
import { runDeployment } from '../../lib/deploys/run-deployment';
import { createRelease } from '../../lib/releases/create-release';
import { createTestApp, removeAppImages } from '../integration/builds-helpers';
import { cleanupInstallation, runningContainers } from '../integration/deploy-helpers';
import { ensureLocalHost } from '../../lib/hosts/ensure-local-host';
import { rand } from '../integration/logs-fixtures';

// Finding 11: a Dockerfile app with no USER ran as root, and that was root on the host. The
// engine now runs with userns-remap (scripts/setup.sh, docs/security.md "User namespaces"):
// uid 0 in a container is an unprivileged uid of the dockremap range on the host.
const docker = localDocker();
const apps: string[] = [];
let hostDir = '';

beforeAll(async () => {
  await ensureLocalHost();
  hostDir = await fs.mkdtemp(path.join(os.tmpdir(), 'berth-userns-'));
  await fs.chmod(hostDir, 0o755); // readable by anyone: only the write must fail
  await fs.writeFile(path.join(hostDir, 'owned.txt'), 'host data\n', { mode: 0o644 });
});

afterAll(async () => {
  await cleanupInstallation();
  for (const name of apps) await removeAppImages(name);
  if (hostDir) await fs.rm(hostDir, { recursive: true, force: true });
});

/** A plain HTTP server in perl (in the base image) that answers with its own uid. */
const SERVER = `use IO::Socket::INET;
my $s = IO::Socket::INET->new(LocalPort => $ENV{PORT}, Listen => 16, ReuseAddr => 1) or die "listen: $!";
while (my $c = $s->accept) {
  while (my $l = <$c>) { last if $l =~ /^\\r?\\n$/ }
  print $c "HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nuid=$<\\n";
  close $c;
}
`;

/** The real uid of a host process, from /proc (first field of the Uid: line). */
async function hostUid(pid: number): Promise<number> {
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8');
  const m = /^Uid:\s+(\d+)/m.exec(status);
  if (!m) throw new Error(`no Uid line in /proc/${pid}/status`);
  return Number(m[1]);
}

/** Start of the dockremap range in /etc/subuid, if this machine has one. */
async function remapStart(): Promise<number | null> {
  const text = await fs.readFile('/etc/subuid', 'utf8').catch(() => '');
  const m = /^dockremap:(\d+):\d+$/m.exec(text);
  return m ? Number(m[1]) : null;
}

describe('user namespaces', () => {
  it('an app built from a Dockerfile with no USER is uid 0 in its container but not on the host', async () => {
    const { app, commit } = await createTestApp({ template: 'DOCKERFILE', name: `uns${rand()}` });
    apps.push(app.name);
    await db.route.create({ data: { appId: app.id, hostname: `${app.name}.${config().BERTH_APPS_DOMAIN}` } });
    const sha = await commit({
      // No USER line: the process runs as the image's default user, root.
      Dockerfile: 'FROM berth/base:bookworm\nCOPY server.pl /server.pl\nCMD ["perl", "/server.pl"]\n',
      'server.pl': SERVER,
    });
    const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
    const status = await runBuild(build.id);
    const built = await db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect(status, built.error ?? '').toBe('SUCCEEDED');

    const { deploymentId, release } = await createRelease({
      appId: app.id,
      buildId: build.id,
      imageTag: built.imageTag!,
      commitSha: sha,
      env: { plain: {} },
      processTypes: {},
      healthcheck: null,
      description: 'userns test',
    });
    await runDeployment(deploymentId);
    const live = await db.release.findUniqueOrThrow({ where: { id: release.id } });
    expect(live.status).toBe('LIVE');

    const [summary] = await runningContainers(app.name);
    expect(summary).toBeDefined();
    const info = await docker.getContainer(summary.Id).inspect();
    expect(info.HostConfig.UsernsMode ?? '').toBe(''); // the engine's remap, never --userns=host

    // Inside: the app itself reports uid 0.
    const port = info.NetworkSettings.Ports[`${CONTAINER_PORT}/tcp`]?.[0]?.HostPort;
    expect(port).toBeTruthy();
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(15_000) });
    expect(await res.text()).toBe('uid=0\n');

    // Outside: the same process, seen from the host, is not root.
    const uid = await hostUid(info.State.Pid);
    expect(uid).not.toBe(0);
    const start = await remapStart();
    if (start !== null) expect(uid).toBe(start); // container uid 0 ↦ first uid of dockremap's range
  });

  it("remapped root, even with Docker's default capabilities, cannot write host-owned files", async () => {
    // A bind mount is the way a container could touch host files (Berth itself never mounts
    // any); the test makes one on purpose to show what root in a container amounts to.
    const container = await docker.createContainer({
      name: `berth-userns-${rand()}`,
      Image: 'berth/base:bookworm',
      Cmd: [
        'sh',
        '-c',
        'echo "id=$(id -u)"; cat /host/owned.txt; echo pwned > /host/owned.txt; echo "write=$?"; touch /host/new; echo "create=$?"',
      ],
      Labels: { 'berth.installation': config().BERTH_INSTALLATION, 'berth.test': 'userns' },
      HostConfig: { NetworkMode: 'none', Binds: [`${hostDir}:/host`] },
    });
    try {
      await container.start();
      const result = (await container.wait()) as { StatusCode: number };
      expect(result.StatusCode).toBe(0);
      const logs = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
      expect(logs).toContain('id=0'); // root in there
      expect(logs).toContain('host data'); // the mount is live and readable
      expect(logs).toMatch(/write=[1-9]/);
      expect(logs).toMatch(/create=[1-9]/);
      expect(logs).toContain('Permission denied');
    } finally {
      await container.remove({ force: true }).catch(() => undefined);
    }
    expect(await fs.readFile(path.join(hostDir, 'owned.txt'), 'utf8')).toBe('host data\n');
    await expect(fs.stat(path.join(hostDir, 'new'))).rejects.toThrow();
  });
});
