/**
 * commands/bitmap.ts — the bitmap commands (https://redis.io/commands/?group=bitmap; bitops.c):
 * SETBIT GETBIT BITCOUNT BITPOS BITOP BITFIELD BITFIELD_RO.
 *
 * Bitmaps are ordinary string values (latin1 JS strings, one char per byte); bit 0 is the most
 * significant bit of the first byte. Reads work on the string directly; writes rebuild it (a
 * Buffer for BITOP/BITFIELD, slices for SETBIT). Bit helpers live in util/bits.ts.
 *
 * Must not import protocol/ or server internals beyond the command context.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { E, ReplyError } from '../errors';
import { NotifyFlags } from '../db/notify';
import { markRawString } from '../db/object-info';
import { ClientFlag } from '../protocol/client';
import { parseInt64, parseInt64Big } from '../util/numbers';
import {
  bitposIn,
  checkSignedOverflow,
  checkUnsignedOverflow,
  firstBitInByte,
  getSignedBits,
  getUnsignedBits,
  Overflow,
  popcount,
  popcountByte,
  setBits,
  type OverflowCheck,
} from '../util/bits';
import { addStringKey, MAX_JS_STRING, openRope, setStringKey } from './string';
import { ByteRope, ROPE_MIN, sharedRopes } from '../ds/bitmap-rope';

/** The string at key for a read (counts hit/miss); undefined when absent; WRONGTYPE otherwise. */
function readString(c: CommandContext, key: string): string | undefined {
  const v = c.db.lookupRead(key);
  if (v === undefined || typeof v === 'string') return v;
  throw new ReplyError(E.wrongType);
}

/** A long long argument as a double (exact below 2^53, which is all range clamping needs). */
function numArg(s: string): number {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(E.notInteger);
  return v;
}

/**
 * getBitOffsetFromArgument: a bit offset, refused when not an integer, negative, or past
 * proto-max-bulk-len bytes. With `hash`, "#N" means N*bits (BITFIELD).
 */
function bitOffsetArg(c: CommandContext, s: string, hash: boolean, bits: number): number {
  const usehash = hash && bits > 0 && s.charCodeAt(0) === 35; /* '#' */
  const v = parseInt64(usehash ? s.slice(1) : s);
  if (v === null) throw new ReplyError(E.bitOffset);
  const off = usehash ? v * bits : v;
  if (off < 0 || ((c.flags & ClientFlag.Master) === 0 && Math.floor(off / 8) >= c.server.protoLimits.maxBulkLen)) {
    throw new ReplyError(E.bitOffset);
  }
  return off;
}

/** 0/1 in the reply of redisBitpos for a single byte (-1: no 1 bit in it). */
function bitposByte(b: number, bit: number): number {
  if (bit === 1 && b === 0) return -1;
  return firstBitInByte(b, bit);
}

// ---------------------------------------------------------------------------------------------
// SETBIT / GETBIT
// ---------------------------------------------------------------------------------------------

/**
 * SETBIT key offset 0|1: replies with the previous bit. The string grows (zero padded) to reach
 * the offset. Dirty, 'setbit' and the WATCH signal only when the key was created, grew, or the
 * bit changed.
 */
