#!/usr/bin/env node
/**
 * bench/cpuprofile-top.mjs — top self-time functions of the .cpuprofile files in a directory
 * (from `node --cpu-prof --cpu-prof-dir=DIR dist/cli.js ...`, stopped with SIGINT).
 * usage: node bench/cpuprofile-top.mjs DIR [rows]
 * Note: samples are wall-clock based; on a loaded machine syscalls that block (writeBuffer)
 * look bigger than their CPU cost. `perf record -g` with node --perf-basic-prof shows CPU only.
 */
import { readFileSync, readdirSync } from 'node:fs';
const dir = process.argv[2];
const files = readdirSync(dir).filter(f => f.endsWith('.cpuprofile'));
for (const f of files) {
  const p = JSON.parse(readFileSync(dir + '/' + f, 'utf8'));
  const byId = new Map(p.nodes.map(n => [n.id, n]));
  const self = new Map();
  const dt = p.timeDeltas; let total = 0;
  const counts = new Map();
  for (let i = 0; i < p.samples.length; i++) { const d = dt[i] ?? 0; counts.set(p.samples[i], (counts.get(p.samples[i]) ?? 0) + d); total += d; }
  for (const [id, t] of counts) {
    const n = byId.get(id); const cf = n.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.replace(/.*\/(dist|node_modules)\//, '$1/').replace('node:', '')}:${cf.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + t);
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.argv[3] ?? 40));
  console.log(`${f}: total ${(total / 1000).toFixed(0)} ms`);
  for (const [k, t] of rows) console.log(`${(100 * t / total).toFixed(1).padStart(5)}%  ${k}`);
}
