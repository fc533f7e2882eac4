/**
 * persistence/rdb-reader.ts — the RDB decoder (rdb.c's load half). Reads any file Redis 7.0
 * reads: RDB versions 1..10, every object encoding (plain, ziplist, listpack, quicklist v1/v2,
 * intset, zipmap), AUX and module AUX fields (skipped), FUNCTION2 libraries (handed to the
 * caller), RESIZEDB hints, EXPIRETIME/EXPIRETIME_MS, IDLE/FREQ. The CRC64 at the end is
 * verified when present and non-zero.
 *
 * Values are rebuilt the way Redis 7.0's loader encodes them, so OBJECT ENCODING matches:
 * sets via add(member, set-max-intset-entries); hashes listpack while within
 * hash-max-listpack-entries/value; zsets built as skiplists, then turned to listpack when small
 * (the zset owner's contract: SortedSet(false) then toListpack()); lists always quicklist.
 *
 * Errors: a malformed input throws CorruptError (RESTORE answers "Bad data format", start-up
 * refuses to load). Imports ds/ value classes and the codecs.
 */
import * as K from './rdb-constants';
import { CorruptError, listpackDecode } from './listpack';
import { ziplistDecode } from './ziplist';
import { intsetDecode } from './intset';
import { zipmapDecode } from './zipmap';
import { lzfDecompress, lzfDecompressInto } from './lzf';

/** Reused output buffer for LZF strings. */
let lzfScratch = Buffer.allocUnsafe(4096);
import { crc64 } from './crc64';
import { ListValue } from '../ds/list';
import { HashValue } from '../ds/hash';
import { RedisSet } from '../ds/set';
import { SortedSet } from '../ds/zset';
import { parseDouble } from '../util/numbers';
import type { RedisValue } from '../db/database';
import { readStream } from './stream-codec';

export { CorruptError };

/** The config values the loader's encoding decisions depend on. */
export interface LoadLimits {
  hashMaxEntries: number;
  hashMaxValue: number;
  zsetMaxEntries: number;
  zsetMaxValue: number;
  setMaxIntset: number;
}

export const DEFAULT_LIMITS: LoadLimits = { hashMaxEntries: 128, hashMaxValue: 64, zsetMaxEntries: 128, zsetMaxValue: 64, setMaxIntset: 512 };

function fail(what: string): never {
  throw new CorruptError(what);
}

/** Returned by readObject for an empty collection (Redis skips such keys). */
export const EMPTY = Symbol('empty');

