import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../../lib/db';
import { localDocker } from '../../lib/docker/connect';
import { acquireLeaderLock } from '../../lib/background/leader-lock';
import { watchHostEvents } from '../../lib/observe/ingest/watch-host-events';
import { appWithInstance, flakyDockerFront, localHost, rand, removeContainer, runContainer } from './logs-fixtures';
import { waitFor } from './support/wait-for';

const containers: string[] = [];
const stop = new AbortController();
afterAll(async () => {
  stop.abort();
  await Promise.all(containers.map(removeContainer));
});

describe('docker event capture', () => {
  it('records an OOM kill: Event container.oom and Instance.oomKilled', async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host, memoryMb: 16 });
    const watching = watchHostEvents(host, { signal: stop.signal, since: Math.floor(Date.now() / 1000) - 1 });
    const id = await runContainer(app, instance, ['sh', '-c', 'head -c 200m /dev/zero | tail'], {
      Memory: 16 * 1024 * 1024,
      MemorySwap: 16 * 1024 * 1024,
    });
    containers.push(id);
    const oom = await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.oom' } }), 60_000, 'oom event');
    expect(oom.message).toContain('out of memory');
    expect(oom.hostId).toBe(host.id);
    await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.die' } }), 30_000, 'die event');
    const row = await db.instance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row.oomKilled).toBe(true);
    expect(row.exitCode).not.toBe(0);
    void watching;
  });

  it('records start and die with the exit code, marks a dead RUNNING instance CRASHED, once', async () => {
    const host = await localHost();
    const { app, instance } = await appWithInstance({ host });
    await db.instance.update({ where: { id: instance.id }, data: { status: 'RUNNING' } });
    const since = Math.floor(Date.now() / 1000) - 1;
    const watching = watchHostEvents(host, { signal: stop.signal, since });
    const id = await runContainer(app, instance, ['sh', '-c', 'sleep 1; exit 3']);
    containers.push(id);
    const die = await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.die' } }), 30_000, 'die');
    expect(die.message).toContain('exited with code 3');
    expect(await db.event.count({ where: { appId: app.id, kind: 'container.start' } })).toBe(1);
    const row = await db.instance.findUniqueOrThrow({ where: { id: instance.id } });
    expect(row).toMatchObject({ exitCode: 3, status: 'CRASHED' });

    // A second watcher replaying the same period (as after a reconnect or worker restart) adds nothing.
    const replay = new AbortController();
    const replayed: string[] = [];
    const again = watchHostEvents(host, { signal: replay.signal, since, onEvent: (e) => void replayed.push(e.Action) });
    await waitFor(async () => replayed.includes('start') && replayed.includes('die'), 30_000, 'the replay');
    replay.abort();
    await again;
    expect(await db.event.count({ where: { appId: app.id, kind: { startsWith: 'container.' } } })).toBe(2);
    void watching;
  });

  it('reconnects after the event stream drops and records what happened while it was down', async () => {
    const front = await flakyDockerFront();
    try {
      const host = await db.host.create({
        data: { name: `flaky-${rand()}`, dockerUrl: front.url, status: 'READY' },
      });
      const { app, instance } = await appWithInstance({ host });
      const watching = watchHostEvents(host, { signal: stop.signal, since: Math.floor(Date.now() / 1000) - 1 });
      const id = await runContainer(app, instance, ['sleep', '600']);
      containers.push(id);
      await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.start' } }), 30_000, 'start');

      front.cut();
      await localDocker().getContainer(id).stop({ t: 1 });
      await new Promise((r) => setTimeout(r, 1_500));
      front.restore();

      const die = await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.die' } }), 60_000, 'die after reconnect');
      expect(die.message).toContain('exited with code');
      await waitFor(() => db.event.findFirst({ where: { appId: app.id, kind: 'container.stop' } }), 30_000, 'stop');
      void watching;
    } finally {
      front.close();
    }
  });

  it('lets only one worker observe an installation at a time; another takes over when it goes', async () => {
    const name = `berth.observe.test-${rand()}`;
    const first = await acquireLeaderLock(name, stop.signal);
    expect(first).not.toBeNull();
    let secondHeld = false;
    // The waiter retries every second in production; 100 ms here (no sleeping for a retry period).
    const waiting = acquireLeaderLock(name, stop.signal, { retryMs: 100 }).then((lock) => {
      secondHeld = true;
      return lock;
    });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(secondHeld).toBe(false);
    await first!.release(); // the first worker exits: its session, and the lock, end
    const second = await waiting;
    expect(second).not.toBeNull();
    await second!.release();
  });
});
