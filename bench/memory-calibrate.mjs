// bench/memory-calibrate.mjs — compares the keyspace byte estimate (memory/estimate.ts) with
// V8's heapUsed growth for bulk loads of each value type. Run after `npx tsc -p .`:
//   node --expose-gc bench/memory-calibrate.mjs [count]
import { Server } from '../dist/server.js';
import { ListValue } from '../dist/ds/list.js';
import { HashValue } from '../dist/ds/hash.js';
import { RedisSet } from '../dist/ds/set.js';
import { SortedSet } from '../dist/ds/zset.js';

const N = Number(process.argv[2] ?? 200000);
const gc = globalThis.gc;
if (!gc) throw new Error('run with --expose-gc');
const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };

function measure(name, fill) {
  const s = new Server({ config: { port: 0, save: '' } });
  const db = s.dbs[0];
  const h0 = heap();
  const b0 = db.dict.bytes;
  fill(db);
  for (const k of db.dict.keys()) { const i = db.dict.slotOf(k); if (typeof db.dict.valueAt(i) !== 'string') db.dict.resize(i); }
  const h1 = heap();
  const est = db.dict.bytes - b0 + db.expires.size * 56;
  console.log(`${name.padEnd(28)} heap +${((h1 - h0) / 1e6).toFixed(1)} MB  estimate ${(est / 1e6).toFixed(1)} MB  ratio heap/estimate ${((h1 - h0) / est).toFixed(2)}  heap bytes/key ${((h1 - h0) / db.dict.size).toFixed(0)}`);
  return s;
}

const lat = (s) => Buffer.from(s).toString('latin1');
measure('strings key:N -> 3B', (db) => { for (let i = 0; i < N; i++) db.setKey(lat('key:' + i), lat('xxx')); });
measure('strings key:N -> 100B', (db) => { const v = 'v'.repeat(100); for (let i = 0; i < N; i++) db.setKey(lat('key:' + i), lat(v)); });
measure('strings with TTL', (db) => { for (let i = 0; i < N; i++) { const k = lat('key:' + i); db.setKey(k, lat('xxx')); db.setExpire(k, Date.now() + 1e9); } });
measure('list 100 x 1000 x 10B', (db) => { for (let i = 0; i < 100; i++) { const l = new ListValue(); for (let j = 0; j < 1000; j++) l.pushTail(lat('0123456789' + '')); db.setKey('l' + i, l); } });
measure('hash 100 x 1000 fields', (db) => { for (let i = 0; i < 100; i++) { const h = new HashValue(); h.listpack = false; for (let j = 0; j < 1000; j++) h.set(lat('field:' + j), lat('value' + j)); db.setKey('h' + i, h); } });
measure('set 100 x 1000 members', (db) => { for (let i = 0; i < 100; i++) { const h = new RedisSet(); for (let j = 0; j < 1000; j++) h.add(lat('member:' + j), 512); db.setKey('s' + i, h); } });
measure('zset 100 x 1000 members', (db) => { for (let i = 0; i < 100; i++) { const h = new SortedSet(false); for (let j = 0; j < 1000; j++) h.insertNew(j * 1.5, lat('member:' + j)); db.setKey('z' + i, h); } });
