// Preloaded into the production web server and worker (`node --require`, scripts/lib.sh): two
// dependencies that dockerode loads the moment it is imported, though Berth rarely needs them,
// load on first use instead. Measured alone (bench/control-plane.ts, docs/benchmarks.md):
//  - ssh2, required by docker-modem for ssh:// hosts only: its crypto plus an Emscripten Wasm
//    module (poly1305) that reserves 16 MB of Wasm memory, ~13 MB RSS;
//  - dockerode's BuildKit session (@grpc/grpc-js, @grpc/proto-loader, protobufjs), used only
//    by `buildImage` with `version: '2'`; Berth builds with the classic builder ('1').
// Each is replaced, for that one requiring file only, by a stand-in that requires the real module
// when first called, so behaviour is unchanged: `new Client()` returns a real ssh2 Client, and
// withSession() is the real one. Without this file (tests, `npm run dev`) all loads as before.
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload, run by plain node */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const inPackage = (pkg, file) => `${path.sep}node_modules${path.sep}${pkg}${path.sep}lib${path.sep}${file}`;

const LAZY = [
  {
    from: inPackage('docker-modem', 'ssh.js'),
    request: 'ssh2',
    // docker-modem reads `.Client` once at import and calls `new Client()` per connection.
    stub: (load) => ({
      Client: function Client(...args) {
        return new (load().Client)(...args);
      },
    }),
  },
  {
    from: inPackage('dockerode', 'docker.js'),
    request: './session',
    stub: (load) =>
      function withSession(...args) {
        return load()(...args);
      },
  },
];

const originalLoad = Module._load;
Module._load = function lazyLoad(request, parent, isMain) {
  const rule = parent?.filename ? LAZY.find((r) => r.request === request && parent.filename.endsWith(r.from)) : undefined;
  if (!rule) return originalLoad.apply(this, arguments);
  let real;
  return rule.stub(() => (real ??= originalLoad.call(this, request, parent, isMain)));
};
