/**
 * scripting/abi.ts — the hot path to lua-redis-wasm through its documented binary ABI
 * (docs/abi.md of the package: pointer+length buffers in linear memory, tagged replies),
 * instead of its convenience wrapper LuaEngine.evalWithArgs.
 *
 * Why: per EVALSHA the wrapper hashes the whole chunk with a pure-JS SHA-1 (only to label
 * errors, which respite words itself), allocates and copies the chunk and the KEYS/ARGV
 * encoding separately, and builds every redis.call argument and reply through several
 * intermediate Buffers (decode → Buffer[] → latin1 strings; reply → Buffer per value →
 * Buffer.concat per level → copy into the heap). Here:
 *   - the chunk (cached as a Buffer per script) and KEYS/ARGV are written straight into one
 *     reusable allocation in the VM's heap, latin1 strings encoded in place;
 *   - redis.call arguments are read from the heap directly as latin1 strings;
 *   - a command's captured reply is encoded in one pass into a reusable JS buffer and copied
 *     into one heap allocation;
 *   - the result is decoded in one pass.
 * Values and error texts are exactly those the wrapper produced (same ReplyValue shapes,
 * same script-error fields), so everything above this layer is unchanged.
 *
 * Must not import: the dispatcher, the server.
 */
import type { ReplyValue } from 'lua-redis-wasm';
import type { Captured } from '../protocol/writer';
import { formatDouble17 } from '../util/numbers';

/** The emscripten exports used here (the package exposes them as LuaEngine#exports). */
export interface WasmExports {
  HEAPU8: Uint8Array;
  _alloc(size: number): number;
  _free_mem(ptr: number): void;
  _eval_with_args(...a: number[]): unknown;
  _set_limits?: (fuel: number, reply: number, arg: number) => void;
}

/** Node's latin1 fast paths (as the parser and writer use them). */
type L1 = Buffer & { latin1Slice(start: number, end: number): string; latin1Write(s: string, offset: number, len: number): number };

// Reply tags (docs/abi.md).
const T_NULL = 0x00;
const T_INT = 0x01;
const T_BULK = 0x02;
const T_ARRAY = 0x03;
const T_STATUS = 0x04;
const T_ERROR = 0x05;
const T_SCRIPT_ERROR = 0x06;
const T_BOOL = 0x07;
const T_DOUBLE = 0x08;
const T_MAP = 0x09;
const T_SET = 0x0a;
const T_BIG = 0x0b;
const T_VERBATIM = 0x0c;

export class Abi {
  private heapView: L1;
  /** The HEAPU8 view heapView was made from (emscripten replaces it when memory grows). */
  private heapU8: Uint8Array;
  /** Reusable heap block for [8-byte PtrLen return slot][chunk][KEYS/ARGV]. */
  private scratchPtr = 0;
  private scratchCap = 0;
  private scratchBusy = false;
  /** Reusable JS-side buffer the host-call replies are encoded into. */
  private out = Buffer.allocUnsafe(4096) as L1;
  private pos = 0;

  constructor(readonly ex: WasmExports) {
    this.heapU8 = ex.HEAPU8;
    this.heapView = Buffer.from(ex.HEAPU8.buffer, ex.HEAPU8.byteOffset, ex.HEAPU8.byteLength) as L1;
  }

  /** Whether this build uses the ABI this file speaks (sret PtrLen returns). */
  static usable(ex: WasmExports | undefined): boolean {
    return (
      ex !== undefined && ex.HEAPU8 instanceof Uint8Array && typeof ex._alloc === 'function' &&
      typeof ex._free_mem === 'function' && typeof ex._eval_with_args === 'function' && ex._eval_with_args.length === 6
    );
  }

  /** A Buffer over the whole linear memory (re-made if the memory grew). */
  private heap(): L1 {
    const h = this.ex.HEAPU8;
    if (h !== this.heapU8) {
      this.heapU8 = h;
      this.heapView = Buffer.from(h.buffer, h.byteOffset, h.byteLength) as L1;
    }
    return this.heapView;
  }