function setbitCommand(c: CommandContext): void {
  const argv = c.argv;
  const offset = bitOffsetArg(c, argv[2]!, false, 0);
  const on = parseInt64(argv[3]!);
  if (on === null || (on !== 0 && on !== 1)) throw new ReplyError(E.bitValue);
  const byte = Math.floor(offset / 8);
  if (byte + 1 > MAX_JS_STRING) throw new ReplyError(E.bitOffset);
  const key = argv[1]!;
  const db = c.db;
  const o = db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.wrongType);
  const shift = 7 - (offset & 7);
  let s = o ?? '';
  let grown = o === undefined;
  let old: number;
  let changed: boolean;
  if (s.length < ROPE_MIN && byte + 1 < ROPE_MIN) {
    // Small string: zero-pad if needed and rebuild it around the one byte.
    if (s.length <= byte) {
      s += '\0'.repeat(byte + 1 - s.length);
      grown = true;
    }
    const bv = s.charCodeAt(byte);
    old = (bv >> shift) & 1;
    changed = old !== on;
    if (changed) s = s.slice(0, byte) + String.fromCharCode(on ? bv | (1 << shift) : bv & ~(1 << shift)) + s.slice(byte + 1);
  } else {
    // Big bitmap: update its rope (ds/bitmap-rope.ts) instead of copying the whole string.
    const rope = openRope(c, key, s);
    if (rope.length <= byte) {
      rope.ensureLength(byte + 1);
      grown = true;
    }
    const bv = rope.byteAt(byte);
    old = (bv >> shift) & 1;
    changed = old !== on;
    if (changed) rope.setByte(byte, on ? bv | (1 << shift) : bv & ~(1 << shift));
    if (grown || changed) {
      s = rope.commit();
      sharedRopes.evict();
    }
  }
  if (grown || changed) {
    if (o === undefined) addStringKey(c, db, key, s);
    else db.overwrite(key, s);
    const server = c.server;
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.String, 'setbit', key, db.id);
    server.dirty++;
  }
  // lookupStringForBitCommand unshares the value even when nothing changes: it is now raw.
  markRawString(db, key);
  c.reply.int(old);
}

/** GETBIT key offset: 0 past the end of the string or for a missing key. */
function getbitCommand(c: CommandContext): void {
  const offset = bitOffsetArg(c, c.argv[2]!, false, 0);
  const s = readString(c, c.argv[1]!);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const byte = Math.floor(offset / 8);
  if (byte >= s.length) {
    c.reply.int(0);
    return;
  }
  // A big bitmap being written has a rope: read it there rather than flatten the value.
  const rope = s.length >= ROPE_MIN ? sharedRopes.get(c.argv[1]!, s) : undefined;
  const bv = rope !== undefined ? rope.byteAt(byte) : s.charCodeAt(byte);
  c.reply.int((bv >> (7 - (offset & 7))) & 1);
}

// ---------------------------------------------------------------------------------------------
// BITCOUNT / BITPOS
// ---------------------------------------------------------------------------------------------

/** Parses BIT|BYTE: true for BIT; syntax error otherwise. */
function bitUnit(s: string): boolean {
  const u = s.toLowerCase();
  if (u === 'bit') return true;
  if (u === 'byte') return false;
  throw new ReplyError(E.syntax);
}

/** BITCOUNT key [start end [BYTE|BIT]] */
function bitcountCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const s = readString(c, argv[1]!);
  if (s === undefined) {
    c.reply.int(0);
    return;
  }
  const len = s.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argc === 4 || argc === 5) {
    start = numArg(argv[2]!);
    end = numArg(argv[3]!);
    if (start < 0 && end < 0 && start > end) {
      c.reply.int(0);
      return;
    }
    const isbit = argc === 5 && bitUnit(argv[4]!);
    const totlen = isbit ? len * 8 : len;
    if (start < 0) start = totlen + start;
    if (end < 0) end = totlen + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= totlen) end = totlen - 1;
    if (isbit && start <= end) {
      // Bits of the edge bytes that are outside the range are subtracted afterwards.
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argc === 2) {
    start = 0;
    end = len - 1;
  } else {
    throw new ReplyError(E.syntax);
  }
  if (start > end) {
    c.reply.int(0);
    return;
  }
  let count = popcount(s, start, end);
  if (firstMask !== 0) count -= popcountByte(s.charCodeAt(start) & firstMask);
  if (lastMask !== 0) count -= popcountByte(s.charCodeAt(end) & lastMask);
  c.reply.int(count);
}

/**
 * BITPOS key bit [start [end [BYTE|BIT]]]: the first bit set to `bit`. A missing key is an
 * endless run of zeros. Without an explicit end, looking for 0 in an all-ones range answers the
 * first bit past the string; with one, -1.
 */
