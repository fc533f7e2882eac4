/**
 * commands/hll.ts — the HyperLogLog commands (https://redis.io/commands/?group=hyperloglog;
 * hyperloglog.c): PFADD PFCOUNT PFMERGE PFSELFTEST PFDEBUG.
 *
 * An HLL is an ordinary string value in Redis's byte format (ds/hll.ts), so GET/SET/DUMP of an
 * HLL round-trip with real Redis. Commands edit a Buffer image of the value and store it back
 * as a latin1 string. The images of recently used keys are cached (imageCache): an entry is
 * used only while the key still holds exactly the string it produced (same length and bytes), so
 * any other write to the key simply makes the entry stale.
 *
 * Must not import protocol/ or server internals beyond the command context.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { NotifyFlags } from '../db/notify';
import { markRawString } from '../db/object-info';
import {
  HLL_DENSE,
  HLL_DENSE_SIZE,
  HLL_HDR_SIZE,
  HLL_REGISTERS,
  HLL_SPARSE,
  HllImage,
  denseGet,
  denseSet,
  denseSetReg,
  hllPatLen8,
  patIndex,
  hllEstimate,
  hllMerge,
  isValidHllString,
  rawHisto,
} from '../ds/hll';

// ---------------------------------------------------------------------------------------------
// Dense image cache
// ---------------------------------------------------------------------------------------------

interface CacheEntry {
  /** The string value the image was read from / written to. */
  s: string;
  img: HllImage;
}

const CACHE_MAX = 64;
const imageCache = new Map<string, CacheEntry>();

/** A mutable image of the HLL string `s` held at `key` (the cached one when it is still current). */
function openImage(key: string, s: string): HllImage {
  const e = imageCache.get(key);
  if (e !== undefined && e.img.len === s.length && e.s === s) {
    // Most recently used last.
    imageCache.delete(key);
    imageCache.set(key, e);
    return e.img;
  }
  const img = HllImage.fromString(s);
  remember(key, s, img);
  return img;
}

function remember(key: string, s: string, img: HllImage): void {
  imageCache.delete(key);
  imageCache.set(key, { s, img });
  if (imageCache.size > CACHE_MAX) imageCache.delete(imageCache.keys().next().value as string);
}

/** The string of an image just modified; remembered for the next command on the key. */
function imageString(key: string, img: HllImage): string {
  const s = img.toString();
  remember(key, s, img);
  return s;
}

/** Drops a cached image whose buffer may have been changed without being stored. */
function forget(key: string): void {
  imageCache.delete(key);
}

/** Bytes of an HLL string for reading (cached dense image when there is one). */
function readBytes(key: string, s: string): Uint8Array {
  const e = imageCache.get(key);
  if (e !== undefined && e.img.len === s.length && e.s === s) return e.img.buf;
  return Buffer.from(s, 'latin1');
}

/**
 * isHLLObjectOrReply: the value must be a string with a valid HLL header. Throws WRONGTYPE
 * (the generic text for non-strings, the HLL one for strings that aren't HLLs).
 */
function checkHll(o: unknown): string {
  if (typeof o !== 'string') throw new ReplyError(E.wrongType);
  if (!isValidHllString(o)) throw new ReplyError(E.hllWrongType);
  return o;
}

