/**
 * persistence/rdb-writer.ts — the RDB encoder (rdb.c's save half): lengths, strings (integer
 * encoded, LZF-compressed past 20 bytes when rdbcompression is on), and every value type in an
 * encoding Redis 7.0 itself writes:
 *   string → RDB_TYPE_STRING; list → QUICKLIST_2 of packed listpack nodes; set → SET_INTSET
 *   while intset-encoded, else SET; hash → HASH_LISTPACK while listpack-encoded, else HASH;
 *   zset → ZSET_LISTPACK while listpack-encoded, else ZSET_2 (binary doubles); stream →
 *   STREAM_LISTPACKS_2 (persistence/stream-codec.ts).
 * It writes into a ByteBuf; the callers (snapshot.ts for files, DUMP for payloads) decide where
 * the bytes go. Imports ds/ value classes only for instanceof/type checks.
 */
import { ByteBuf } from './bytes';
import { lzfCompress, lzfCompressInto } from './lzf';

/** Reused buffers for compressing strings (no allocation per value). */
let scratchIn = Buffer.allocUnsafe(4096);
let scratchOut = Buffer.allocUnsafe(4096 + 64);
import { ListpackBuilder } from './listpack';
import { intsetEncode } from './intset';
import * as K from './rdb-constants';
import { parseInt64, formatDoubleD2S } from '../util/numbers';
import type { RedisValue } from '../db/database';
import type { ListValue } from '../ds/list';
import type { HashValue } from '../ds/hash';
import type { RedisSet } from '../ds/set';
import type { SortedSet } from '../ds/zset';
import { writeStream } from './stream-codec';


export class RdbWriter {
  readonly out: ByteBuf;
  compress: boolean;
  /** Quicklist node fill (list-max-listpack-size): > 0 entries per node, < 0 a size class. */
  listFill = -2;

  constructor(out = new ByteBuf(64 * 1024), compress = true) {
    this.out = out;
    this.compress = compress;
  }

  type(t: number): void {
    this.out.byte(t);
  }

  /** rdbSaveLen. */
  len(n: number): void {
    const o = this.out;
    if (n < 64) o.byte(n);
    else if (n < 16384) {
      o.byte(0x40 | (n >> 8));
      o.byte(n & 0xff);
    } else if (n <= 0xffffffff) {
      o.byte(K.RDB_32BITLEN);
      o.u32be(n);
    } else {
      o.byte(K.RDB_64BITLEN);
      o.u32be(Math.floor(n / 4294967296));
      o.u32be(n >>> 0);
    }
  }

  /** rdbSaveLen for a uint64 (stream IDs, counters). */
  lenBig(n: bigint): void {
    if (n <= 0xffffffffn) this.len(Number(n));
    else {
      this.out.byte(K.RDB_64BITLEN);
      this.out.ensure(8);
      this.out.buf.writeBigUInt64BE(n, this.out.len);
      this.out.len += 8;
    }
  }

  /** rdbSaveRawString: integer encoding for short canonical integers, then LZF, then raw. */
  string(s: string): void {
    const o = this.out;
    const n = s.length;
    if (n <= 11 && n > 0) {
      const v = parseInt64(s);
      if (v !== null) {
        if (v >= -128 && v <= 127) {
          o.byte(0xc0 | K.RDB_ENC_INT8);
          o.byte(v & 0xff);
          return;
        }
        if (v >= -32768 && v <= 32767) {
          o.byte(0xc0 | K.RDB_ENC_INT16);
          o.ensure(2);
          o.buf.writeInt16LE(v, o.len);
          o.len += 2;
          return;
        }
        if (v >= -2147483648 && v <= 2147483647) {
          o.byte(0xc0 | K.RDB_ENC_INT32);
          o.ensure(4);
          o.buf.writeInt32LE(v, o.len);
          o.len += 4;
          return;
        }
      }
    }
    if (this.compress && n > 20) {
      if (scratchIn.length < n) {
        scratchIn = Buffer.allocUnsafe(n * 2);
        scratchOut = Buffer.allocUnsafe(n * 2 + 64);
      }
      scratchIn.write(s, 0, n, 'latin1');
      const clen = lzfCompressInto(scratchIn, n, n - 4, scratchOut);
      if (clen !== 0) {
        o.byte(0xc0 | K.RDB_ENC_LZF);
        this.len(clen);
        this.len(n);
        o.ensure(clen);
        scratchOut.copy(o.buf, o.len, 0, clen);
        o.len += clen;
        return;
      }
    }
    this.len(n);
    o.latin1(s);
  }

  /** A blob (listpack, intset) as an RDB string, compressed like any other string. */
  blob(b: Buffer): void {
    const n = b.length;
    if (this.compress && n > 20) {
      const c = lzfCompress(b, n - 4);
      if (c !== null) {
        this.out.byte(0xc0 | K.RDB_ENC_LZF);
        this.len(c.length);
        this.len(n);
        this.out.bytes(c);
        return;
      }
    }
    this.len(n);
    this.out.bytes(b);
  }

