import { afterAll, describe, expect, it } from 'vitest';
import { createBuild } from '../../lib/builds/create-build';
import { runBuild } from '../../lib/builds/run-build';
import { db } from '../../lib/db';
import { BUILD_NETWORK } from '../../lib/docker/build-network';
import { localDocker } from '../../lib/docker/connect';
import { ensureRuntimeImage } from '../../lib/templates/runtime-images';
import { createTestApp, fixtureDir, get, removeAppImages, withRunningImage } from './builds-helpers';

// A build whose plan downloads nothing (Java javac) runs its RUN steps with `--network none`; the
// engine's own network events show which network each RUN step's container joined.
const created: string[] = [];
afterAll(async () => {
  for (const name of created) await removeAppImages(name);
});

/** Networks each of these containers (ids or 12-character prefixes) joined in the time window. */
async function joinedNetworks(steps: string[], since: number, until: number): Promise<Map<string, string[]>> {
  const stream = (await localDocker().getEvents({
    since,
    until,
    filters: JSON.stringify({ type: ['network'], event: ['connect'] }),
  })) as unknown as NodeJS.ReadableStream;
  let text = '';
  for await (const chunk of stream) text += chunk.toString();
  const joined = new Map<string, string[]>(steps.map((id) => [id, []]));
  for (const raw of text.split('\n').filter(Boolean)) {
    const event = JSON.parse(raw) as { Actor?: { Attributes?: Record<string, string> } };
    const container = event.Actor?.Attributes?.container ?? '';
    const step = steps.find((id) => container.startsWith(id));
    if (step) joined.get(step)!.push(event.Actor!.Attributes!.name);
  }
  return joined;
}

describe('RUN steps and the network', () => {
  it('a javac build compiles with no network and the image serves', async () => {
    await ensureRuntimeImage('java');
    const { app, commit } = await createTestApp({ template: 'JAVA' });
    created.push(app.name);
    const sha = await commit(fixtureDir('java-sample'), 'first');
    const since = Math.floor(Date.now() / 1000) - 1;
    const build = await createBuild({ appId: app.id, commitSha: sha, trigger: 'PUSH', deployAfter: false });
    const status = await runBuild(build.id);
    const row = await db.build.findUniqueOrThrow({ where: { id: build.id } });
    expect(status, `${row.failedStep}: ${row.error}`).toBe('SUCCEEDED');

    const log = (await db.buildLogLine.findMany({ where: { buildId: build.id }, orderBy: { seq: 'asc' } })).map((l) => l.line);
    expect(log).toContain('-----> Build steps run without network (this build downloads nothing)');
    // Control: the same event query sees a container that does join the build bridge.
    const control = await localDocker().createContainer({ Image: 'berth/runtime-java', Cmd: ['true'], HostConfig: { NetworkMode: BUILD_NETWORK } });
    await control.start();
    await control.wait();
    await control.remove({ force: true });

    const steps = log.map((l) => /^ ---> Running in ([0-9a-f]{12,64})$/.exec(l)?.[1]).filter((id): id is string => Boolean(id));
    // At least the javac step ran (the code layer is new for every commit).
    expect(steps.length).toBeGreaterThanOrEqual(1);
    const networks = await joinedNetworks([...steps, control.id], since, Math.ceil(Date.now() / 1000) + 1);
    expect(networks.get(control.id)).toEqual([BUILD_NETWORK]);
    // `--network none` makes no endpoint (no connect event at all); never the build bridge.
    for (const id of steps) expect(networks.get(id)!.filter((n) => n !== 'none'), `RUN container ${id}`).toEqual([]);

    await withRunningImage(row.imageTag!, { GREETING: 'Hej' }, async (running) => {
      expect((await get(`${running.url}/?name=Berth`)).text).toBe('Hej, Berth! (Java 17)');
    });
  }, 300_000);
});
