import path from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { dockerForHost } from '../../lib/docker/host-client';
import { heartbeatHost } from '../../lib/hosts/heartbeat';
import { SSHD, startSshServer, type SshServer } from './support/ssh-server';

/**
 * An ssh:// host for real: a private sshd on 127.0.0.1 and Docker reached through
 * `docker system dial-stdio` on the other side (here: this machine's engine).
 */
const admin: Actor = { id: 'ssh-admin', email: 'admin@ssh.test', role: 'ADMIN' };
let sshd: SshServer | undefined;

describe.skipIf(!existsSync(SSHD))('ssh:// hosts', () => {
  beforeAll(async () => {
    sshd = await startSshServer(path.join(config().paths.tmp, 'sshd'));
  });
  afterAll(async () => {
    await db.host.deleteMany({ where: { dockerUrl: { startsWith: 'ssh://root@127.0.0.1:' } } });
    await sshd?.stop();
  });

  it('adds a host by ssh:// URL with a private key, probes and heartbeats it over SSH', async () => {
    const dockerUrl = `ssh://root@127.0.0.1:${sshd!.port}`;
    await expect(addHost(admin, { name: `ssh-nokey-${sshd!.port}`, dockerUrl, address: '127.3.3.3' })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
    const host = await addHost(admin, {
      name: `ssh-${sshd!.port}`,
      dockerUrl,
      sshKey: sshd!.clientKey,
      address: '127.3.3.3',
      portRange: '46000-46009',
    });
    expect(host.status).toBe('READY');
    expect(host.cpuTotal).toBeGreaterThan(0);
    expect(host.tls).not.toContain('PRIVATE KEY');
    expect((await heartbeatHost(host, { timeoutMs: 15_000 })).ok).toBe(true);
    const version = await dockerForHost(host).version();
    expect(version.ApiVersion).toBeTruthy();
    await deleteHost(admin, host.id);
  });
});