  /** Runs `chunk` with KEYS and ARGV (latin1 strings, one char per byte). */
  evalWithArgs(chunk: Buffer, keys: readonly string[], args: readonly string[]): ReplyValue {
    let argLen = 4;
    for (let i = 0; i < keys.length; i++) argLen += 4 + keys[i]!.length;
    for (let i = 0; i < args.length; i++) argLen += 4 + args[i]!.length;
    const need = 8 + chunk.length + argLen;
    const ex = this.ex;
    // A nested run (only possible through unusual host paths) gets its own block.
    const nested = this.scratchBusy;
    let base: number;
    if (nested) base = ex._alloc(need);
    else {
      if (this.scratchCap < need) {
        if (this.scratchPtr !== 0) ex._free_mem(this.scratchPtr);
        const cap = Math.max(need, 16384);
        this.scratchPtr = ex._alloc(cap);
        this.scratchCap = this.scratchPtr === 0 ? 0 : cap;
      }
      base = this.scratchPtr;
    }
    if (base === 0) throw new Error('ERR out of memory in the Lua VM');
    this.scratchBusy = true;
    try {
      let h = this.heap();
      const sp = base + 8;
      h.set(chunk, sp);
      const ap = sp + chunk.length;
      let o = ap;
      h.writeUInt32LE(keys.length + args.length, o);
      o += 4;
      for (let i = 0; i < keys.length; i++) o = putString(h, o, keys[i]!);
      for (let i = 0; i < args.length; i++) o = putString(h, o, args[i]!);
      ex._eval_with_args(base, sp, chunk.length, ap, argLen, keys.length);
      h = this.heap();
      const rp = h.readUInt32LE(base);
      const rl = h.readUInt32LE(base + 4);
      if (rp === 0 || rl === 0) return null;
      try {
        return this.decodeTop(h, rp, rl);
      } finally {
        ex._free_mem(rp);
      }
    } finally {
      if (nested) ex._free_mem(base);
      else this.scratchBusy = false;
    }
  }

  /** The latin1 argv of a host call (ArgArray at ptr). */
  readArgs(ptr: number, len: number): string[] {
    const h = this.heap();
    const end = ptr + len;
    if (len < 4) throw new Error('ERR invalid argument encoding');
    const n = u32(h, ptr);
    const argv = new Array<string>(n);
    let o = ptr + 4;
    for (let i = 0; i < n; i++) {
      if (o + 4 > end) throw new Error('ERR invalid argument encoding');
      const l = u32(h, o);
      o += 4;
      if (o + l > end) throw new Error('ERR invalid argument encoding');
      argv[i] = h.latin1Slice(o, o + l);
      o += l;
    }
    return argv;
  }

  /**
   * Encodes a host-call result into a fresh heap allocation (the VM frees it) and returns the
   * pointer and length through the import's sret slot, or packed when the import has none.
   */
  replyTo(abiArgs: readonly number[], v: Captured, resp: number): bigint | undefined {
    this.pos = 0;
    this.encode(v, resp);
    return this.ship(abiArgs);
  }

  /** An error reply whose payload is `msg` as is (UTF-8, no code added). */
  replyRawError(abiArgs: readonly number[], msg: string): bigint | undefined {
    const b = Buffer.from(msg, 'utf8');
    this.pos = 0;
    this.head(T_ERROR, b.length);
    this.room(b.length);
    b.copy(this.out, this.pos);
    this.pos += b.length;
    return this.ship(abiArgs);
  }

  private ship(abiArgs: readonly number[]): bigint | undefined {
    const len = this.pos;
    const p = this.ex._alloc(len);
    const h = this.heap();
    const o = this.out;
    if (len <= 64) for (let i = 0; i < len; i++) h[p + i] = o[i]!;
    else h.set(o.subarray(0, len), p);
    if (abiArgs.length >= 3) {
      h.writeUInt32LE(p >>> 0, abiArgs[0]!);
      h.writeUInt32LE(len, abiArgs[0]! + 4);
      return undefined;
    }
    return (BigInt(len) << 32n) | BigInt(p >>> 0);
  }

  // ---------------------------------------------------------------------------------------
  // Host-call reply encoding (redisProtocolToLuaType's input): a Captured command reply
  // under the script's protocol, as the command would have replied to a RESP2/3 client.
  // ---------------------------------------------------------------------------------------

