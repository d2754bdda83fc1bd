// `node bench/heap-summary.mjs <file.heapsnapshot> [top]`: where a V8 heap snapshot's bytes are
// (self sizes summed by node type, by type + name, and the largest single objects), to find what an
// idle Berth process keeps (bench/control-plane.ts --probe --snapshot writes the snapshots).
/* global process, console */
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
const top = Number(topArg ?? 25);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const meta = snap.snapshot.meta;
const fields = meta.node_fields;
const types = meta.node_types[0];
const width = fields.length;
const [T, N, S] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
const nodes = snap.nodes;
const strings = snap.strings;

const byType = new Map();
const byName = new Map();
const largest = [];
let total = 0;
for (let i = 0; i < nodes.length; i += width) {
  const type = types[nodes[i + T]];
  const size = nodes[i + S];
  const name = strings[nodes[i + N]];
  total += size;
  byType.set(type, (byType.get(type) ?? 0) + size);
  const key = `${type}: ${type === 'string' || type === 'concatenated string' ? '(strings)' : name.slice(0, 80)}`;
  byName.set(key, (byName.get(key) ?? 0) + size);
  if (size > 256 * 1024) largest.push({ type, name: name.slice(0, 100).replace(/\s+/g, ' '), size });
}
const mb = (n) => (n / 1048576).toFixed(2).padStart(8);
console.log(`${file}: ${mb(total)} MB in ${nodes.length / width} nodes`);
console.log('\nby type:');
for (const [k, v] of [...byType].sort((a, b) => b[1] - a[1])) console.log(`${mb(v)}  ${k}`);
console.log(`\ntop ${top} by type + name:`);
for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${mb(v)}  ${k}`);
console.log('\nsingle objects > 256 KB:');
for (const o of largest.sort((a, b) => b.size - a.size).slice(0, top)) console.log(`${mb(o.size)}  ${o.type}  ${o.name}`);
