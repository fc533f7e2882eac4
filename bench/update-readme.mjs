#!/usr/bin/env node
/**
 * bench/update-readme.mjs — puts a report into README.md between its markers.
 *   node bench/update-readme.mjs BENCH-TABLE report.md     (the output of bench/e2e.sh)
 *   node bench/update-readme.mjs PARSER-TABLE parser.md
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [marker, file] = process.argv.slice(2);
if (!marker || !file) {
  process.stderr.write('usage: node bench/update-readme.mjs MARKER report.md\n');
  process.exit(2);
}
const readme = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../README.md');
const text = readFileSync(readme, 'utf8');
const start = `<!-- ${marker}:START -->`;
const end = `<!-- ${marker}:END -->`;
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a < 0 || b < a) {
  process.stderr.write(`markers ${start} … ${end} not found in README.md\n`);
  process.exit(1);
}
const body = readFileSync(file, 'utf8').trim();
writeFileSync(readme, text.slice(0, a + start.length) + '\n' + body + '\n' + text.slice(b));