function bitposCommand(c: CommandContext): void {
  const argv = c.argv;
  const argc = argv.length;
  const bit = numArg(argv[2]!);
  if (bit !== 0 && bit !== 1) throw new ReplyError(E.bitposBit);
  const s = readString(c, argv[1]!);
  if (s === undefined) {
    c.reply.int(bit ? -1 : 0);
    return;
  }
  const len = s.length;
  let start: number;
  let end: number;
  let endGiven = false;
  let firstMask = 0;
  let lastMask = 0;
  if (argc >= 4 && argc <= 6) {
    start = numArg(argv[3]!);
    const isbit = argc === 6 && bitUnit(argv[5]!);
    if (argc >= 5) {
      end = numArg(argv[4]!);
      endGiven = true;
    } else {
      end = isbit ? len * 8 + 7 : len - 1;
    }
    const totlen = isbit ? len * 8 : len;
    if (start < 0) start = totlen + start;
    if (end < 0) end = totlen + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= totlen) end = totlen - 1;
    if (isbit && start <= end) {
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argc === 3) {
    start = 0;
    end = len - 1;
  } else {
    throw new ReplyError(E.syntax);
  }
  if (start > end) {
    c.reply.int(-1);
    return;
  }
  let bytes = end - start + 1;
  let pos: number;
  search: {
    if (firstMask !== 0) {
      // The first byte is partly outside the range: force those bits to the non-sought value.
      let t = s.charCodeAt(start);
      t = bit ? t & ~firstMask : t | firstMask;
      if (lastMask !== 0 && bytes === 1) t = bit ? t & ~lastMask : t | lastMask;
      pos = bitposByte(t & 0xff, bit);
      if (bytes === 1 || (pos !== -1 && pos !== 8)) break search;
      start++;
      bytes--;
    }
    // The last byte, when partly outside the range, is handled on its own below.
    const cur = bytes - (lastMask !== 0 ? 1 : 0);
    if (cur > 0) {
      pos = bitposIn(s, start, cur, bit);
      if (bytes === cur || (pos !== -1 && pos !== cur * 8)) break search;
      start += cur;
      bytes -= cur;
    }
    let t = s.charCodeAt(end);
    t = bit ? t & ~lastMask : t | lastMask;
    pos = bitposByte(t & 0xff, bit);
  }
  if (endGiven && bit === 0 && pos === bytes * 8) {
    c.reply.int(-1);
    return;
  }
  if (pos !== -1) pos += start * 8;
  c.reply.int(pos);
}

// ---------------------------------------------------------------------------------------------
// BITOP
// ---------------------------------------------------------------------------------------------

const BITOP_AND = 0;
const BITOP_OR = 1;
const BITOP_XOR = 2;
const BITOP_NOT = 3;

/**
 * BITOP AND|OR|XOR|NOT destkey srckey [srckey ...]: missing keys and short strings are zero
 * padded to the longest source. An all-empty result deletes destkey. Replies the result length.
 */
