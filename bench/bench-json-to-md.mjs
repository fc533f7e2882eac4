#!/usr/bin/env node
/**
 * bench/bench-json-to-md.mjs — a markdown table from `vitest bench --outputJson FILE`:
 * per group, each benchmark's median and minimum time per iteration, and its speed relative
 * to the group's first entry (ratio of medians; > 1 means faster than the first).
 *   npx vitest bench --run bench/parser.bench.ts --outputJson /tmp/parser.json
 *   node bench/bench-json-to-md.mjs /tmp/parser.json > /tmp/parser.md
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';

const json = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const out = [];
out.push(`node ${process.version}, ${os.cpus().length} × ${(os.cpus()[0]?.model ?? '?').replace(/\s+/g, ' ')}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
for (const f of json.files) {
  for (const g of f.groups) {
    out.push('');
    out.push(`**${g.fullName.replace(/^.*? > /, '')}**`);
    out.push('');
    out.push('| implementation | median ms | min ms | speed vs first (medians) |');
    out.push('|---|---:|---:|---:|');
    const base = g.benchmarks[0];
    for (const b of g.benchmarks) {
      const med = b.median ?? b.p50;
      out.push(`| ${b.name} | ${med.toFixed(2)} | ${b.min.toFixed(2)} | ${((base.median ?? base.p50) / med).toFixed(2)} |`);
    }
  }
}
process.stdout.write(out.join('\n') + '\n');
