#!/usr/bin/env node
// Byte forwarder between a TCP and a unix socket, for extra Docker engines in their own network
// namespace (scripts/extra-dockerd.sh): a unix socket is a file, so it crosses namespaces where
// 127.0.0.1 does not. Two of these carry the registry (127.0.0.1:<port> on the host) to
// 127.0.0.1:<port> inside the namespace, where image references expect it.
//
//   node scripts/netns-forward.mjs LISTEN TARGET      (each tcp:HOST:PORT or unix:PATH)
/* global process, console */
import net from 'node:net';
import { rmSync } from 'node:fs';

const [listen, target] = process.argv.slice(2);
const parse = (spec) => {
  const m = /^(tcp):([0-9.]+):(\d+)$|^(unix):(\/.+)$/.exec(spec ?? '');
  if (!m) {
    console.error(`bad address ${spec}: tcp:HOST:PORT or unix:/PATH`);
    process.exit(2);
  }
  return m[1] ? { host: m[2], port: Number(m[3]) } : { path: m[5] };
};
const from = parse(listen);
const to = parse(target);

const server = net.createServer((client) => {
  const upstream = net.connect(to);
  const drop = () => {
    client.destroy();
    upstream.destroy();
  };
  // A stuck connection must not live for ever: 10 minutes without a byte ends it.
  for (const s of [client, upstream]) s.setTimeout(600_000, drop).on('error', drop).on('close', drop);
  client.pipe(upstream).pipe(client);
});
if (from.path) rmSync(from.path, { force: true });
server.listen(from, () => console.log(`forwarding ${listen} -> ${target}`));
for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, () => (server.close(), process.exit(0)));