function bitopCommand(c: CommandContext): void {
  const argv = c.argv;
  const opname = argv[1]!.toLowerCase();
  let op: number;
  if (opname === 'and') op = BITOP_AND;
  else if (opname === 'or') op = BITOP_OR;
  else if (opname === 'xor') op = BITOP_XOR;
  else if (opname === 'not') op = BITOP_NOT;
  else throw new ReplyError(E.syntax);
  if (op === BITOP_NOT && argv.length !== 4) throw new ReplyError(E.bitopNot);

  const db = c.db;
  const numkeys = argv.length - 3;
  const srcs: string[] = new Array<string>(numkeys);
  let maxlen = 0;
  for (let j = 0; j < numkeys; j++) {
    const o = db.lookupRead(argv[j + 3]!);
    if (o === undefined) srcs[j] = '';
    else if (typeof o !== 'string') throw new ReplyError(E.wrongType);
    else {
      srcs[j] = o;
      if (o.length > maxlen) maxlen = o.length;
    }
  }

  const target = argv[2]!;
  const server = c.server;
  if (maxlen > 0) {
    const res = Buffer.alloc(maxlen);
    const first = srcs[0]!;
    res.write(first, 0, 'latin1');
    if (op === BITOP_NOT) {
      for (let i = 0; i < maxlen; i++) res[i] = ~res[i]! & 0xff;
    } else {
      for (let k = 1; k < numkeys; k++) {
        const src = srcs[k]!;
        const n = src.length;
        if (op === BITOP_AND) {
          for (let i = 0; i < n; i++) res[i] = res[i]! & src.charCodeAt(i);
          if (n < maxlen) res.fill(0, n);
        } else if (op === BITOP_OR) {
          for (let i = 0; i < n; i++) res[i] = res[i]! | src.charCodeAt(i);
        } else {
          for (let i = 0; i < n; i++) res[i] = res[i]! ^ src.charCodeAt(i);
        }
      }
    }
    setStringKey(c, db, target, res.toString('latin1', 0, maxlen), false);
    markRawString(db, target);
    server.notify(NotifyFlags.String, 'set', target, db.id);
    server.dirty++;
  } else if (db.deleteKey(target)) {
    server.signalModifiedKey(db, target);
    server.notify(NotifyFlags.Generic, 'del', target, db.id);
    server.dirty++;
  }
  c.reply.int(maxlen);
}

// ---------------------------------------------------------------------------------------------
// BITFIELD
// ---------------------------------------------------------------------------------------------

const BF_GET = 0;
const BF_SET = 1;
const BF_INCRBY = 2;

interface BitfieldOp {
  offset: number;
  value: bigint;
  opcode: number;
  ow: Overflow;
  bits: number;
  signed: boolean;
}

/** getBitfieldTypeFromArgument: i1..i64 or u1..u63 (case-sensitive prefix). */
function bitfieldType(s: string): { signed: boolean; bits: number } {
  const p = s.charCodeAt(0);
  let signed: boolean;
  if (p === 105 /* i */) signed = true;
  else if (p === 117 /* u */) signed = false;
  else throw new ReplyError(E.bitfieldType);
  // Redis reads the digits up to the first NUL byte.
  let digits = s.slice(1);
  const nul = digits.indexOf('\0');
  if (nul >= 0) digits = digits.slice(0, nul);
  const bits = parseInt64(digits);
  if (bits === null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) throw new ReplyError(E.bitfieldType);
  return { signed, bits };
}

/** A 9-byte window copied out of a string, zero padded (what BITFIELD GET reads from). */
const WINDOW = new Uint8Array(9);

/** Scratch result of the overflow checks (one command runs at a time). */
const overflowCheck: OverflowCheck = { dir: 0, limit: 0n };

/** A bigint reply as a JS number when exact. */
function intReply(c: CommandContext, v: bigint): void {
  if (v <= 9007199254740991n && v >= -9007199254740991n) c.reply.int(Number(v));
  else c.reply.int(v);
}

/**
 * bitfieldGeneric: BITFIELD (readonly=false) and BITFIELD_RO (readonly=true). Every operation
 * is parsed and validated first; then the key is created or grown to the farthest written bit,
 * and the operations run in order. SET replies the old value, INCRBY the new one, and an
 * overflow under FAIL replies nil without writing. Dirty counts the operations that changed
 * something (or all of them when the string was created or grew); one 'setbit' event.
 */
