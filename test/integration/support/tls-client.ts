import { execFile } from 'node:child_process';
import tls from 'node:tls';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * HTTPS checks against the edge on loopback, the way a user would: curl with --resolve (the name
 * points at 127.0.0.1 without DNS) and --cacert (only the test CA is trusted), and a bare TLS
 * handshake to read which certificate nginx picked for an SNI name. `caFile: null` = --insecure.
 */
export async function curlHttps(opts: {
  hostname: string;
  port: number;
  caFile: string | null;
  path?: string;
  headers?: Record<string, string>;
}): Promise<{ status: number; headers: string; body: string }> {
  const url = `https://${opts.hostname}:${opts.port}${opts.path ?? '/'}`;
  const extra = Object.entries(opts.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await run(
    'curl',
    ['-sS', '--max-time', '20', '--resolve', `${opts.hostname}:${opts.port}:127.0.0.1`, ...(opts.caFile ? ['--cacert', opts.caFile] : ['--insecure']), ...extra, '-D', '-', '--', url],
    { timeout: 30_000 },
  );
  const split = stdout.indexOf('\r\n\r\n');
  const headers = stdout.slice(0, split);
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(headers)?.[1] ?? 0), headers, body: stdout.slice(split + 4) };
}

/** Plain-HTTP request through curl (shows redirects without following them). */
export async function curlHttp(opts: { hostname: string; port: number; path?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: string }> {
  const headers = Object.entries(opts.headers ?? {}).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const { stdout } = await run(
    'curl',
    ['-sS', '--max-time', '20', '-o', '/dev/null', '-D', '-', '-H', `Host: ${opts.hostname}`, ...headers, '--', `http://127.0.0.1:${opts.port}${opts.path ?? '/'}`],
    { timeout: 30_000 },
  );
  return { status: Number(/^HTTP\/[\d.]+ (\d{3})/.exec(stdout)?.[1] ?? 0), headers: stdout };
}

/** The leaf nginx presents for `servername` (sha256 fingerprint), or the handshake error. */
export function peerCertificate(opts: { servername: string; port: number; ca?: string }): Promise<{ fingerprint256: string; subjectaltname?: string; validTo: string }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host: '127.0.0.1', port: opts.port, servername: opts.servername, ca: opts.ca, rejectUnauthorized: Boolean(opts.ca) }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve({ fingerprint256: cert.fingerprint256, subjectaltname: cert.subjectaltname, validTo: cert.valid_to });
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error('TLS handshake timed out')));
    socket.on('error', reject);
  });
}