  private room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    let cap = this.out.length * 2;
    while (cap < this.pos + n) cap *= 2;
    const next = Buffer.allocUnsafe(cap) as L1;
    this.out.copy(next, 0, 0, this.pos);
    this.out = next;
  }

  private head(tag: number, n: number): void {
    this.room(5);
    const o = this.out;
    const p = this.pos;
    o[p] = tag;
    o[p + 1] = n & 0xff;
    o[p + 2] = (n >>> 8) & 0xff;
    o[p + 3] = (n >>> 16) & 0xff;
    o[p + 4] = n >>> 24;
    this.pos = p + 5;
  }

  private str(tag: number, s: string): void {
    this.head(tag, s.length);
    this.room(s.length);
    this.pos += this.out.latin1Write(s, this.pos, s.length);
  }

  private int(n: number | bigint): void {
    this.room(13);
    const o = this.out;
    let p = this.pos;
    o[p] = T_INT;
    o[p + 1] = 8;
    o[p + 2] = o[p + 3] = o[p + 4] = 0;
    p += 5;
    if (typeof n === 'number' && Number.isSafeInteger(n)) {
      // int64 LE as two 32-bit halves (no BigInt on the common path).
      const lo = n >>> 0;
      const hi = Math.floor(n / 4294967296) | 0;
      o[p] = lo & 0xff;
      o[p + 1] = (lo >>> 8) & 0xff;
      o[p + 2] = (lo >>> 16) & 0xff;
      o[p + 3] = lo >>> 24;
      o[p + 4] = hi & 0xff;
      o[p + 5] = (hi >>> 8) & 0xff;
      o[p + 6] = (hi >>> 16) & 0xff;
      o[p + 7] = (hi >>> 24) & 0xff;
    } else o.writeBigInt64LE(typeof n === 'bigint' ? n : BigInt(n), p);
    this.pos = p + 8;
  }

  /** An error line as the VM gets it: "CODE message", "ERR " added when it has no code. */
  error(line: string): void {
    const sp = line.indexOf(' ');
    if (sp > 0 && ERR_CODE.test(line.slice(0, sp))) this.str(T_ERROR, line);
    else this.str(T_ERROR, 'ERR ' + line);
  }

  encode(v: Captured, resp: number): void {
    if (v === null) {
      this.head(T_NULL, 0);
      return;
    }
    switch (typeof v) {
      case 'string':
        this.str(T_BULK, v);
        return;
      case 'number':
      case 'bigint':
        this.int(v);
        return;
      case 'boolean':
        if (resp === 3) {
          this.head(T_BOOL, 1);
          this.room(1);
          this.out[this.pos++] = v ? 1 : 0;
        } else this.int(v ? 1 : 0);
        return;
    }
    if (Array.isArray(v)) {
      this.head(T_ARRAY, v.length);
      for (let i = 0; i < v.length; i++) this.encode(v[i]!, resp);
      return;
    }
    switch (v.type) {
      case 'status':
        this.str(T_STATUS, v.value);
        return;
      case 'error':
        this.error(v.value);
        return;
      case 'double':
        if (resp === 3) {
          this.head(T_DOUBLE, 8);
          this.room(8);
          this.out.writeDoubleLE(v.value, this.pos);
          this.pos += 8;
        } else this.str(T_BULK, formatDouble17(v.value));
        return;
      case 'verbatim':
        if (resp === 3) {
          const f = Buffer.from(v.format);
          this.head(T_VERBATIM, 4 + f.length + v.value.length);
          this.room(4 + f.length + v.value.length);
          this.out.writeUInt32LE(f.length, this.pos);
          f.copy(this.out, this.pos + 4);
          this.pos += 4 + f.length;
          this.pos += this.out.latin1Write(v.value, this.pos, v.value.length);
        } else this.str(T_BULK, v.value);
        return;
      case 'bignum':
        this.str(resp === 3 ? T_BIG : T_BULK, v.value);
        return;
      case 'map': {
        const a = v.value;
        if (resp === 3) {
          const pairs = a.length >> 1;
          this.head(T_MAP, pairs);
          for (let i = 0; i < pairs * 2; i++) this.encode(a[i]!, resp);
        } else {
          this.head(T_ARRAY, a.length);
          for (let i = 0; i < a.length; i++) this.encode(a[i]!, resp);
        }
        return;
      }
      case 'set':
      case 'push': {
        const a = v.value;
        this.head(resp === 3 && v.type === 'set' ? T_SET : T_ARRAY, a.length);
        for (let i = 0; i < a.length; i++) this.encode(a[i]!, resp);
        return;
      }
    }
    this.head(T_NULL, 0);
  }

  // ---------------------------------------------------------------------------------------
  // Result decoding
  // ---------------------------------------------------------------------------------------

  private decodeTop(h: Buffer, p: number, len: number): ReplyValue {
    const end = p + len;
    if (h[p] === T_SCRIPT_ERROR) {
      if (p + 9 > end) throw new Error('ERR reply decoding failed');
      const n = h.readUInt32LE(p + 1);
      const line = h.readUInt32LE(p + 5);
      return scriptErrorValue(Buffer.from(h.subarray(p + 9, p + 5 + n)), line);
    }
    this.dpos = p;
    this.dend = end;
    return this.decode(h);
  }

  private dpos = 0;
  private dend = 0;

  private decode(h: Buffer): ReplyValue {
    let o = this.dpos;
    if (o + 5 > this.dend) throw new Error('ERR reply decoding failed');
    const tag = h[o]!;
    const n = h.readUInt32LE(o + 1);
    o += 5;
    switch (tag) {
      case T_NULL:
        this.dpos = o;
        return null;
      case T_INT: {
        if (o + 8 > this.dend) throw new Error('ERR reply decoding failed');
        const big = h.readBigInt64LE(o);
        this.dpos = o + 8;
        return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big;
      }
      case T_BULK:
      case T_STATUS:
      case T_ERROR:
      case T_BIG: {
        const b = Buffer.from(h.subarray(o, o + n));
        this.dpos = o + n;
        if (tag === T_BULK) return b;
        if (tag === T_STATUS) return { ok: b };
        if (tag === T_BIG) return { big_number: b };
        return splitError(b);
      }
      case T_ARRAY:
      case T_SET: {
        this.dpos = o;
        const items = new Array<ReplyValue>(n);
        for (let i = 0; i < n; i++) items[i] = this.decode(h);
        return tag === T_ARRAY ? items : { set: items };
      }
      case T_MAP: {
        this.dpos = o;
        const pairs: [ReplyValue, ReplyValue][] = [];
        for (let i = 0; i < n; i++) {
          const k = this.decode(h);
          pairs.push([k, this.decode(h)]);
        }
        return { map: pairs };
      }
      case T_BOOL:
        if (o + 1 > this.dend) throw new Error('ERR reply decoding failed');
        this.dpos = o + 1;
        return h[o] !== 0;
      case T_DOUBLE:
        if (o + 8 > this.dend) throw new Error('ERR reply decoding failed');
        this.dpos = o + 8;
        return { double: h.readDoubleLE(o) };
      case T_VERBATIM: {
        const end = o + n;
        if (o + 4 > this.dend || end > this.dend) throw new Error('ERR reply decoding failed');
        const fl = h.readUInt32LE(o);
        if (o + 4 + fl > end) throw new Error('ERR reply decoding failed');
        const format = Buffer.from(h.subarray(o + 4, o + 4 + fl));
        const string = Buffer.from(h.subarray(o + 4 + fl, end));
        this.dpos = end;
        return { verbatim_string: { format, string } };
      }
    }
    throw new Error('ERR unknown reply type');
  }
}

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** What counts as an error code in a host-call error line (matches errValue in lua.ts). */
const ERR_CODE = /^[A-Z][A-Z0-9_-]*$/;

