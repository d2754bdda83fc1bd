import http from 'node:http';
import { appHostname } from '../../lib/model/app-url';
import { config } from '../../lib/config';

export type AppResponse = { status: number; body: string };

/**
 * GET through the edge proxy on 127.0.0.1 with the app's Host header (no reliance on
 * *.localhost DNS). Status 0 when nothing answers.
 */
export function getThroughProxy(name: string, path = '/', timeoutMs = 5_000): Promise<AppResponse> {
  return getFromLoopback({ port: config().BERTH_PROXY_PORT, host: appHostname(name), path, timeoutMs });
}

/** One GET to a loopback port with a Host header, status 0 when none came. */
export function getFromLoopback({ port, host, path = '/', timeoutMs = 5_000 }: { port: number; host: string; path?: string; timeoutMs?: number }): Promise<AppResponse> {
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host }, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', () => resolve({ status: 0, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve({ status: 0, body: '' }));
    req.end();
  });
}

/** Polls (bounded) until `check` passes; returns the last response either way. */
export async function waitForApp(
  name: string,
  check: (r: AppResponse) => boolean,
  { timeoutMs = 120_000, intervalMs = 250, path = '/' } = {},
): Promise<AppResponse> {
  const deadline = Date.now() + timeoutMs;
  let last: AppResponse = { status: 0, body: '' };
  while (Date.now() < deadline) {
    last = await getThroughProxy(name, path);
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  return last;
}
