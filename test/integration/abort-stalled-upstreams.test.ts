import { execFile, spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { abortStalledUpstreams } from '../../lib/proxy/abort-stalled-upstreams';
import { parseSsConnections } from '../../lib/proxy/stalled-connections';
import { waitFor } from './support/wait-for';

/**
 * The partition case of host loss, reduced to its TCP core (lib/proxy/abort-stalled-upstreams.ts):
 * a "host" in a network namespace made here (veth pair, its own /30) serves two ports; kept-alive
 * connections to both are cut by an iptables DROP inside that namespace while a request is on
 * each. The abort destroys the stalled connection to the port that is no longer routed (its
 * request fails at once with ECONNABORTED, which nginx answers by resending it elsewhere) and
 * leaves the routed one alone, which delivers its request once the DROP is lifted. All traffic
 * stays between this machine and that namespace; every wait is bounded.
 */
const run = promisify(execFile);
const tag = `${process.pid % 10_000}`.padStart(4, '0');
const ns = `b13s${tag}`;
const vethHost = `b13h${tag}`;
const vethNs = `b13n${tag}`;
const subnet = 10 + (process.pid % 240); // 10.203.<subnet>.0/30: private, unused by the engines (10.200.x)
const hostIp = `10.203.${subnet}.1`;
const peerIp = `10.203.${subnet}.2`;
const CUT_PORT = 18_081;
const ROUTED_PORT = 18_082;

const inNs = (args: string[]) => run('nsenter', [`--net=/run/netns/${ns}`, '--', ...args], { timeout: 10_000 });
const drop = (op: '-I' | '-D') =>
  Promise.all([
    inNs(['iptables', op, 'INPUT', '-i', vethNs, '-j', 'DROP']),
    inNs(['iptables', op, 'OUTPUT', '-o', vethNs, '-j', 'DROP']),
  ]);

let server: ChildProcess | undefined;
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get({ host: peerIp, port, agent, timeout: 30_000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(`HTTP ${res.statusCode}`));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

async function connectionTo(port: number) {
  const { stdout } = await run('ss', ['-tinH', 'state', 'established', 'dst', peerIp], { timeout: 5_000 });
  return parseSsConnections(stdout).find((c) => c.peerPort === port);
}

describe('abortStalledUpstreams (a namespace of its own, cut off by iptables DROP)', () => {
  beforeAll(async () => {
    await run('ip', ['netns', 'add', ns], { timeout: 10_000 });
    await run('ip', ['link', 'add', vethHost, 'type', 'veth', 'peer', 'name', vethNs], { timeout: 10_000 });
    await run('ip', ['link', 'set', vethNs, 'netns', ns], { timeout: 10_000 });
    await run('ip', ['addr', 'add', `${hostIp}/30`, 'dev', vethHost], { timeout: 10_000 });
    await run('ip', ['link', 'set', vethHost, 'up'], { timeout: 10_000 });
    await inNs(['ip', 'addr', 'add', `${peerIp}/30`, 'dev', vethNs]);
    await inNs(['ip', 'link', 'set', vethNs, 'up']);
    const code = `for (const p of [${CUT_PORT}, ${ROUTED_PORT}]) require('http').createServer((q, s) => s.end('ok')).listen(p, '${peerIp}');`;
    server = spawn('nsenter', [`--net=/run/netns/${ns}`, '--', process.execPath, '-e', code], { stdio: 'ignore' });
    await waitFor(async () => (await get(CUT_PORT)) === 'HTTP 200' && (await get(ROUTED_PORT)) === 'HTTP 200', 15_000, 'the server in the namespace');
  }, 60_000);

  afterAll(async () => {
    agent.destroy();
    server?.kill('SIGKILL');
    await run('ip', ['netns', 'del', ns], { timeout: 10_000 }).catch(() => undefined); // takes its veth end along
    await run('ip', ['link', 'del', vethHost], { timeout: 10_000 }).catch(() => undefined);
  });

  it('aborts the stalled connection to a port no longer routed, and only that one', async () => {
    await drop('-I');
    let healed = false;
    try {
      const cut = get(CUT_PORT);
      const kept = get(ROUTED_PORT);
      // Both requests are on kept-alive connections now black-holed: wait for TCP to back off.
      const stalled = async (port: number) => ((await connectionTo(port))?.backoff ?? 0) >= 2;
      await waitFor(async () => (await stalled(CUT_PORT)) && (await stalled(ROUTED_PORT)), 15_000, 'both connections stalled');

      const started = Date.now();
      const aborted = await abortStalledUpstreams(
        [{ address: peerIp, portRangeStart: 18_000, portRangeEnd: 18_999 }],
        async () => new Set([`${peerIp}:${ROUTED_PORT}`]),
      );
      expect(aborted).toEqual([expect.stringMatching(new RegExp(`>${peerIp.replace(/\./g, '\\.')}:${CUT_PORT}$`))]);
      expect(await cut).toBe('ECONNABORTED');
      expect(Date.now() - started).toBeLessThan(2_000);

      // The routed one was left alone: once the cut heals, TCP's retransmission delivers it.
      expect(await connectionTo(ROUTED_PORT)).toBeDefined();
      await drop('-D');
      healed = true;
      expect(await kept).toBe('HTTP 200');
    } finally {
      if (!healed) await drop('-D').catch(() => undefined);
    }
  }, 60_000);
});
