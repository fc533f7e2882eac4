/**
 * replication/rdb-aux.ts — the one RDB AUX field replication adds and reads itself:
 * `repl-stream-db`, the db the replication stream has selected at the snapshot point (rdb.c's
 * rdbSaveInfoAuxFields / rdbLoadRio). A replica that full-syncs starts its master client in that
 * db; without it a chained replica would apply the stream to db 0 until the next SELECT.
 * The snapshot writer (persistence/) stays unaware: the field is spliced in after the header and
 * the CRC64 trailer is recomputed.
 */
import { crc64 } from '../persistence/crc64';

const OP_AUX = 0xfa;
const HEADER = 9; // "REDIS0010"

/** Returns a copy of `rdb` with `repl-stream-db:<db>` inserted after the header. */
export function withStreamDb(rdb: Buffer, db: number): Buffer {
  const key = 'repl-stream-db';
  const val = String(db);
  const aux = Buffer.from([OP_AUX, key.length, ...Buffer.from(key, 'latin1'), val.length, ...Buffer.from(val, 'latin1')]);
  const body = Buffer.concat([rdb.subarray(0, HEADER), aux, rdb.subarray(HEADER, rdb.length - 8)]);
  const old = rdb.subarray(rdb.length - 8);
  const sum = old.every((b) => b === 0) ? Buffer.alloc(8) : crc64(body);
  return Buffer.concat([body, sum]);
}

/** Reads one RDB string at `p`: [value, next offset], or null when not a plain/int string. */
function readString(b: Buffer, p: number): [string, number] | null {
  const t = b[p];
  if (t === undefined) return null;
  const kind = t >> 6;
  let len: number;
  if (kind === 0) {
    len = t & 0x3f;
    p += 1;
  } else if (kind === 1) {
    len = ((t & 0x3f) << 8) | b[p + 1]!;
    p += 2;
  } else if (t === 0x80) {
    len = b.readUInt32BE(p + 1);
    p += 5;
  } else if (t === 0xc0) return [String(b.readInt8(p + 1)), p + 2];
  else if (t === 0xc1) return [String(b.readInt16LE(p + 1)), p + 3];
  else if (t === 0xc2) return [String(b.readInt32LE(p + 1)), p + 5];
  else return null;
  if (p + len > b.length) return null;
  return [b.toString('latin1', p, p + len), p + len];
}

/** The `repl-stream-db` AUX field of an RDB payload, or -1 when absent. */
export function readStreamDb(rdb: Buffer): number {
  let p = HEADER;
  while (p < rdb.length && rdb[p] === OP_AUX) {
    const k = readString(rdb, p + 1);
    if (k === null) return -1;
    const v = readString(rdb, k[1]);
    if (v === null) return -1;
    if (k[0] === 'repl-stream-db') return Number(v[0]);
    p = v[1];
  }
  return -1;
}
