// Preloaded by `bench/control-plane.ts --probe` (node --import): on SIGUSR2 the process writes
// where its memory is to $BERTH_MEM_PROBE_DIR/<pid>.json — process.memoryUsage(), V8 heap spaces
// and code statistics, and the CommonJS modules loaded per package (ESM imports of CommonJS
// packages land in the same cache) — and, with BERTH_MEM_PROBE_SNAPSHOT=1, a heap snapshot next
// to it. A measuring aid only; never loaded by `npm run up`.
/* global process */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';

const dir = process.env.BERTH_MEM_PROBE_DIR;
const require = createRequire(import.meta.url);

/** `node_modules/<pkg>` (or `@scope/pkg`) of a loaded file, else its top directory. */
function packageOf(file) {
  const i = file.lastIndexOf('node_modules/');
  if (i < 0) return path.dirname(file).split(path.sep).slice(-2).join('/');
  const rest = file.slice(i + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

if (dir) {
  process.on('SIGUSR2', () => {
    const mb = (n) => Math.round((n / 1048576) * 10) / 10;
    const modules = {};
    for (const file of Object.keys(require.cache)) modules[packageOf(file)] = (modules[packageOf(file)] ?? 0) + 1;
    const report = {
      pid: process.pid,
      argv: process.argv.slice(1),
      memoryUsage: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, mb(v)])),
      heapSpaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, { size: mb(s.space_size), used: mb(s.space_used_size) }])),
      heapStats: Object.fromEntries(Object.entries(v8.getHeapStatistics()).map(([k, v]) => [k, mb(v)])),
      code: Object.fromEntries(Object.entries(v8.getHeapCodeStatistics()).map(([k, v]) => [k, mb(v)])),
      modules: Object.entries(modules).sort((a, b) => b[1] - a[1]),
    };
    writeFileSync(path.join(dir, `${process.pid}.json`), JSON.stringify(report, null, 1));
    if (process.env.BERTH_MEM_PROBE_SNAPSHOT === '1') v8.writeHeapSnapshot(path.join(dir, `${process.pid}.heapsnapshot`));
  });
}
