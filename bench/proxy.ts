/**
 * Edge proxy benchmark: `npx tsx bench/proxy.ts [seconds]`
 * wrk (Debian) on loopback against one app container
 *   1. directly (its published port),
 *   2. through Berth's nginx (the config lib/proxy/render-config.ts generates, access log on),
 *   3. through a minimal hand-written nginx reverse proxy (upstream keepalive, access log off),
 * each nginx with one worker process, own temp dir and port. Prints req/s, p99 and the ratios;
 * target: Berth ≥ 0.9 × hand-written. Bounded: 2 rounds × 3 targets × `seconds` (default 8 s).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { renderNginxConfig } from '../lib/proxy/render-config';
import { createContainer, removeContainer, startContainer } from '../lib/docker/containers';
import { connectDocker } from '../lib/docker/connect';
import { freePort } from '../scripts/harness/free-port';

const run = promisify(execFile);

const root = path.resolve(import.meta.dirname, '..');
const IMAGE = 'berth-test/deploy-app:1';
const SECONDS = Math.min(Math.max(Number(process.argv[2] ?? 8), 2), 30);
const NGINX = process.env.BERTH_NGINX_BIN ?? '/usr/sbin/nginx';
const docker = connectDocker({ dockerUrl: 'unix:///var/run/docker.sock' }, 60_000);


async function waitFor(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing answers on ${port}`);
}

type Result = { rps: number; p99ms: number; errors: number };

async function wrk(port: number, host?: string): Promise<Result> {
  const args = ['-t1', '-c32', `-d${SECONDS}s`, '--latency', ...(host ? ['-H', `Host: ${host}`] : []), `http://127.0.0.1:${port}/`];
  const { stdout } = await run('wrk', args, { timeout: (SECONDS + 30) * 1000 });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? 0);
  const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(stdout);
  const p99ms = p99 ? Number(p99[1]) * (p99[2] === 'us' ? 0.001 : p99[2] === 's' ? 1000 : 1) : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const errors = non2xx + (sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return { rps, p99ms, errors };
}

function handWritten(dir: string, port: number, upstream: string, user: string): string {
  return `${user ? `user ${user};\n` : ''}daemon on;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log;
events { worker_connections 4096; }
http {
  client_body_temp_path ${dir}/tmp/cb; proxy_temp_path ${dir}/tmp/p; fastcgi_temp_path ${dir}/tmp/f;
  uwsgi_temp_path ${dir}/tmp/u; scgi_temp_path ${dir}/tmp/s;
  access_log off;
  upstream app { server ${upstream}; keepalive 64; }
  server {
    listen ${port};
    server_name bench.localhost;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;
}

async function startNginx(dir: string, conf: string): Promise<() => Promise<void>> {
  await mkdir(path.join(dir, 'tmp'), { recursive: true });
  const file = path.join(dir, 'nginx.conf');
  await writeFile(file, conf);
  const argv = ['-p', dir, '-e', path.join(dir, 'error.log'), '-c', file];
  await run(NGINX, argv, { timeout: 15_000 });
  return async () => {
    await run(NGINX, [...argv, '-s', 'quit'], { timeout: 15_000 }).catch(() => undefined);
  };
}

async function main() {
  await run('docker', ['build', '-q', '-t', IMAGE, path.join(root, 'test/integration/deploy-fixture')], { timeout: 600_000 });
  const appPort = await freePort();
  const container = await createContainer(docker, {
    name: `berth-bench-proxy-${process.pid}`,
    Image: IMAGE,
    Env: ['PORT=5000', 'VERSION=bench'],
    ExposedPorts: { '5000/tcp': {} },
    HostConfig: { PortBindings: { '5000/tcp': [{ HostIp: '127.0.0.1', HostPort: String(appPort) }] }, AutoRemove: false },
  });
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'berth-bench-proxy-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    await startContainer(docker, container.Id);
    await waitFor(appPort);
    const upstream = `127.0.0.1:${appPort}`;
    const user = process.getuid?.() === 0 ? 'nobody nogroup' : '';
    const berthPort = await freePort();
    const berthDir = path.join(tmp, 'berth');
    stops.push(
      await startNginx(
        berthDir,
        renderNginxConfig({
          dir: berthDir,
          port: berthPort,
          workerProcesses: 1,
          user: user || undefined,
          apps: [{ name: 'bench', hostnames: ['bench.localhost'], upstreams: [upstream] }],
        }),
      ),
    );
    const handPort = await freePort();
    const handDir = path.join(tmp, 'hand');
    stops.push(await startNginx(handDir, handWritten(handDir, handPort, upstream, user)));
    await Promise.all([waitFor(berthPort), waitFor(handPort)]);

    const targets = [
      { name: 'direct (app container)', port: appPort, host: undefined },
      { name: "Berth's nginx", port: berthPort, host: 'bench.localhost' },
      { name: 'hand-written nginx', port: handPort, host: 'bench.localhost' },
    ];
    const best = new Map<string, Result>();
    for (let round = 0; round < 2; round++) {
      for (const t of targets) {
        const r = await wrk(t.port, t.host);
        const prev = best.get(t.name);
        if (!prev || r.rps > prev.rps) best.set(t.name, r);
      }
    }
    const direct = best.get(targets[0].name)!;
    const berth = best.get(targets[1].name)!;
    const hand = best.get(targets[2].name)!;
    console.log(`\nwrk -t1 -c32 -d${SECONDS}s on loopback, best of 2 rounds, ${os.cpus().length} CPUs, nginx worker_processes 1\n`);
    console.log('target                      req/s      p99 ms   errors');
    for (const t of targets) {
      const r = best.get(t.name)!;
      console.log(`${t.name.padEnd(26)} ${r.rps.toFixed(0).padStart(8)} ${r.p99ms.toFixed(2).padStart(10)} ${String(r.errors).padStart(8)}`);
    }
    const ratio = berth.rps / hand.rps;
    console.log(`\nBerth / hand-written: ${ratio.toFixed(2)} (target ≥ 0.90) ${ratio >= 0.9 ? 'OK' : 'BELOW TARGET'}`);
    console.log(`Berth / direct:       ${(berth.rps / direct.rps).toFixed(2)}`);
    console.log(`hand-written / direct: ${(hand.rps / direct.rps).toFixed(2)}`);
  } finally {
    for (const stop of stops) await stop();
    await removeContainer(docker, container.Id).catch(() => undefined);
    await rm(tmp, { recursive: true, force: true });
  }
}

await main();