export class RdbReader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly limits: LoadLimits = DEFAULT_LIMITS,
  ) {}

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  byte(): number {
    if (this.pos >= this.buf.length) fail('unexpected end');
    return this.buf[this.pos++]!;
  }

  need(n: number): void {
    if (this.pos + n > this.buf.length) fail('unexpected end');
  }

  /** rdbLoadLenByRef: [length, isEncoded]. */
  lenEnc(): [number, boolean] {
    const c = this.byte();
    const t = c >> 6;
    if (t === K.RDB_ENCVAL) return [c & 0x3f, true];
    if (t === K.RDB_6BITLEN) return [c & 0x3f, false];
    if (t === K.RDB_14BITLEN) return [((c & 0x3f) << 8) | this.byte(), false];
    if (c === K.RDB_32BITLEN) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return [v, false];
    }
    if (c === K.RDB_64BITLEN) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) fail('length too big');
      return [Number(v), false];
    }
    fail('unknown length encoding');
  }

  /** A length as a uint64 bigint (stream IDs). */
  lenBig(): bigint {
    const c = this.buf[this.pos];
    if (c === K.RDB_64BITLEN) {
      this.pos++;
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      return v;
    }
    return BigInt(this.len());
  }

  /** A 128-bit stream ID stored raw (big-endian ms, seq). */
  rawId(): { ms: bigint; seq: bigint } {
    this.need(16);
    const ms = this.buf.readBigUInt64BE(this.pos);
    const seq = this.buf.readBigUInt64BE(this.pos + 8);
    this.pos += 16;
    return { ms, seq };
  }

  len(): number {
    const [n, enc] = this.lenEnc();
    if (enc) fail('unexpected encoded length');
    return n;
  }

  /** rdbGenericLoadStringObject as a latin1 string. */
  string(): string {
    const [n, enc] = this.lenEnc();
    const b = this.buf;
    if (enc) {
      switch (n) {
        case K.RDB_ENC_INT8:
          this.need(1);
          return String(b.readInt8(this.pos++));
        case K.RDB_ENC_INT16: {
          this.need(2);
          const v = b.readInt16LE(this.pos);
          this.pos += 2;
          return String(v);
        }
        case K.RDB_ENC_INT32: {
          this.need(4);
          const v = b.readInt32LE(this.pos);
          this.pos += 4;
          return String(v);
        }
        case K.RDB_ENC_LZF: {
          const clen = this.len();
          const len = this.len();
          this.need(clen);
          if (lzfScratch.length < len) lzfScratch = Buffer.allocUnsafe(len * 2);
          const ok = lzfDecompressInto(this.buf, this.pos, this.pos + clen, lzfScratch, len);
          this.pos += clen;
          if (!ok) fail('bad LZF data');
          return lzfScratch.toString('latin1', 0, len);
        }
        default:
          fail('unknown string encoding');
      }
    }
    this.need(n);
    const s = b.toString('latin1', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }

  private lzf(): Buffer {
    const clen = this.len();
    const len = this.len();
    this.need(clen);
    const out = lzfDecompress(this.buf.subarray(this.pos, this.pos + clen), len);
    this.pos += clen;
    if (out === null) fail('bad LZF data');
    return out;
  }

  /** A string as raw bytes (listpack/ziplist/intset blobs). */
  blob(): Buffer {
    const [n, enc] = this.lenEnc();
    if (enc) {
      if (n === K.RDB_ENC_LZF) return this.lzf();
      return Buffer.from(this.stringFromEnc(n), 'latin1');
    }
    this.need(n);
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  private stringFromEnc(n: number): string {
    this.pos--; // re-read through string()
    void n;
    return this.string();
  }

  /** The pre-ZSET_2 text double: a length byte (253 nan, 254 +inf, 255 -inf) then the text. */
  textDouble(): number {
    const l = this.byte();
    if (l === 253) return NaN;
    if (l === 254) return Infinity;
    if (l === 255) return -Infinity;
    this.need(l);
    const s = this.buf.toString('latin1', this.pos, this.pos + l);
    this.pos += l;
    const d = Number(s);
    if (Number.isNaN(d)) {
      const p = parseDouble(s);
      if (p === null) fail('bad double');
      return p;
    }
    return d;
  }

  binaryDouble(): number {
    this.need(8);
    const d = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return d;
  }

  millis(): number {
    this.need(8);
    const v = this.buf.readBigInt64LE(this.pos);
    this.pos += 8;
    return Number(v);
  }

  /**
   * rdbLoadObject: the value of a given RDB type. Returns EMPTY for empty collections; throws
   * CorruptError for malformed data (including duplicate members, NaN scores).
   */
  object(type: number): RedisValue | typeof EMPTY {
    const L = this.limits;
    switch (type) {
      case K.T_STRING:
        return this.string();
      case K.T_LIST: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const items: string[] = new Array<string>(n);
        for (let i = 0; i < n; i++) items[i] = this.string();
        return new ListValue(items);
      }
      case K.T_SET: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const s = new RedisSet();
        if (n > L.setMaxIntset) s.intset = false;
        for (let i = 0; i < n; i++) {
          if (!s.add(this.string(), L.setMaxIntset)) fail('duplicate set member');
        }
        return s;
      }
      case K.T_ZSET:
      case K.T_ZSET_2: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const z = new SortedSet(false);
        let maxLen = 0;
        for (let i = 0; i < n; i++) {
          const m = this.string();
          const sc = type === K.T_ZSET_2 ? this.binaryDouble() : this.textDouble();
          if (Number.isNaN(sc)) fail('NaN score');
          if (z.dict.has(m)) fail('duplicate zset member');
          if (m.length > maxLen) maxLen = m.length;
          z.insertNew(sc, m);
        }
        if (z.size <= L.zsetMaxEntries && maxLen <= L.zsetMaxValue) z.toListpack();
        return z;
      }
      case K.T_HASH: {
        const n = this.len();
        if (n === 0) return EMPTY;
        const h = new HashValue();
        if (n > L.hashMaxEntries) h.convert();
        for (let i = 0; i < n; i++) {
          const f = this.string();
          const v = this.string();
          if (h.listpack && (f.length > L.hashMaxValue || v.length > L.hashMaxValue)) h.convert();
          if (!h.set(f, v)) fail('duplicate hash field');
        }
        return h;
      }
      case K.T_LIST_QUICKLIST:
      case K.T_LIST_QUICKLIST_2: {
        const nodes = this.len();
        const items: string[] = [];
        for (let i = 0; i < nodes; i++) {
          let container = K.QUICKLIST_NODE_PACKED;
          if (type === K.T_LIST_QUICKLIST_2) {
            container = this.len();
            if (container !== K.QUICKLIST_NODE_PACKED && container !== K.QUICKLIST_NODE_PLAIN) fail('bad quicklist container');
          }
          if (container === K.QUICKLIST_NODE_PLAIN) {
            items.push(this.string());
            continue;
          }
          const blob = this.blob();
          const els = type === K.T_LIST_QUICKLIST_2 ? listpackDecode(blob) : ziplistDecode(blob);
          // Empty nodes are skipped by Redis (they can come from old bugs).
          for (const e of els) items.push(e);
        }
        if (items.length === 0) return EMPTY;
        return new ListValue(items);
      }
      case K.T_HASH_ZIPMAP:
      case K.T_LIST_ZIPLIST:
      case K.T_SET_INTSET:
      case K.T_ZSET_ZIPLIST:
      case K.T_HASH_ZIPLIST:
      case K.T_HASH_LISTPACK:
      case K.T_ZSET_LISTPACK:
        return this.encodedObject(type, this.blob());
      case K.T_STREAM_LISTPACKS:
      case K.T_STREAM_LISTPACKS_2:
        return readStream(this, type === K.T_STREAM_LISTPACKS_2);
      case K.T_MODULE:
      case K.T_MODULE_2:
        fail('module values cannot be loaded');
      // eslint-disable-next-line no-fallthrough
      default:
        fail(`unknown object type ${type}`);
    }
  }

  private encodedObject(type: number, blob: Buffer): RedisValue | typeof EMPTY {
    const L = this.limits;
    switch (type) {
      case K.T_SET_INTSET: {
        const els = intsetDecode(blob);
        if (els.length === 0) return EMPTY;
        const s = new RedisSet();
        for (const e of els) if (!s.add(e, L.setMaxIntset)) fail('duplicate intset member');
        return s;
      }
      case K.T_LIST_ZIPLIST: {
        const els = ziplistDecode(blob);
        if (els.length === 0) return EMPTY;
        return new ListValue(els);
      }
      case K.T_HASH_ZIPMAP:
      case K.T_HASH_ZIPLIST:
      case K.T_HASH_LISTPACK: {
        const els = type === K.T_HASH_ZIPMAP ? zipmapDecode(blob) : type === K.T_HASH_ZIPLIST ? ziplistDecode(blob) : listpackDecode(blob);
        if (els.length & 1) fail('odd hash listpack');
        if (els.length === 0) return EMPTY;
        const h = new HashValue();
        let maxLen = 0;
        for (let i = 0; i < els.length; i += 2) {
          if (!h.set(els[i]!, els[i + 1]!)) fail('duplicate hash field');
          if (els[i]!.length > maxLen) maxLen = els[i]!.length;
          if (els[i + 1]!.length > maxLen) maxLen = els[i + 1]!.length;
        }
        if (h.size > L.hashMaxEntries || (type === K.T_HASH_ZIPMAP && maxLen > L.hashMaxValue)) h.convert();
        return h;
      }
      case K.T_ZSET_ZIPLIST:
      case K.T_ZSET_LISTPACK: {
        const els = type === K.T_ZSET_ZIPLIST ? ziplistDecode(blob) : listpackDecode(blob);
        if (els.length & 1) fail('odd zset listpack');
        if (els.length === 0) return EMPTY;
        const z = new SortedSet(true);
        for (let i = 0; i < els.length; i += 2) {
          const sc = parseDouble(els[i + 1]!);
          if (sc === null && !/^-?(inf|nan)$/i.test(els[i + 1]!)) fail('bad score');
          const score = sc ?? (els[i + 1]!.toLowerCase().startsWith('-') ? -Infinity : Infinity);
          if (z.dict.has(els[i]!)) fail('duplicate zset member');
          z.insertNew(score, els[i]!);
        }
        if (z.size > L.zsetMaxEntries) z.listpack = false;
        return z;
      }
    }
    fail('unknown encoded type');
  }

  /** Skips a module value's serialized fields (rdbLoadCheckModuleValue). */
  skipModuleValue(): void {
    for (;;) {
      const op = this.len();
      if (op === K.MODULE_OPCODE_EOF) return;
      if (op === K.MODULE_OPCODE_SINT || op === K.MODULE_OPCODE_UINT) this.len();
      else if (op === K.MODULE_OPCODE_STRING) this.blob();
      else if (op === K.MODULE_OPCODE_FLOAT) {
        this.need(4);
        this.pos += 4;
      } else if (op === K.MODULE_OPCODE_DOUBLE) {
        this.need(8);
        this.pos += 8;
      } else fail('unknown module opcode');
    }
  }
}

