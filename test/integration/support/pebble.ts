import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Agent, get } from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTestCa, createTestLeaf } from '../../support/test-certs';
import { freePort } from '../../../scripts/harness/free-port';

/**
 * A real ACME server for tests: Debian's `pebble`, with `pebble-challtestsrv` as its DNS server
 * answering every A query with 127.0.0.1 (no AAAA), so any hostname "resolves locally". Pebble
 * validates HTTP-01 for real by fetching http://<name>:<httpPort>/.well-known/acme-challenge/…
 * — point httpPort at Berth's edge nginx. Everything listens on loopback ports picked here;
 * stop() ends exactly the two processes started.
 */
export type Pebble = {
  directoryUrl: string;
  /** PEM of the CA that signed pebble's own HTTPS certificate (for the ACME client). */
  tlsCaFile: string;
  /** Root that issues the certificates pebble hands out (for curl --cacert), from its management API. */
  issuingRoot: () => Promise<string>;
  stop: () => Promise<void>;
};


async function waitForPort(port: number, child: ChildProcess, name: string, log: () => string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
      s.setTimeout(1_000, () => {
        s.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name} did not listen on ${port} within ${timeoutMs} ms: ${log()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startPebble(opts: { httpPort: number }): Promise<Pebble> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-pebble-'));
  const [acmePort, mgmtPort, dnsPort, challMgmtPort] = [await freePort(), await freePort(), await freePort(), await freePort()];

  // Pebble's own HTTPS certificate (the Debian package ships none), from a throwaway CA.
  const ca = await createTestCa('Berth test pebble TLS CA');
  const leaf = await createTestLeaf(ca, ['127.0.0.1', 'localhost']);
  const tlsCaFile = path.join(dir, 'tls-ca.pem');
  await writeFile(tlsCaFile, ca.certPem);
  await writeFile(path.join(dir, 'cert.pem'), leaf.certPem + leaf.chainPem);
  await writeFile(path.join(dir, 'key.pem'), leaf.keyPem, { mode: 0o600 });
  await writeFile(
    path.join(dir, 'pebble.json'),
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${mgmtPort}`,
        certificate: path.join(dir, 'cert.pem'),
        privateKey: path.join(dir, 'key.pem'),
        httpPort: opts.httpPort,
        tlsPort: opts.httpPort, // tls-alpn-01 is never chosen by Berth
        ocspResponderURL: '',
        externalAccountBindingRequired: false,
      },
    }),
  );

  let dnsLog = '';
  const dns = spawn(
    'pebble-challtestsrv',
    ['-dns01', `127.0.0.1:${dnsPort}`, '-http01', '', '-https01', '', '-tlsalpn01', '', '-management', `127.0.0.1:${challMgmtPort}`, '-defaultIPv4', '127.0.0.1', '-defaultIPv6', ''],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  dns.stdout!.on('data', (c) => (dnsLog = (dnsLog + c).slice(-4_000)));
  dns.stderr!.on('data', (c) => (dnsLog = (dnsLog + c).slice(-4_000)));

  let log = '';
  const pebble = spawn('pebble', ['-config', path.join(dir, 'pebble.json'), '-dnsserver', `127.0.0.1:${dnsPort}`, '-strict=false'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    // Real validation, no artificial sleeps; never reuse an authorisation (each order proves control
    // again — a renewal with nginx down must fail); no random bad-nonce rejections.
    env: { ...process.env, PEBBLE_VA_NOSLEEP: '1', PEBBLE_AUTHZREUSE: '0', PEBBLE_WFE_NONCEREJECT: '0', PEBBLE_VA_ALWAYS_VALID: '' },
  });
  pebble.stdout!.on('data', (c) => (log = (log + c).slice(-8_000)));
  pebble.stderr!.on('data', (c) => (log = (log + c).slice(-8_000)));

  const stop = async () => {
    await Promise.all([stopChild(pebble), stopChild(dns)]);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(challMgmtPort, dns, 'pebble-challtestsrv', () => dnsLog);
    await waitForPort(acmePort, pebble, 'pebble', () => log);
    await waitForPort(mgmtPort, pebble, 'pebble management', () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  const agent = new Agent({ ca: ca.certPem });
  const issuingRoot = () =>
    new Promise<string>((resolve, reject) => {
      const req = get(`https://127.0.0.1:${mgmtPort}/roots/0`, { agent, timeout: 10_000 }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`roots/0: ${res.statusCode}`))));
      });
      req.on('timeout', () => req.destroy(new Error('pebble management timed out')));
      req.on('error', reject);
    });
  return { directoryUrl: `https://127.0.0.1:${acmePort}/dir`, tlsCaFile, issuingRoot, stop };
}
