import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { actorFromUpgrade } from '../auth/upgrade-actor';
import { describeError, httpStatusOf, isAppError } from '../errors';
import { openConsole, ZConsoleTarget, type ConsoleTarget } from './open-console';

/**
 * The console endpoint: WebSockets at /console/ws/<app>, served by the worker on a loopback
 * port (Next.js route handlers cannot upgrade). The web server reaches it through a rewrite
 * (next.config.ts), so browsers use Berth's own origin; the CLI connects the same way with a
 * Bearer token.
 *
 * Protocol: binary frames are terminal bytes both ways. Text frames are JSON:
 *   client → {"type":"resize","cols":120,"rows":40} | {"type":"input","data":"ls\r"}
 *   server → {"type":"ready","label":"web.1 (v3) on local"} | {"type":"exit","code":0}
 *            | {"type":"closed","reason":"idle for 900 s"} | {"type":"error","message":"…"}
 * Refusals happen before the upgrade, as plain HTTP with a JSON error body.
 * A session ends when the process exits, the client goes away, or nothing was typed and nothing
 * printed for `idleSeconds`; the process is killed then, and the end is audited.
 */
export type ConsoleServerOptions = { port: number; host?: string; idleSeconds: number; maxPerUser?: number };
export type ConsoleServer = { port: number; close(): Promise<void> };

const PATH = /^\/console\/ws\/([^/?#]+)$/;
const PING_MS = 20_000;

export async function startConsoleServer(opts: ConsoleServerOptions): Promise<ConsoleServer> {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const perUser = new Map<string, number>();
  const maxPerUser = opts.maxPerUser ?? 10;
  const server = http.createServer((_req, res) => {
    res.writeHead(426, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'UPGRADE_REQUIRED', message: 'WebSocket only' } }));
  });
  const live = new Set<() => Promise<void>>();

  server.on('upgrade', (req, socket, head) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://console');
        const match = PATH.exec(url.pathname);
        if (!match) return refuse(socket, 404, 'NOT_FOUND', 'No such endpoint');
        const appName = decodeURIComponent(match[1]);
        const target = parseTarget(url.searchParams);
        const actor = await actorFromUpgrade(req.headers);
        if ((perUser.get(actor.id) ?? 0) >= maxPerUser) return refuse(socket, 429, 'TOO_MANY_REQUESTS', `At most ${maxPerUser} consoles at once per user`);
        const opened = await openConsole(actor, appName, target);
        perUser.set(actor.id, (perUser.get(actor.id) ?? 0) + 1);
        wss.handleUpgrade(req, socket, head, (ws) => {
          const stop = serve(ws, opened, opts.idleSeconds, () => {
            perUser.set(actor.id, Math.max(0, (perUser.get(actor.id) ?? 1) - 1));
            live.delete(stop);
          });
          live.add(stop);
        });
      } catch (error) {
        if (isAppError(error)) return refuse(socket, httpStatusOf[error.code], error.code, error.message);
        if (error instanceof Error && error.name === 'ZodError') return refuse(socket, 400, 'BAD_REQUEST', 'Invalid console parameters');
        console.error('[console] could not open', describeError(error));
        refuse(socket, 502, 'CONSOLE_FAILED', `Could not open the console: ${describeError(error).slice(0, 300)}`);
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : opts.port,
    close: async () => {
      await Promise.allSettled([...live].map((stop) => stop()));
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseTarget(params: URLSearchParams): ConsoleTarget {
  const command = params.get('command');
  let argv: unknown;
  if (command !== null) {
    try {
      argv = JSON.parse(command);
    } catch {
      argv = command; // rejected by the schema below
    }
  }
  return ZConsoleTarget.parse({
    kind: params.get('kind') ?? undefined,
    instance: params.get('instance') ?? undefined,
    command: argv,
    cols: params.get('cols') ?? undefined,
    rows: params.get('rows') ?? undefined,
  });
}

function refuse(socket: Duplex, status: number, code: string, message: string) {
  const body = JSON.stringify({ error: { code, message } });
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

type Opened = Awaited<ReturnType<typeof openConsole>>;

/** Pipes one session; returns its stop function (closing the server stops it too). */
function serve(ws: WebSocket, opened: Opened, idleSeconds: number, onEnd: () => void): () => Promise<void> {
  const { session } = opened;
  let lastActivity = Date.now();
  let ended = false;
  const send = (message: object) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const end = async (reason: string, exitCode: number | null, closeCode = 1000) => {
    if (ended) return;
    ended = true;
    clearInterval(timer);
    if (exitCode !== null) send({ type: 'exit', code: exitCode });
    else if (reason !== 'closed by the client') send({ type: 'closed', reason });
    if (ws.readyState === ws.OPEN) ws.close(closeCode, reason.slice(0, 120));
    await session.close().catch(() => undefined);
    await opened.finish(reason, exitCode);
    onEnd();
  };

  send({ type: 'ready', label: opened.label });
  session.output.on('data', (chunk: Buffer) => {
    lastActivity = Date.now();
    if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
  });
  ws.on('message', (data: RawData, isBinary: boolean) => {
    lastActivity = Date.now();
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) return session.write(bytes);
    let message: { type?: unknown; cols?: unknown; rows?: unknown; data?: unknown };
    try {
      message = JSON.parse(bytes.toString('utf8'));
    } catch {
      return send({ type: 'error', message: 'Text frames must be JSON: {"type":"resize"|"input",…}' });
    }
    if (message.type === 'input' && typeof message.data === 'string') return session.write(message.data);
    if (message.type === 'resize') {
      const cols = Number(message.cols);
      const rows = Number(message.rows);
      if (Number.isInteger(cols) && Number.isInteger(rows) && cols >= 2 && cols <= 1000 && rows >= 2 && rows <= 500) {
        return void session.resize(cols, rows);
      }
    }
    send({ type: 'error', message: 'Unknown message' });
  });
  ws.on('close', () => void end('closed by the client', null));
  ws.on('error', () => void end('connection error', null));
  // The exit code can be known before the last output is through: let the output end first
  // (bounded), so `exit` is the last thing the client sees.
  void session.exited.then(async (code) => {
    if (!session.output.readableEnded) {
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        session.output.once('end', () => (clearTimeout(timer), resolve(null)));
      });
    }
    await end('the process exited', code);
  });

  const idleMs = idleSeconds * 1000;
  const timer = setInterval(() => {
    if (Date.now() - lastActivity >= idleMs) void end(`idle for ${idleSeconds} s`, null, 4000);
    else if (ws.readyState === ws.OPEN) ws.ping();
  }, Math.min(PING_MS, Math.max(250, idleMs / 4)));
  return () => end('Berth is shutting down', null, 1001);
}
