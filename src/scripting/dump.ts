/**
 * scripting/dump.ts — FUNCTION DUMP / FUNCTION RESTORE payloads in Redis's format: for each
 * library the RDB opcode FUNCTION2 (245) and its code as an RDB string, then the 2-byte RDB
 * version (10) and the CRC64 (Jones) of everything before, little endian (functions.c,
 * rdbFunctionLoad). We write uncompressed strings; we read plain, integer and LZF strings.
 */
import { ReplyError } from '../errors';
import { compileLibrary, type ScriptingState, type Library } from './state';

const RDB_OPCODE_FUNCTION2 = 245;
const RDB_VERSION = 10;

let crcTable: BigUint64Array | null = null;

/** CRC-64/Jones (reflected poly 0xad93d23594c935a9), as Redis's crc64(). */
export function crc64(buf: Buffer, crc = 0n): bigint {
  if (crcTable === null) {
    crcTable = new BigUint64Array(256);
    const poly = 0x95ac9329ac4bc9b5n;
    for (let i = 0; i < 256; i++) {
      let c = BigInt(i);
      for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
      crcTable[i] = c;
    }
  }
  for (let i = 0; i < buf.length; i++) crc = crcTable[Number((crc ^ BigInt(buf[i]!)) & 0xffn)]! ^ (crc >> 8n);
  return crc;
}

function lenBytes(n: number): Buffer {
  if (n < 64) return Buffer.from([n]);
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0x80;
  b.writeUInt32BE(n, 1);
  return b;
}

export function dumpFunctions(st: ScriptingState): string {
  const parts: Buffer[] = [];
  for (const lib of st.libraries.values()) {
    const code = Buffer.from(lib.code0, 'latin1');
    parts.push(Buffer.from([RDB_OPCODE_FUNCTION2]), lenBytes(code.length), code);
  }
  parts.push(Buffer.from([RDB_VERSION, 0]));
  const body = Buffer.concat(parts);
  const crc = Buffer.alloc(8);
  crc.writeBigUInt64LE(crc64(body));
  return Buffer.concat([body, crc]).toString('latin1');
}

function lzfDecompress(src: Buffer, outLen: number): Buffer {
  const out = Buffer.alloc(outLen);
  let ip = 0;
  let op = 0;
  while (ip < src.length) {
    let ctrl = src[ip++]!;
    if (ctrl < 32) {
      ctrl++;
      if (op + ctrl > outLen || ip + ctrl > src.length) throw new Error('lzf');
      src.copy(out, op, ip, ip + ctrl);
      op += ctrl;
      ip += ctrl;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) len += src[ip++]!;
      ref -= src[ip++]!;
      len += 2;
      if (ref < 0 || op + len > outLen) throw new Error('lzf');
      for (let k = 0; k < len; k++) out[op++] = out[ref++]!;
    }
  }
  if (op !== outLen) throw new Error('lzf');
  return out;
}

class Reader {
  pos = 0;
  constructor(readonly buf: Buffer, readonly end: number) {}
  byte(): number {
    if (this.pos >= this.end) throw new Error('eof');
    return this.buf[this.pos++]!;
  }
  /** Returns [len, encoded?]: encoded means a special string encoding (int / LZF). */
  len(): [number, boolean] {
    const b = this.byte();
    const type = b >> 6;
    if (type === 0) return [b & 0x3f, false];
    if (type === 1) return [((b & 0x3f) << 8) | this.byte(), false];
    if (type === 2) {
      if (b === 0x80) {
        if (this.pos + 4 > this.end) throw new Error('eof');
        const n = this.buf.readUInt32BE(this.pos);
        this.pos += 4;
        return [n, false];
      }
      if (b === 0x81) {
        if (this.pos + 8 > this.end) throw new Error('eof');
        const n = Number(this.buf.readBigUInt64BE(this.pos));
        this.pos += 8;
        return [n, false];
      }
      throw new Error('bad len');
    }
    return [b & 0x3f, true];
  }
  take(n: number): Buffer {
    if (this.pos + n > this.end) throw new Error('eof');
    const b = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }
  string(): string {
    const [n, enc] = this.len();
    if (!enc) return this.take(n).toString('latin1');
    if (n === 0) return String((this.take(1).readInt8(0)));
    if (n === 1) return String(this.take(2).readInt16LE(0));
    if (n === 2) return String(this.take(4).readInt32LE(0));
    if (n === 3) {
      const [clen] = this.len();
      const [ulen] = this.len();
      return lzfDecompress(this.take(clen), ulen).toString('latin1');
    }
    throw new Error('bad encoding');
  }
}

/** FUNCTION RESTORE: verifies the footer, loads every library, then applies the policy. */
export function restoreFunctions(st: ScriptingState, payload: string, policy: 'flush' | 'append' | 'replace'): void {
  const buf = Buffer.from(payload, 'latin1');
  if (buf.length < 10) throw new ReplyError('ERR DUMP payload version or checksum are wrong');
  const ver = buf.readUInt16LE(buf.length - 10);
  const crc = buf.readBigUInt64LE(buf.length - 8);
  if (ver > RDB_VERSION || (crc !== 0n && crc !== crc64(buf.subarray(0, buf.length - 8)))) {
    throw new ReplyError('ERR DUMP payload version or checksum are wrong');
  }
  const r = new Reader(buf, buf.length - 10);
  const libs: Library[] = [];
  while (r.pos < r.end) {
    let op: number;
    try {
      op = r.byte();
    } catch {
      throw new ReplyError('ERR can not read data type');
    }
    if (op !== RDB_OPCODE_FUNCTION2) throw new ReplyError('ERR given type is not a function');
    let code: string;
    try {
      code = r.string();
    } catch {
      throw new ReplyError('ERR failed loading the given functions payload');
    }
    libs.push(compileLibrary(code));
  }
  // Collisions inside the payload itself.
  const names = new Set<string>();
  const fnames = new Set<string>();
  for (const l of libs) {
    if (names.has(l.name)) throw new ReplyError(`ERR Library ${l.name} already exists`);
    names.add(l.name);
    for (const f of l.functions) {
      if (fnames.has(f.name)) throw new ReplyError(`ERR Function ${f.name} already exists`);
      fnames.add(f.name);
    }
  }
  if (policy === 'flush') {
    st.flushFunctions();
  } else {
    for (const l of libs) {
      const old = st.libraries.get(l.name);
      if (old !== undefined && policy === 'append') throw new ReplyError(`ERR Library ${l.name} already exists`);
    }
    for (const l of libs) {
      for (const f of l.functions) {
        const other = st.functions.get(f.name);
        if (other !== undefined && !(policy === 'replace' && other.lib.name === l.name)) {
          throw new ReplyError(`ERR Function ${f.name} already exists`);
        }
      }
    }
    if (policy === 'replace') for (const l of libs) {
      const old = st.libraries.get(l.name);
      if (old !== undefined) st.removeLibrary(old);
    }
  }
  for (const l of libs) st.addLibrary(l);
}
