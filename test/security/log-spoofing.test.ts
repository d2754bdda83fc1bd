import { afterAll, describe, expect, it } from 'vitest';
import { config } from '../../lib/config';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { LABEL } from '../../lib/docker/labels';
import { watchHostEvents } from '../../lib/observe/ingest/watch-host-events';
import { startLogShipper } from '../../lib/logs/ingest/ship-logs';
import { appWithInstance, localHost, removeContainer, runContainer } from '../integration/logs-fixtures';
import { waitFor } from '../integration/support/wait-for';

// Finding 6: a container that merely *claims* to be a victim's instance (labels a Dockerfile build
// can set) must not have its output or lifecycle shipped as the victim's logs and events.
const containers: string[] = [];
const stop = new AbortController();
afterAll(async () => {
  stop.abort();
  await Promise.all(containers.map(removeContainer));
});

describe('log and event spoofing', () => {
  it('ships nothing from a container with forged berth labels onto the victim app', async () => {
    const host = await localHost();
    const { app: victim, instance } = await appWithInstance({ host });
    const since = Math.floor(Date.now() / 1000) - 1;
    const watching = watchHostEvents(host, { signal: stop.signal, since });
    const shipper = startLogShipper({ scanIntervalMs: 300, hosts: async () => [host] });
    try {
      // The attacker's container: every label the victim's instance would carry, forged.
      const forged = await localDocker().createContainer({
        name: `forged-${victim.name}`,
        Image: 'berth/base:bookworm',
        Cmd: ['sh', '-c', 'i=0; while [ $i -lt 20 ]; do echo FORGED admin password reset $i; i=$((i+1)); sleep 0.1; done; exit 7'],
        Labels: {
          [LABEL.installation]: config().BERTH_INSTALLATION,
          [LABEL.app]: victim.name,
          [LABEL.appId]: victim.id,
          [LABEL.instance]: instance.id,
          [LABEL.release]: instance.releaseId,
          [LABEL.processType]: 'web',
        },
      });
      containers.push(forged.id);
      await forged.start();

      // A real instance container of the victim, started after the forged one: its output does
      // arrive, so the shipper and watcher were running while the forged container printed and died.
      const real = await runContainer(victim, instance, ['sh', '-c', 'sleep 3; echo genuine; exit 0']);
      containers.push(real);
      await waitFor(() => db.logLine.findFirst({ where: { appId: victim.id, line: 'genuine' } }), 60_000, 'genuine line');
      await waitFor(() => db.event.findFirst({ where: { appId: victim.id, kind: 'container.die' } }), 60_000, 'genuine die event');
      await forged.wait();
      await shipper.settle();

      expect(await db.logLine.count({ where: { appId: victim.id, line: { contains: 'FORGED' } } })).toBe(0);
      const events = await db.event.findMany({ where: { appId: victim.id } });
      expect(events.filter((e) => JSON.stringify(e.data).includes(forged.id))).toEqual([]);
      expect(events.some((e) => e.message.includes('code 7'))).toBe(false);
      expect(await db.logLine.count({ where: { line: { contains: 'FORGED' } } })).toBe(0);
    } finally {
      await shipper.close();
      void watching;
    }
  });
});
