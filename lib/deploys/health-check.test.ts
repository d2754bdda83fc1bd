import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHealthCheck } from '../model/health-check';
import { pollDelayMs, waitHealthy } from './health-check';

describe('parseHealthCheck', () => {
  it('fills defaults and clamps values', () => {
    expect(parseHealthCheck({ path: '/health' })).toEqual({ path: '/health', expectedStatus: 200, timeoutMs: 5000, attempts: 3 });
    expect(parseHealthCheck({ path: 'nope', attempts: 1000 })).toMatchObject({ path: '/', attempts: 60 });
    expect(parseHealthCheck(null)).toBeNull();
  });
});

describe('waitHealthy (loopback server)', () => {
  let server: http.Server;
  let port: number;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      res.statusCode = req.url === '/health' ? 204 : req.url === '/boom' ? 500 : 200;
      res.end(req.url === '/text' ? 'all systems go' : '');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('passes the default check and a configured one', async () => {
    await waitHealthy({ address: '127.0.0.1', port }, null);
    await waitHealthy({ address: '127.0.0.1', port }, { path: '/health', expectedStatus: 204, timeoutMs: 1000, attempts: 1 });
  });

  it('fails with the reason in plain words', async () => {
    await expect(
      waitHealthy({ address: '127.0.0.1', port }, { path: '/boom', expectedStatus: 200, timeoutMs: 1000, attempts: 2 }),
    ).rejects.toThrow('health check failed: GET /boom answered 500, expected 200 (2 attempts)');
  });

  it('content: the body must contain it; wait is the pause between attempts', async () => {
    const target = { address: '127.0.0.1', port };
    await waitHealthy(target, { path: '/text', expectedStatus: 200, timeoutMs: 1000, attempts: 1, content: 'systems go' });
    const started = Date.now();
    await expect(
      waitHealthy(target, { path: '/text', expectedStatus: 200, timeoutMs: 1000, attempts: 2, content: 'nope', waitMs: 50 }),
    ).rejects.toThrow('health check failed: GET /text answered 200 without "nope" in the body, expected 200 containing "nope" (2 attempts)');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('stops waiting when the container died', async () => {
    await expect(
      waitHealthy({ address: '127.0.0.1', port: 1, isAlive: async () => ({ alive: false, why: 'exit code 1' }) }, null),
    ).rejects.toThrow('the container stopped during the health check (exit code 1)');
  });
});

describe('waitHealthy against a server that serves one connection at a time', () => {
  // Like PHP's built-in server or Python's wsgiref: the next connection waits until the current
  // one is closed, and HTTP/1.1 keeps a connection open unless the client closes it.
  let server: net.Server;
  let port: number;
  beforeAll(async () => {
    const waiting: net.Socket[] = [];
    let busy = false;
    const next = () => {
      const socket = waiting.shift();
      if (!socket) return void (busy = false);
      busy = true;
      let buffer = '';
      socket.on('data', (chunk) => {
        buffer += chunk.toString('latin1');
        while (buffer.includes('\r\n\r\n')) {
          const head = buffer.slice(0, buffer.indexOf('\r\n\r\n'));
          buffer = buffer.slice(buffer.indexOf('\r\n\r\n') + 4);
          const close = /\r\nconnection:\s*close/i.test(head);
          socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 2\r\n${close ? 'Connection: close\r\n' : ''}\r\nok`);
          if (close) socket.end();
        }
      });
      socket.on('close', next);
      socket.on('error', () => undefined);
    };
    server = net.createServer((socket) => {
      waiting.push(socket);
      if (!busy) next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('does not hold the connection: the first real request right after it is answered at once', async () => {
    await waitHealthy({ address: '127.0.0.1', port }, null);
    await waitHealthy({ address: '127.0.0.1', port }, { path: '/', expectedStatus: 200, timeoutMs: 1000, attempts: 1, content: 'ok' });
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 1500 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('timeout', () => req.destroy(new Error('held behind the health check’s connection')));
      req.on('error', reject);
    });
    expect(status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('polls quickly at first, then backs off', () => {
    expect([1, 2, 40, 41, 42, 49, 50, 1000].map(pollDelayMs)).toEqual([25, 25, 25, 50, 75, 250, 250, 250]);
  });
});