  /** An integer stored as an RDB string (AUX values such as ctime). */
  intString(v: number): void {
    this.string(String(v));
  }

  millis(ms: number): void {
    this.out.i64le(BigInt(ms));
  }

  /** The RDB type byte of a value (rdbSaveObjectType). */
  static typeOf(v: RedisValue): number {
    if (typeof v === 'string') return K.T_STRING;
    switch (v.type) {
      case 'list':
        return K.T_LIST_QUICKLIST_2;
      case 'set':
        return (v as RedisSet).intset ? K.T_SET_INTSET : K.T_SET;
      case 'hash':
        return (v as HashValue).listpack ? K.T_HASH_LISTPACK : K.T_HASH;
      case 'zset':
        return (v as SortedSet).listpack ? K.T_ZSET_LISTPACK : K.T_ZSET_2;
      case 'stream':
        return K.T_STREAM_LISTPACKS_2;
    }
  }

  /** Type byte + value (what DUMP payloads and key/value pairs contain). */
  object(v: RedisValue): void {
    this.type(RdbWriter.typeOf(v));
    this.value(v);
  }

  /** The value part of rdbSaveObject. */
  value(v: RedisValue): void {
    if (typeof v === 'string') {
      this.string(v);
      return;
    }
    switch (v.type) {
      case 'list':
        this.list(v as ListValue);
        return;
      case 'set': {
        const s = v as RedisSet;
        const members = s.members();
        if (s.intset) {
          this.blob(intsetEncode(members));
        } else {
          this.len(members.length);
          for (let i = 0; i < members.length; i++) this.string(members[i]!);
        }
        return;
      }
      case 'hash': {
        const h = v as HashValue;
        const keys = h.dict.keys();
        const vals = h.dict.values();
        if (h.listpack) {
          const lp = new ListpackBuilder();
          for (let i = 0; i < keys.length; i++) {
            lp.add(keys[i]!);
            lp.add(vals[i]!);
          }
          this.blob(lp.finish());
        } else {
          this.len(keys.length);
          for (let i = 0; i < keys.length; i++) {
            this.string(keys[i]!);
            this.string(vals[i]!);
          }
        }
        return;
      }
      case 'zset': {
        const z = v as SortedSet;
        if (z.listpack) {
          const lp = new ListpackBuilder();
          for (let n = z.first(); n !== null; n = n.forward) {
            lp.add(n.ele);
            lp.add(formatDoubleD2S(n.score));
          }
          this.blob(lp.finish());
        } else {
          // Tail to head, as Redis writes it (the loader's inserts then hit the skiplist head).
          this.len(z.size);
          for (let n = z.last(); n !== null; n = n.prev) {
            this.string(n.ele);
            this.out.f64le(n.score);
          }
        }
        return;
      }
      case 'stream':
        writeStream(this, v);
        return;
    }
  }

  /** QUICKLIST_2: node count, then per node its container and its listpack. */
  private list(l: ListValue): void {
    const n = l.length;
    const fill = this.listFill;
    const maxCount = fill > 0 ? fill : 0;
    const maxBytes = fill > 0 ? 0 : fill <= -5 ? 65536 : 4096 << Math.max(0, -fill - 1);
    // First pass: node boundaries.
    const bounds: number[] = [];
    let start = 0;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const e = l.at(i).length + 11;
      const cnt = i - start;
      if (cnt > 0 && ((maxCount > 0 && cnt >= maxCount) || (maxBytes > 0 && bytes + e > maxBytes))) {
        bounds.push(i);
        start = i;
        bytes = 0;
      }
      bytes += e;
    }
    bounds.push(n);
    this.len(bounds.length);
    let from = 0;
    for (const to of bounds) {
      const big = false; // Redis 7.0 only makes plain nodes for elements of 1 GB and more
      if (big) {
        this.len(K.QUICKLIST_NODE_PLAIN);
        this.string(l.at(from));
      } else {
        this.len(K.QUICKLIST_NODE_PACKED);
        const lp = new ListpackBuilder();
        for (let i = from; i < to; i++) lp.add(l.at(i));
        this.blob(lp.finish());
      }
      from = to;
    }
  }

  /** AUX field (RDB_OPCODE_AUX + two strings). */
  aux(k: string, v: string): void {
    this.type(K.OP_AUX);
    this.string(k);
    this.string(v);
  }

  /** One key/value pair with its expire time (rdbSaveKeyValuePair). */
  keyValue(key: string, v: RedisValue, expireMs: number): void {
    if (expireMs >= 0) {
      this.type(K.OP_EXPIRETIME_MS);
      this.millis(expireMs);
    }
    this.type(RdbWriter.typeOf(v));
    this.string(key);
    this.value(v);
  }
}