/** What the file parser hands its consumer. */
export interface RdbVisitor {
  aux?(key: string, value: string): void;
  selectDb(id: number): void;
  resizeDb?(size: number, expires: number): void;
  /** A key/value pair; expireMs -1 when none; idle seconds / freq -1 when absent. */
  key(key: string, value: RedisValue, expireMs: number, idle: number, freq: number): void;
  function?(code: string): void;
}

/**
 * Parses a whole RDB file from a buffer and feeds `visit`. Throws CorruptError (with a reason)
 * on a bad signature, an unsupported version, a checksum mismatch or malformed data.
 * Returns the number of empty keys skipped.
 */
export function parseRdb(buf: Buffer, limits: LoadLimits, visit: RdbVisitor): { version: number; emptySkipped: number } {
  const it = parseRdbSteps(buf, limits, visit);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

/**
 * parseRdb as a generator that yields (the byte offset reached) every 64 keys, so a loader can
 * spread the work over several event-loop turns.
 */
export function* parseRdbSteps(buf: Buffer, limits: LoadLimits, visit: RdbVisitor): Generator<number, { version: number; emptySkipped: number }> {
  if (buf.length < 9 || buf.toString('latin1', 0, 5) !== 'REDIS') fail('Wrong signature trying to load DB from file');
  const version = Number(buf.toString('latin1', 5, 9));
  if (!Number.isInteger(version) || version < 1 || version > K.RDB_VERSION) fail(`Can't handle RDB format version ${buf.toString('latin1', 5, 9)}`);
  const r = new RdbReader(buf, limits);
  r.pos = 9;
  try {
    return yield* parseBody(r, version, visit);
  } catch (e) {
    if (e instanceof CorruptError && e.offset < 0) e.offset = r.pos;
    throw e;
  }
}

function* parseBody(r: RdbReader, version: number, visit: RdbVisitor): Generator<number, { version: number; emptySkipped: number }> {
  const buf = r.buf;
  let expire = -1;
  let idle = -1;
  let freq = -1;
  let emptySkipped = 0;
  let keys = 0;
  visit.selectDb(0);
  for (;;) {
    const type = r.byte();
    if (type === K.OP_EXPIRETIME) {
      r.need(4);
      expire = buf.readInt32LE(r.pos) * 1000;
      r.pos += 4;
      continue;
    }
    if (type === K.OP_EXPIRETIME_MS) {
      expire = r.millis();
      continue;
    }
    if (type === K.OP_FREQ) {
      freq = r.byte();
      continue;
    }
    if (type === K.OP_IDLE) {
      idle = r.len();
      continue;
    }
    if (type === K.OP_EOF) break;
    if (type === K.OP_SELECTDB) {
      visit.selectDb(r.len());
      continue;
    }
    if (type === K.OP_RESIZEDB) {
      const a = r.len();
      const b = r.len();
      visit.resizeDb?.(a, b);
      continue;
    }
    if (type === K.OP_AUX) {
      const k = r.string();
      const v = r.string();
      visit.aux?.(k, v);
      continue;
    }
    if (type === K.OP_MODULE_AUX) {
      r.len(); // module id
      const whenOp = r.len();
      if (whenOp !== K.MODULE_OPCODE_UINT) fail('bad module aux');
      r.len();
      r.skipModuleValue();
      continue;
    }
    if (type === K.OP_FUNCTION2) {
      const code = r.string();
      visit.function?.(code);
      continue;
    }
    if (type === K.OP_FUNCTION) fail('Pre-release function format not supported');
    if (!K.isObjectType(type)) fail(`Unknown RDB encoding type ${type}`);
    const key = r.string();
    const v = r.object(type);
    if (v === EMPTY) emptySkipped++;
    else visit.key(key, v, expire, idle, freq);
    expire = -1;
    idle = -1;
    freq = -1;
    if ((++keys & 63) === 0) yield r.pos;
  }
  if (version >= 5) {
    r.need(8);
    const stored = buf.subarray(r.pos, r.pos + 8);
    const sum = crc64(buf, 0, r.pos);
    if (!stored.equals(Buffer.alloc(8)) && !sum.equals(stored)) {
      const e = new CorruptError(`Wrong RDB checksum expected: (${sum.readBigUInt64LE(0).toString(16)}) but got (${stored.readBigUInt64LE(0).toString(16)}). Aborting now.`);
      e.reason = 'RDB CRC error';
      throw e;
    }
  }
  return { version, emptySkipped };
}

/**
 * Decodes a DUMP payload (type + value + version + CRC). Throws CorruptError("checksum") for a
 * bad version/CRC footer and CorruptError for bad data. Returns EMPTY for an empty collection.
 */
export function verifyDumpPayload(p: Buffer, skipChecksum = false): boolean {
  if (p.length < 10) return false;
  const ver = p[p.length - 10]! | (p[p.length - 9]! << 8);
  if (ver > K.RDB_VERSION) return false;
  if (skipChecksum) return true;
  return crc64(p, 0, p.length - 8).equals(p.subarray(p.length - 8));
}

export function decodeDumpValue(p: Buffer, limits: LoadLimits): RedisValue | typeof EMPTY {
  const r = new RdbReader(p.subarray(0, p.length - 10), limits);
  const type = r.byte();
  if (!K.isObjectType(type)) fail('bad type');
  return r.object(type);
}
