import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { dockerForHost } from '../../lib/docker/host-client';
import { addHost } from '../../lib/hosts/add-host';
import { deleteHost } from '../../lib/hosts/delete-host';
import { heartbeatHost } from '../../lib/hosts/heartbeat';
import { updateHost } from '../../lib/hosts/update-host';
import { SSHD, startSshServer, type SshServer } from '../integration/support/ssh-server';
import { listener } from './support';

/**
 * Finding 9: tcp:// Docker hosts without TLS were accepted (whoever reaches or watches the port
 * owns the engine), and ssh:// hosts had no host-key check (a man in the middle could answer
 * as the engine, see every container spec with its env vars, and run anything).
 */
const admin: Actor = { id: 'sec-admin', email: 'admin@security.test', role: 'ADMIN' };
const servers: SshServer[] = [];
afterAll(async () => {
  await db.host.deleteMany({ where: { name: { startsWith: 'sec-' } } });
  for (const s of servers) await s.stop();
});

describe('tcp:// hosts', () => {
  it('refuses plain tcp:// unless an admin forces it, and sends nothing before that', async () => {
    const engine = await listener('127.0.0.1', { silent: true });
    try {
      const dockerUrl = `tcp://127.0.0.1:${engine.port}`;
      await expect(addHost(admin, { name: 'sec-plain', dockerUrl, address: '127.4.4.4' })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringContaining('tcp:// without TLS'),
      });
      expect(engine.hits()).toBe(0);
      expect(await db.host.count({ where: { name: 'sec-plain' } })).toBe(0);
      // Forced, Berth does talk to it (here: no engine answers, so it is still not added).
      await expect(addHost(admin, { name: 'sec-plain', dockerUrl, address: '127.4.4.4', force: true })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
      expect(engine.hits()).toBeGreaterThan(0);
    } finally {
      await engine.close();
    }
  });
});

describe.skipIf(!existsSync(SSHD))('ssh:// hosts', () => {
  it('pins the host key when the host is added and refuses an impostor with another key', async () => {
    const dir = path.join(config().paths.tmp, 'sec-sshd');
    const real = await startSshServer(dir);
    servers.push(real);
    const dockerUrl = `ssh://root@127.0.0.1:${real.port}`;
    const host = await addHost(admin, { name: 'sec-ssh', dockerUrl, sshKey: real.clientKey, address: '127.5.5.5', portRange: '46100-46109' });
    expect(host.sshHostKey).toBe(real.hostKeyFingerprint);
    expect((await heartbeatHost(host, { timeoutMs: 15_000 })).ok).toBe(true);

    // The attack: something else answers on that address with its own host key (and would
    // accept Berth's client key: it runs a real engine behind it, so without the pin it works).
    await real.stop();
    const impostor = await startSshServer(path.join(config().paths.tmp, 'sec-sshd-impostor'), {
      port: real.port,
      authorizedKey: await readFile(path.join(dir, 'client_ed25519.pub'), 'utf8'),
    });
    servers.push(impostor);
    expect(impostor.hostKeyFingerprint).not.toBe(real.hostKeyFingerprint);
    const row = await db.host.findUniqueOrThrow({ where: { id: host.id } });
    const beat = await heartbeatHost(row, { timeoutMs: 15_000 });
    expect(beat.ok).toBe(false);
    await expect(dockerForHost(row).version()).rejects.toThrow(/verification failed|Host denied|handshake/i);

    // Adding the impostor with the fingerprint the admin expects is refused with both keys named.
    await expect(
      addHost(admin, { name: 'sec-ssh-2', dockerUrl, sshKey: real.clientKey, sshHostKey: real.hostKeyFingerprint, address: '127.5.5.6' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(impostor.hostKeyFingerprint) });
    expect(await db.host.count({ where: { name: 'sec-ssh-2' } })).toBe(0);

    // A legitimate key change: the admin pins the new key, and the host answers again.
    const repinned = await updateHost(admin, host.id, { sshHostKey: impostor.hostKeyFingerprint });
    expect((await heartbeatHost(repinned, { timeoutMs: 15_000 })).ok).toBe(true);
    await deleteHost(admin, host.id);
  });
});