function bitfieldGeneric(c: CommandContext, roCommand: boolean): void {
  const argv = c.argv;
  const argc = argv.length;
  const ops: BitfieldOp[] = [];
  let ow = Overflow.Wrap;
  let readonly = true;
  let highest = 0;
  for (let j = 2; j < argc; j++) {
    const remargs = argc - j - 1;
    const sub = argv[j]!.toLowerCase();
    let opcode: number;
    if (sub === 'get' && remargs >= 2) opcode = BF_GET;
    else if (sub === 'set' && remargs >= 3) opcode = BF_SET;
    else if (sub === 'incrby' && remargs >= 3) opcode = BF_INCRBY;
    else if (sub === 'overflow' && remargs >= 1) {
      const t = argv[++j]!.toLowerCase();
      if (t === 'wrap') ow = Overflow.Wrap;
      else if (t === 'sat') ow = Overflow.Sat;
      else if (t === 'fail') ow = Overflow.Fail;
      else throw new ReplyError(E.bitfieldOverflow);
      continue;
    } else {
      throw new ReplyError(E.syntax);
    }
    const { signed, bits } = bitfieldType(argv[j + 1]!);
    const offset = bitOffsetArg(c, argv[j + 2]!, true, bits);
    let value = 0n;
    if (opcode !== BF_GET) {
      readonly = false;
      if (highest < offset + bits - 1) highest = offset + bits - 1;
      const v = parseInt64Big(argv[j + 3]!);
      if (v === null) throw new ReplyError(E.notInteger);
      value = v;
    }
    ops.push({ offset, value, opcode, ow, bits, signed });
    j += opcode === BF_GET ? 2 : 3;
  }

  const key = argv[1]!;
  const db = c.db;
  if (readonly) {
    const s = readString(c, key);
    const rope = s !== undefined && s.length >= ROPE_MIN ? sharedRopes.get(key, s) : undefined;
    c.reply.array(ops.length);
    for (const op of ops) {
      const byte = Math.floor(op.offset / 8);
      if (rope !== undefined) fillWindowFromRope(rope, byte);
      else fillWindowFromString(s ?? '', byte);
      const rel = op.offset - byte * 8;
      intReply(c, op.signed ? getSignedBits(WINDOW, rel, op.bits) : getUnsignedBits(WINDOW, rel, op.bits));
    }
    return;
  }
  if (roCommand) throw new ReplyError(E.bitfieldRo);

  // lookupStringForBitCommand: create or zero-pad the string up to the highest written bit.
  const o = db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.wrongType);
  const needed = Math.floor(highest / 8) + 1;
  if (needed > MAX_JS_STRING) throw new ReplyError(E.bitOffset);
  const old = o ?? '';
  const grown = o === undefined || old.length < needed;
  const size = old.length > needed ? old.length : needed;
  let rope: ByteRope | null = null;
  let buf: Buffer | null = null;
  if (size >= ROPE_MIN) {
    rope = openRope(c, key, old);
    rope.ensureLength(size);
  } else {
    buf = Buffer.alloc(size);
    buf.write(old, 0, 'latin1');
  }

  let changes = 0;
  const chk = overflowCheck;
  c.reply.array(ops.length);
  for (const op of ops) {
    const byte = Math.floor(op.offset / 8);
    const rel = op.offset - byte * 8;
    if (rope !== null) fillWindowFromRope(rope, byte);
    else fillWindowFromBuffer(buf!, byte);
    if (op.opcode === BF_GET) {
      intReply(c, op.signed ? getSignedBits(WINDOW, rel, op.bits) : getUnsignedBits(WINDOW, rel, op.bits));
      continue;
    }
    let oldval: bigint;
    let newval: bigint;
    let retval: bigint;
    if (op.signed) {
      oldval = getSignedBits(WINDOW, rel, op.bits);
      if (op.opcode === BF_INCRBY) {
        checkSignedOverflow(oldval, op.value, op.bits, op.ow, chk);
        newval = chk.dir !== 0 ? chk.limit : oldval + op.value;
        retval = newval;
      } else {
        checkSignedOverflow(op.value, 0n, op.bits, op.ow, chk);
        newval = chk.dir !== 0 ? chk.limit : op.value;
        retval = oldval;
      }
    } else {
      oldval = getUnsignedBits(WINDOW, rel, op.bits);
      if (op.opcode === BF_INCRBY) {
        checkUnsignedOverflow(oldval, op.value, op.bits, op.ow, chk);
        newval = chk.dir !== 0 ? chk.limit : oldval + op.value;
        retval = newval;
      } else {
        // SET takes the int64 as an unsigned 64-bit value (negative numbers are huge).
        const uv = BigInt.asUintN(64, op.value);
        checkUnsignedOverflow(uv, 0n, op.bits, op.ow, chk);
        newval = chk.dir !== 0 ? chk.limit : uv;
        retval = oldval;
      }
    }
    if (chk.dir !== 0 && op.ow === Overflow.Fail) {
      c.reply.nil();
      continue;
    }
    intReply(c, retval);
    setBits(WINDOW, rel, op.bits, newval);
    // Write the touched bytes back (all inside the string: it was grown to the farthest bit).
    const nbytes = (rel + op.bits + 7) >> 3;
    for (let i = 0; i < nbytes; i++) {
      if (rope !== null) rope.setByte(byte + i, WINDOW[i]!);
      else buf![byte + i] = WINDOW[i]!;
    }
    if (grown || oldval !== newval) changes++;
  }

  if (grown || changes > 0) {
    let s: string;
    if (rope !== null) {
      s = rope.commit();
      sharedRopes.evict();
    } else {
      s = buf!.toString('latin1', 0, size);
    }
    if (o === undefined) addStringKey(c, db, key, s);
    else db.overwrite(key, s);
  }
  markRawString(db, key); // as SETBIT: the value was unshared for writing
  if (changes > 0) {
    const server = c.server;
    server.signalModifiedKey(db, key);
    server.notify(NotifyFlags.String, 'setbit', key, db.id);
    server.dirty += changes;
  }
}

