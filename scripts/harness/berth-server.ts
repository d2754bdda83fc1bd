import { handlePushReport } from '../../lib/git/push-endpoint';
import { serveGitHttp } from '../../lib/git/serve-git-http';
import { startTestServer, type FetchHandler, type Route, type TestServer } from './http-server';

/**
 * Berth's git endpoint (/git/…) and the internal push endpoint its hook calls, plus any API
 * route handlers a test adds, served in-process. The hook is pointed at this server.
 */
export async function startBerthServer(extra: Route[] = []): Promise<TestServer> {
  let hookUrl = '';
  const git: FetchHandler = (request) => serveGitHttp(request, { hookUrl });
  const server = await startTestServer([
    { method: 'GET', pattern: /^\/git\//, handler: git },
    { method: 'POST', pattern: /^\/git\//, handler: git },
    { method: 'POST', pattern: /^\/api\/internal\/push$/, handler: (r) => handlePushReport(r) },
    ...extra,
  ]);
  hookUrl = `${server.url}/api/internal/push`;
  return server;
}

export { type Route, type TestServer };
