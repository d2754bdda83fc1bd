import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

/** A fetch-style handler, the shape of Next route handlers and lib/git's serveGitHttp. */
export type FetchHandler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response> | Response;

export type Route = { method: string; pattern: RegExp; handler: FetchHandler; params?: string[] };

export type TestServer = { url: string; port: number; close: () => Promise<void> };

/**
 * Mounts fetch-style handlers in a tiny node:http server on 127.0.0.1 (random port), streaming
 * request and response bodies both ways — enough to run git's smart HTTP and Berth's API
 * handlers in-process without starting Next.
 */
export async function startTestServer(routes: Route[]): Promise<TestServer> {
  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      const rawPath = (req.url ?? '/').split('?')[0];
      const route = routes.find((r) => r.method === req.method && r.pattern.test(rawPath));
      if (!route) {
        res.writeHead(404).end('no route\n');
        return;
      }
      const match = route.pattern.exec(rawPath)!;
      const params: Record<string, string> = {};
      (route.params ?? []).forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1] ?? '')));
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) {
        if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
        else if (v !== undefined) headers.set(k, v);
      }
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      // Keep the raw (un-normalised) path: handlers must see what the client sent.
      const request = new Request(new URL(req.url ?? '/', url.origin), {
        method: req.method,
        headers,
        body: hasBody ? (Readable.toWeb(req) as ReadableStream) : undefined,
        duplex: 'half',
      } as RequestInit);
      const response = await route.handler(request, { params: Promise.resolve(params) });
      const outHeaders: Record<string, string> = {};
      response.headers.forEach((v, k) => (outHeaders[k] = v));
      res.writeHead(response.status, outHeaders);
      if (response.body) {
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) res.write(chunk);
      }
      res.end();
    } catch (error) {
      console.error('[test-server]', error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  server.requestTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
