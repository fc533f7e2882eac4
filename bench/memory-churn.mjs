// bench/memory-churn.mjs — a cache-mode churn workload: continuous SETs of new keys against a
// server with maxmemory + an eviction policy, sampling INFO memory once a second. Reports
// used_memory, RSS, RSS/used_memory and RSS/maxmemory, so the RSS factor can be stated, and a
// summary: the worst RSS/maxmemory and the median / max RSS once eviction has started.
//   node bench/memory-churn.mjs --port 7221 [--seconds 20] [--maxmemory 100mb]
//        [--policy allkeys-lru] [--value 100] [--pipeline 64]
import net from 'node:net';

const args = Object.fromEntries(process.argv.slice(2).reduce((a, v, i, all) => (v.startsWith('--') ? [...a, [v.slice(2), all[i + 1]]] : a), []));
const port = Number(args.port ?? 7221);
const seconds = Number(args.seconds ?? 20);
const maxmemory = args.maxmemory ?? '100mb';
const policy = args.policy ?? 'allkeys-lru';
const valueSize = Number(args.value ?? 100);
const pipeline = Number(args.pipeline ?? 64);

function cmd(...a) {
  let s = `*${a.length}\r\n`;
  for (const x of a) s += `$${Buffer.byteLength(x)}\r\n${x}\r\n`;
  return s;
}

function connect() {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Sends one command and resolves with the raw reply text (good enough for INFO/CONFIG). */
async function oneShot(...a) {
  const s = await connect();
  return new Promise((resolve) => {
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /^\$(\d+)\r\n/.exec(buf);
      if ((m && buf.length >= m[0].length + Number(m[1]) + 2) || (!m && buf.endsWith('\r\n') && !buf.startsWith('$'))) {
        s.end();
        resolve(buf);
      }
    });
    s.write(cmd(...a));
  });
}

async function info() {
  const text = await oneShot('INFO', 'all');
  const out = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

await oneShot('CONFIG', 'SET', 'maxmemory', maxmemory);
await oneShot('CONFIG', 'SET', 'maxmemory-policy', policy);
const max = Number((await info()).maxmemory);
const value = 'v'.repeat(valueSize);
const s = await connect();
let sent = 0;
let replies = 0;
let next = 0;
let stop = false;
s.on('data', (d) => {
  for (let i = 0; i < d.length; i++) if (d[i] === 10) replies++;
  if (!stop && sent - replies < pipeline * 4) pump();
});
function pump() {
  let batch = '';
  for (let j = 0; j < pipeline; j++) batch += cmd('SET', `churn:${next++}`, value);
  sent += pipeline;
  s.write(batch);
}
for (let j = 0; j < 4; j++) pump();
let worst = 0;
const steady = [];
console.log('t(s)  keys_written  used_memory  rss          rss/used  rss/maxmemory  evicted_keys');
for (let t = 1; t <= seconds; t++) {
  await new Promise((r) => setTimeout(r, 1000));
  const i = await info();
  const used = Number(i.used_memory);
  const rss = Number(i.used_memory_rss);
  worst = Math.max(worst, rss / max);
  if (Number(i.evicted_keys) > 0) steady.push(rss);
  console.log(`${String(t).padStart(4)}  ${String(next).padStart(12)}  ${String(used).padStart(11)}  ${String(rss).padStart(11)}  ${(rss / used).toFixed(2).padStart(8)}  ${(rss / max).toFixed(2).padStart(13)}  ${i.evicted_keys}`);
}
stop = true;
s.destroy();
steady.sort((a, b) => a - b);
const med = steady.length ? steady[steady.length >> 1] : NaN;
console.log(`worst RSS/maxmemory: ${worst.toFixed(2)} (maxmemory ${max} bytes, policy ${policy}, ${valueSize}-byte values)`);
console.log(`once evicting: median RSS ${(med / 1048576).toFixed(0)} MB = ${(med / max).toFixed(2)} x maxmemory, max ${(steady.at(-1) / 1048576).toFixed(0)} MB (${steady.length} samples)`);
