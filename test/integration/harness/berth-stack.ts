import { afterAll, beforeAll } from 'vitest';
import { appsApiRoutes, api } from '../../../scripts/harness/berth-api';
import type { Route } from '../../../scripts/harness/http-server';
import { startBerthServer, type TestServer } from '../../../scripts/harness/berth-server';
import { createTestUser, type TestUser } from '../../../scripts/harness/users';
import { startWorkers } from '../../../scripts/harness/workers';

/**
 * The whole push-to-deploy stack for one test file: the API + git server in-process, the hosts,
 * builds and deploys workers, and a user with a token. Apps named in `apps` are deleted (their
 * containers removed) when the file ends. `routes`: more route handlers a test file needs.
 */
export type BerthStack = { server: TestServer; user: TestUser; apps: string[] };

export function useBerthStack(routes: Route[] = []): BerthStack {
  const stack = { apps: [] as string[] } as unknown as BerthStack;
  let stopWorkers: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    stack.server = await startBerthServer([...appsApiRoutes, ...routes]);
    stopWorkers = await startWorkers(['hosts', 'builds', 'deploys']);
    stack.user = await createTestUser();
  });
  afterAll(async () => {
    for (const name of stack.apps) {
      await api(stack.server.url, stack.user.token, 'DELETE', `/api/apps/${name}?confirm=${name}`).catch(() => {});
    }
    await stopWorkers?.();
    await stack.server?.close();
  });
  return stack;
}