function fillWindowFromString(s: string, byte: number): void {
  for (let i = 0; i < 9; i++) {
    const idx = byte + i;
    WINDOW[i] = idx < s.length ? s.charCodeAt(idx) : 0;
  }
}

function fillWindowFromBuffer(b: Buffer, byte: number): void {
  for (let i = 0; i < 9; i++) {
    const idx = byte + i;
    WINDOW[i] = idx < b.length ? b[idx]! : 0;
  }
}

function fillWindowFromRope(r: ByteRope, byte: number): void {
  for (let i = 0; i < 9; i++) WINDOW[i] = r.byteAt(byte + i);
}

/** BITFIELD key [GET type offset] [SET type offset value] [INCRBY type offset incr] [OVERFLOW WRAP|SAT|FAIL] ... */
function bitfieldCommand(c: CommandContext): void {
  bitfieldGeneric(c, false);
}

/** BITFIELD_RO key [GET type offset ...] */
function bitfieldroCommand(c: CommandContext): void {
  bitfieldGeneric(c, true);
}

// ---------------------------------------------------------------------------------------------
// Registration (flags, arity, keys and ACL categories as `COMMAND INFO` of Redis 7.0.15)
// ---------------------------------------------------------------------------------------------

const B = { group: 'bitmap', acl: ['bitmap'] } as const;

export const bitmapCommands: readonly CommandSpec[] = [
  { name: 'setbit', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '2.2.0', summary: 'Sets or clears the bit at offset in the string value stored at key', complexity: 'O(1)', handler: setbitCommand },
  { name: 'getbit', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '2.2.0', summary: 'Returns the bit value at offset in the string value stored at key', complexity: 'O(1)', handler: getbitCommand },
  { name: 'bitcount', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '2.6.0', summary: 'Count set bits in a string', complexity: 'O(N)', handler: bitcountCommand },
  { name: 'bitpos', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '2.8.7', summary: 'Find first bit set or clear in a string', complexity: 'O(N)', handler: bitposCommand },
  { name: 'bitop', arity: -4, flags: ['write', 'denyoom'], firstKey: 2, lastKey: -1, step: 1, ...B, since: '2.6.0', summary: 'Perform bitwise operations between strings', complexity: 'O(N)', handler: bitopCommand },
  { name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '3.2.0', summary: 'Perform arbitrary bitfield integer operations on strings', complexity: 'O(1) for each subcommand specified', handler: bitfieldCommand },
  { name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1, ...B, since: '6.0.0', summary: 'Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD', complexity: 'O(1) for each subcommand specified', handler: bitfieldroCommand },
];