function sparseMaxBytes(c: CommandContext): number {
  return c.server.config.num('hll-sparse-max-bytes');
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/**
 * PFADD key [element ...]: :1 when the key was created or a register changed, else :0.
 * Dirty += number of changed registers (+1 on creation); 'pfadd' event.
 */
function pfaddCommand(c: CommandContext): void {
  const argv = c.argv;
  const key = argv[1]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  let img: HllImage;
  let updated = 0;
  const created = o === undefined;
  if (created) {
    img = HllImage.createSparse();
    updated++;
  } else {
    img = openImage(key, checkHll(o));
  }
  const maxBytes = sparseMaxBytes(c);
  let changedRegs = 0;
  for (let j = 2; j < argv.length; j++) {
    const r = img.add(argv[j]!, maxBytes);
    if (r === 1) {
      updated++;
      changedRegs++;
    } else if (r === -1) {
      // Redis edits the value in place: what was added before the corrupt spot stays.
      if (changedRegs > 0 && !created) {
        db.overwrite(key, imageString(key, img));
        markRawString(db, key);
      } else forget(key);
      throw new ReplyError(E.hllInvalid);
    }
  }
  if (updated) {
    img.invalidateCache();
    const s = imageString(key, img);
    if (created) db.setKey(key, s);
    else db.overwrite(key, s);
    markRawString(db, key);
    c.server.signalModifiedKey(db, key);
    c.server.notify(NotifyFlags.String, 'pfadd', key, db.id);
    c.server.dirty += updated;
  }
  c.reply.int(updated ? 1 : 0);
}

/**
 * PFCOUNT key [key ...]: one key answers from (or refreshes) the cached cardinality in the
 * header — a refresh rewrites the value (dirty++, WATCH signal, no event); several keys answer
 * the cardinality of their union without touching them.
 */
/** PFCOUNT of several keys: the registers of their union and its histogram (reused: no 16 KB allocation per call). */
const UNION_MAX = new Uint8Array(HLL_REGISTERS);
const UNION_HISTO = new Int32Array(64);

function pfcountCommand(c: CommandContext): void {
  const argv = c.argv;
  const db = c.db;
  if (argv.length > 2) {
    const max = UNION_MAX.fill(0);
    for (let j = 1; j < argv.length; j++) {
      const key = argv[j]!;
      const o = db.lookupRead(key);
      if (o === undefined) continue;
      const s = checkHll(o);
      if (!hllMerge(max, readBytes(key, s), s.length)) throw new ReplyError(E.hllInvalid);
    }
    const h = UNION_HISTO.fill(0);
    rawHisto(max, h);
    c.reply.int(hllEstimate(h));
    return;
  }
  const key = argv[1]!;
  const o = db.lookupRead(key);
  if (o === undefined) {
    c.reply.int(0);
    return;
  }
  const s = checkHll(o);
  if ((s.charCodeAt(15) & 0x80) === 0) {
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(s.charCodeAt(8 + i));
    c.reply.int(v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
    return;
  }
  const img = openImage(key, s);
  const card = img.count();
  if (card < 0) throw new ReplyError(E.hllInvalid);
  img.setCachedCard(card);
  db.overwrite(key, imageString(key, img));
  markRawString(db, key);
  c.server.signalModifiedKey(db, key);
  c.server.dirty++;
  c.reply.int(card);
}

/**
 * PFMERGE destkey [sourcekey ...]: destkey (itself one of the sources) becomes the register-wise
 * max of all; dense when any input is dense. Dirty++, 'pfadd' event (as Redis).
 */
function pfmergeCommand(c: CommandContext): void {
  const argv = c.argv;
  const db = c.db;
  const max = new Uint8Array(HLL_REGISTERS);
  let useDense = false;
  for (let j = 1; j < argv.length; j++) {
    const key = argv[j]!;
    const o = db.lookupRead(key);
    if (o === undefined) continue;
    const s = checkHll(o);
    if (s.charCodeAt(4) === HLL_DENSE) useDense = true;
    if (!hllMerge(max, readBytes(key, s), s.length)) throw new ReplyError(E.hllInvalid);
  }
  const dest = argv[1]!;
  const o = db.lookupWrite(dest);
  const created = o === undefined;
  const img = created ? HllImage.createSparse() : openImage(dest, o as string);
  if (created) db.setKey(dest, img.toString());
  if (useDense && !img.toDense()) {
    forget(dest);
    throw new ReplyError(E.hllInvalid);
  }
  const maxBytes = sparseMaxBytes(c);
  for (let j = 0; j < HLL_REGISTERS; j++) {
    const v = max[j]!;
    if (v !== 0) img.setAtLeast(j, v, maxBytes);
  }
  img.invalidateCache();
  db.overwrite(dest, imageString(dest, img));
  markRawString(db, dest);
  c.server.signalModifiedKey(db, dest);
  c.server.notify(NotifyFlags.String, 'pfadd', dest, db.id);
  c.server.dirty++;
  c.reply.ok();
}

/** A C-like rand() stand-in for PFSELFTEST (any PRNG works: the test checks invariants). */
let selftestSeed = 12345;
function rand31(): number {
  selftestSeed = (Math.imul(selftestSeed, 1103515245) + 12345) >>> 0;
  return selftestSeed >>> 1;
}

/**
 * PFSELFTEST: checks register packing (set/get of random 6-bit values) and the estimator's error
 * on up to 10M distinct elements, dense and sparse side by side. +OK or -TESTFAILED ….
 */
function pfselftestCommand(c: CommandContext): void {
  const dense = Buffer.alloc(HLL_DENSE_SIZE + 1);
  const bytes = new Uint8Array(HLL_REGISTERS);
  for (let cycle = 0; cycle < 1000; cycle++) {
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const r = rand31() & 63;
      bytes[i] = r;
      denseSetReg(dense, HLL_HDR_SIZE, i, r);
    }
    for (let i = 0; i < HLL_REGISTERS; i++) {
      const v = denseGet(dense, HLL_HDR_SIZE, i);
      if (v !== bytes[i]) {
        throw new ReplyError(`TESTFAILED Register ${i} should be ${bytes[i]} but is ${v}`);
      }
    }
  }
  const d = HllImage.createSparse();
  d.toDense();
  const sp = HllImage.createSparse();
  const maxBytes = sparseMaxBytes(c);
  const relerr = 1.04 / Math.sqrt(HLL_REGISTERS);
  let checkpoint = 1;
  const seedLo = rand31();
  const seedHi = rand31();
  for (let j = 1; j <= 10000000; j++) {
    // The element is the 8-byte little-endian integer j ^ seed, hashed once for both HLLs.
    const count = hllPatLen8((j ^ seedLo) >>> 0, seedHi);
    const index = patIndex;
    d.setAtLeast(index, count, maxBytes);
    if (sp.encoding === HLL_DENSE) denseSet(sp.buf, HLL_HDR_SIZE, index, count);
    else sp.setAtLeast(index, count, maxBytes);
    if (j === checkpoint) {
      if (j < maxBytes / 2 && sp.encoding !== HLL_SPARSE) throw new ReplyError('TESTFAILED sparse encoding not used');
      const cd = d.count();
      if (cd !== sp.count()) throw new ReplyError('TESTFAILED dense/sparse disagree');
      let maxerr = Math.ceil(relerr * 6 * checkpoint);
      if (j === 10) maxerr = 1;
      const abserr = Math.abs(checkpoint - cd);
      if (abserr > maxerr) throw new ReplyError(`TESTFAILED Too big error. card:${checkpoint} abserr:${abserr}`);
      checkpoint *= 10;
    }
  }
  c.reply.ok();
}

/**
 * PFDEBUG GETREG|DECODE|ENCODING|TODENSE key: debugging views of an HLL. GETREG and TODENSE
 * convert a sparse value to dense (dirty++, no event or signal, as Redis).
 */
function pfdebugCommand(c: CommandContext): void {
  const argv = c.argv;
  const sub = argv[1]!;
  const key = argv[2]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  if (o === undefined) throw new ReplyError(E.pfdebugNoKey);
  const s = checkHll(o);
  const lower = sub.toLowerCase();
  if (lower === 'getreg') {
    const img = openImage(key, s);
    if (img.encoding === HLL_SPARSE) {
      if (!img.toDense()) throw new ReplyError(E.hllInvalid);
      db.overwrite(key, imageString(key, img));
      markRawString(db, key);
      c.server.dirty++;
    }
    c.reply.array(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.reply.int(img.getRegister(j));
  } else if (lower === 'decode') {
    if (s.charCodeAt(4) !== HLL_SPARSE) throw new ReplyError(E.pfdebugNotSparse);
    c.reply.bulk(HllImage.fromString(s).decode());
  } else if (lower === 'encoding') {
    c.reply.status(s.charCodeAt(4) === HLL_DENSE ? 'dense' : 'sparse');
  } else if (lower === 'todense') {
    let conv = 0;
    if (s.charCodeAt(4) === HLL_SPARSE) {
      const img = HllImage.fromString(s);
      if (!img.toDense()) throw new ReplyError(E.hllInvalid);
      db.overwrite(key, imageString(key, img));
      markRawString(db, key);
      conv = 1;
      c.server.dirty++;
    }
    c.reply.int(conv);
  } else {
    throw new ReplyError(E.pfdebugUnknown(sub));
  }
}

const H = { group: 'hyperloglog', acl: ['hyperloglog'] } as const;

export const hllCommands: readonly CommandSpec[] = [
  {
    name: 'pfadd', arity: -2, flags: ['write', 'denyoom', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...H,
    since: '2.8.9', summary: 'Adds the specified elements to the specified HyperLogLog.',
    complexity: 'O(1) to add every element.',
    keyFlags: () => ['RW', 'insert'],
    handler: pfaddCommand,
  },
  {
    name: 'pfcount', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: -1, step: 1, ...H,
    since: '2.8.9', summary: 'Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).',
    complexity: 'O(1) with a very small average constant time when called with a single key. O(N) with N being the number of keys, and much bigger constant times, when called with multiple keys.',
    keyFlags: () => ['RW', 'access'],
    handler: pfcountCommand,
  },
  {
    name: 'pfmerge', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: -1, step: 1, ...H,
    since: '2.8.9', summary: 'Merge N different HyperLogLogs into a single one.',
    complexity: 'O(N) to merge N HyperLogLogs, but with high constant times.',
    keyFlags: (_argv, _pos, index) => (index === 0 ? ['RW', 'access', 'insert'] : ['RO', 'access']),
    handler: pfmergeCommand,
  },
  {
    name: 'pfselftest', arity: 1, flags: ['admin'], firstKey: 0, lastKey: 0, step: 0, ...H,
    since: '2.8.9', summary: 'An internal command for testing HyperLogLog values', complexity: 'N/A',
    handler: pfselftestCommand,
  },
  {
    name: 'pfdebug', arity: 3, flags: ['write', 'denyoom', 'admin'], firstKey: 2, lastKey: 2, step: 1, ...H,
    since: '2.8.9', summary: 'Internal commands for debugging HyperLogLog values', complexity: 'N/A',
    keyFlags: () => ['RW', 'access'],
    handler: pfdebugCommand,
  },
];
