import { setMaxListeners } from 'node:events';
import http from 'node:http';
import { config } from '../config';
import { db } from '../db';
import { describeError } from '../errors';
import { nextRunningNotice } from '../deploys/running-notice';
import { wakeUp } from './sleep-app';

/**
 * The waker: a small HTTP server on loopback in the worker process (never the web process, so
 * waking does not depend on the UI). nginx hands it every request for a sleeping app with the
 * original Host header and the whole body (proxy_request_buffering on). For each request it
 *  1. finds the app from Host (<name>.<apps-domain> or a custom domain),
 *  2. wakes it (one START deployment however many requests arrive: wakeUp is a conditional update),
 *  3. holds the request until a web instance of the live release is RUNNING (healthy: instances
 *     become RUNNING only after their health check),
 *  4. proxies the request itself to that instance and streams the answer back — never a redirect,
 *     so method and body are preserved; after the deployment nginx routes to the app directly.
 * Past the timeout (BERTH_WAKE_TIMEOUT_SECONDS) it answers a 503 page.
 */
export type WakerOptions = { port?: number; host?: string; timeoutMs?: number; pollMs?: number; maxBodyBytes?: number };

export type Waker = { port: number; close(): Promise<void> };

const MAX_BODY = 100 * 1024 * 1024; // same as the edge's client_max_body_size

export async function startWaker(opts: WakerOptions = {}): Promise<Waker> {
  const timeoutMs = opts.timeoutMs ?? config().BERTH_WAKE_TIMEOUT_SECONDS * 1000;
  const pollMs = opts.pollMs ?? 50;
  const maxBody = opts.maxBodyBytes ?? MAX_BODY;
  const stop = new AbortController();
  setMaxListeners(0, stop.signal); // every held request's upstream call listens to it
  const server = http.createServer((req, res) => {
    handle(req, res, { timeoutMs, pollMs, maxBody, signal: stop.signal }).catch((error: unknown) => {
      console.error(`[waker] ${describeError(error)}`);
      if (!res.headersSent) sendPage(res, 502, '502 — app did not answer', 'The app woke up but the request could not be passed to it.');
      else res.destroy();
    });
  });
  server.requestTimeout = 0; // requests are held while the app starts
  const port = opts.port ?? config().BERTH_WAKER_PORT;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: () =>
      new Promise<void>((resolve) => {
        stop.abort();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type HandleOptions = { timeoutMs: number; pollMs: number; maxBody: number; signal: AbortSignal };

async function handle(req: http.IncomingMessage, res: http.ServerResponse, o: HandleOptions): Promise<void> {
  const host = (req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
  const app = await appForHost(host);
  if (!app) return sendPage(res, 404, '404 — no app here', 'No Berth app answers to this host name.');
  const body = await readBody(req, o.maxBody);
  if (body === null) return sendPage(res, 413, '413 — request too large', 'The request body is too large.');

  const deadline = Date.now() + o.timeoutMs;
  let target = await runningInstance(app.id);
  if (!target) {
    await wakeOnce(app);
    while (!target && Date.now() < deadline && !o.signal.aborted && !req.socket.destroyed) {
      target = await instanceUp(app.id, deadline, o);
    }
  }
  if (req.socket.destroyed) return; // the client left: do not replay its request
  if (!target) {
    return sendPage(res, 503, '503 — app is waking up', `${app.name} was asleep and did not start within ${Math.round(o.timeoutMs / 1000)} s. Try again in a moment.`);
  }
  await forward(req, res, body, target, o.signal);
}

/** Requests in this process share one wake per app; wakeUp's conditional update covers the rest. */
const waking = new Map<string, Promise<unknown>>();

function wakeOnce(app: { id: string; name: string }): Promise<unknown> {
  let p = waking.get(app.id);
  if (!p) {
    p = wakeUp(app, { actor: null, reason: 'request' }).finally(() => waking.delete(app.id));
    waking.set(app.id, p);
  }
  return p;
}

type Target = { address: string; port: number };

/**
 * Waits (until `deadline`) for a healthy web instance: reads the row again as soon as a deploy in
 * this process announces a RUNNING instance of the app (running-notice.ts), else every pollMs (a
 * deploy in another worker process). One loop per app in this process, shared by every request
 * held for it, so 20 held requests cost one query per round, not 20.
 */
const polls = new Map<string, Promise<Target | null>>();

function instanceUp(appId: string, deadline: number, o: HandleOptions): Promise<Target | null> {
  let p = polls.get(appId);
  if (!p) {
    p = (async () => {
      for (;;) {
        const notice = nextRunningNotice(appId, o.pollMs);
        const target = await runningInstance(appId);
        if (target || Date.now() >= deadline || o.signal.aborted) {
          notice.cancel();
          return target;
        }
        await notice.wait();
      }
    })().finally(() => polls.delete(appId));
    polls.set(appId, p);
  }
  return p;
}

async function appForHost(host: string): Promise<{ id: string; name: string } | null> {
  if (!host) return null;
  const route = await db.route.findFirst({ where: { hostname: host }, select: { app: { select: { id: true, name: true } } } });
  if (route) return route.app;
  const suffix = `.${config().BERTH_APPS_DOMAIN}`;
  if (!host.endsWith(suffix)) return null;
  return db.app.findUnique({ where: { name: host.slice(0, -suffix.length) }, select: { id: true, name: true } });
}

/** A RUNNING web instance of the app's live release (the app must be awake). */
async function runningInstance(appId: string): Promise<Target | null> {
  const app = await db.app.findUnique({ where: { id: appId }, select: { desiredState: true, currentReleaseId: true } });
  if (!app || app.desiredState !== 'RUNNING' || !app.currentReleaseId) return null;
  const instance = await db.instance.findFirst({
    where: { appId, releaseId: app.currentReleaseId, status: 'RUNNING', processType: 'web', hostPort: { not: null }, host: { status: { not: 'UNREACHABLE' } } },
    select: { hostPort: true, host: { select: { address: true } } },
    orderBy: { index: 'asc' },
  });
  return instance?.hostPort ? { address: instance.host.address, port: instance.hostPort } : null;
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'content-length']);

function forward(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, target: Target, signal: AbortSignal): Promise<void> {
  const headers: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      { host: target.address, port: target.port, method: req.method, path: req.url, headers, signal, timeout: 120_000 },
      (answer) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
        if (answer.headers['content-length']) out['content-length'] = answer.headers['content-length'];
        res.writeHead(answer.statusCode ?? 502, out);
        answer.pipe(res);
        answer.on('end', () => resolve());
        answer.on('error', reject);
      },
    );
    upstream.on('timeout', () => upstream.destroy(new Error('upstream timed out')));
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function sendPage(res: http.ServerResponse, status: number, title: string, text: string): void {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><title>${esc(title)}</title></head><body style="font-family:sans-serif;margin:4rem"><h1>${esc(title)}</h1><p>${esc(text)}</p><p><small>Berth</small></p></body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store', ...(status === 503 ? { 'retry-after': '5' } : {}) });
  res.end(html);
}