function u32(h: Uint8Array, o: number): number {
  return (h[o]! | (h[o + 1]! << 8) | (h[o + 2]! << 16) | (h[o + 3]! << 24)) >>> 0;
}

function putString(h: L1, o: number, s: string): number {
  h.writeUInt32LE(s.length, o);
  return o + 4 + h.latin1Write(s, o + 4, s.length);
}

/** "CODE message" → {err, code} when the first word is [A-Z][A-Z0-9]*, else {err}. */
function splitError(b: Buffer): { err: Buffer; code?: Buffer } {
  const sp = b.indexOf(0x20);
  if (sp > 0 && isCode(b, sp)) return { err: b.subarray(sp + 1), code: b.subarray(0, sp) };
  return { err: b };
}

function isCode(b: Buffer, end: number): boolean {
  if (b[0]! < 0x41 || b[0]! > 0x5a) return false;
  for (let i = 1; i < end; i++) {
    const c = b[i]!;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39))) return false;
  }
  return true;
}

const MARKER = '__RLUA_E__:';

/**
 * A script-aborting error (tag 0x06: u32 line, then "CODE message"): the fields the host
 * words it from: `meta.line` (the handler's line, else the "user_script:N:" prefix, else 1),
 * and for the engine's coded errors (`__RLUA_E__:<kind>:<name>`) `meta.kind`/`meta.name`.
 */
function scriptErrorValue(payload: Buffer, line0: number): ReplyValue {
  const e = splitError(payload);
  const text = e.err.toString('utf8');
  let line = line0 > 0 ? line0 : 1;
  if (line0 === 0 && text.startsWith('user_script:')) {
    const c = text.indexOf(':', 12);
    if (c > 12) line = Number(text.substring(12, c)) || 1;
  }
  const at = text.indexOf(MARKER);
  if (at >= 0) {
    const rest = text.slice(at + MARKER.length);
    const sep = rest.indexOf(':');
    const kind = sep < 0 ? rest : rest.slice(0, sep);
    const name = sep < 0 ? undefined : rest.slice(sep + 1);
    return { err: Buffer.from(kind, 'utf8'), code: Buffer.from('ERR'), meta: { kind, name, line } } as unknown as ReplyValue;
  }
  return { err: e.err, code: e.code ?? Buffer.from('ERR'), meta: { line } } as unknown as ReplyValue;
}
