/**
 * persistence/stream-codec.ts — streams in RDB (rdb.c's RDB_TYPE_STREAM_LISTPACKS[_2] parts).
 *
 * Layout (version 2, what Redis 7.0 writes):
 *   <node count> then per macro node: <16-byte big-endian master ID as a string> <listpack>
 *   <length> <last-id ms> <last-id seq> <first-id ms,seq> <max-deleted ms,seq> <entries-added>
 *   <group count> then per group (name order): <name> <last-id ms,seq> <entries-read>
 *     <PEL size> then per NACK: <16 raw bytes ID> <delivery time ms, 8 bytes LE> <delivery count>
 *     <consumer count> then per consumer: <name> <seen-time ms> <PEL size> <16 raw bytes ID>*
 * Version 1 (RDB_TYPE_STREAM_LISTPACKS) lacks first-id, max-deleted, entries-added and
 * entries-read; they are derived as Redis's loader does.
 *
 * A node's listpack (t_stream.c): master entry = <live count> <deleted count> <master field
 * count> <master fields…> 0, then per entry <flags> <ms delta> <seq delta> [<field count>
 * <field value>… | <value>… when SAMEFIELDS] <lp-count>. Nodes are rebuilt one to one (same
 * boundaries, tombstones kept), so XINFO/trim behave as in the Redis that wrote the file.
 */
import type { TypedValue } from '../db/database';
import type { RdbWriter } from './rdb-writer';
import type { RdbReader } from './rdb-reader';
import { ListpackBuilder, listpackDecode, CorruptError } from './listpack';
import { Stream, StreamNode, StreamConsumer, INVALID_ENTRIES_READ, type StreamNack } from '../ds/stream';
import type { StreamID } from '../ds/stream-id';

export class UnsupportedValue extends Error {}

const F_DELETED = 1;
const F_SAMEFIELDS = 2;
const U64 = 0xffffffffffffffffn;

function fail(what: string): never {
  throw new CorruptError(what);
}

function rawId(id: StreamID): Buffer {
  const b = Buffer.allocUnsafe(16);
  b.writeBigUInt64BE(id.ms, 0);
  b.writeBigUInt64BE(id.seq, 8);
  return b;
}

function nodeListpack(node: StreamNode): Buffer {
  const lp = new ListpackBuilder();
  lp.add(String(node.live));
  lp.add(String(node.n - node.live));
  const mf = node.masterFields;
  lp.add(String(mf.length));
  for (const f of mf) lp.add(f);
  lp.add('0');
  const mms = node.master.ms;
  const mseq = node.master.seq;
  for (let i = 0; i < node.n; i++) {
    const flags = (node.isDeleted(i) ? F_DELETED : 0) | (node.hasSameFields(i) ? F_SAMEFIELDS : 0);
    const ms = node.ids[2 * i]!;
    const seq = node.ids[2 * i + 1]!;
    lp.add(String(flags));
    lp.add(BigInt.asIntN(64, ms - mms).toString());
    lp.add(BigInt.asIntN(64, seq - mseq).toString());
    const kv = node.fieldsAt(i);
    const nf = kv.length / 2;
    if (flags & F_SAMEFIELDS) {
      for (let k = 0; k < nf; k++) lp.add(kv[2 * k + 1]!);
      lp.add(String(nf + 3));
    } else {
      lp.add(String(nf));
      for (const x of kv) lp.add(x);
      lp.add(String(2 * nf + 4));
    }
  }
  return lp.finish();
}

/** Writes a stream value (RDB_TYPE_STREAM_LISTPACKS_2 body). */
export function writeStream(w: RdbWriter, v: TypedValue): void {
  const s = v as Stream;
  if (!(s instanceof Stream)) throw new UnsupportedValue('not a stream');
  const nodes = s.nodes;
  w.len(nodes.length);
  for (const node of nodes) {
    w.blob(rawId(node.master));
    w.blob(Buffer.from(nodeListpack(node)));
  }
  w.len(s.length);
  w.lenBig(s.lastId.ms);
  w.lenBig(s.lastId.seq);
  w.lenBig(s.firstId.ms);
  w.lenBig(s.firstId.seq);
  w.lenBig(s.maxDeletedId.ms);
  w.lenBig(s.maxDeletedId.seq);
  w.len(s.entriesAdded);
  const groups = s.groups === null ? [] : s.sortedGroups();
  w.len(groups.length);
  for (const g of groups) {
    w.string(g.name);
    w.lenBig(g.lastId.ms);
    w.lenBig(g.lastId.seq);
    w.lenBig(g.entriesRead < 0 ? U64 : BigInt(g.entriesRead));
    w.len(g.pel.size);
    for (const nack of g.pel.values()) {
      w.out.bytes(rawId(nack.id));
      w.millis(nack.deliveryTime);
      w.len(nack.deliveryCount);
    }
    const consumers = g.sortedConsumers();
    w.len(consumers.length);
    for (const c of consumers) {
      w.string(c.name);
      w.millis(c.seenTime);
      w.len(c.pel.size);
      for (const nack of c.pel.values()) w.out.bytes(rawId(nack.id));
    }
  }
}

function toBig(s: string): bigint {
  return BigInt(s);
}

/** Reads a stream value of RDB type 15 (v1) or 19 (v2). */
export function readStream(r: RdbReader, v2: boolean): Stream {
  const s = new Stream();
  const nNodes = r.len();
  let live = 0;
  for (let i = 0; i < nNodes; i++) {
    const key = r.blob();
    if (key.length !== 16) fail('stream node key is not 128 bits');
    const master: StreamID = { ms: key.readBigUInt64BE(0), seq: key.readBigUInt64BE(8) };
    const els = listpackDecode(Buffer.from(r.blob()));
    if (els.length === 0) fail('empty stream listpack');
    let p = 0;
    const next = (): string => {
      if (p >= els.length) fail('truncated stream listpack');
      return els[p++]!;
    };
    const count = Number(next());
    const deleted = Number(next());
    const nmf = Number(next());
    if (!(nmf >= 0) || p + nmf > els.length) fail('bad master fields');
    const mf: string[] = [];
    for (let k = 0; k < nmf; k++) mf.push(next());
    if (next() !== '0') fail('bad master entry terminator');
    const node = new StreamNode(master, mf, Math.max(1, count + deleted));
    let n = 0;
    while (p < els.length) {
      const flags = Number(next());
      const ms = BigInt.asUintN(64, master.ms + toBig(next()));
      const seq = BigInt.asUintN(64, master.seq + toBig(next()));
      let kv: string[];
      if (flags & F_SAMEFIELDS) {
        kv = new Array<string>(nmf * 2);
        for (let k = 0; k < nmf; k++) {
          kv[2 * k] = mf[k]!;
          kv[2 * k + 1] = next();
        }
      } else {
        const nf = Number(next());
        if (!(nf >= 0) || p + 2 * nf > els.length) fail('bad entry field count');
        kv = new Array<string>(nf * 2);
        for (let k = 0; k < 2 * nf; k++) kv[k] = next();
      }
      next(); // lp-count
      node.push({ ms, seq }, kv, 0, kv.length / 2);
      if (flags & F_DELETED) node.markDeleted(n);
      n++;
    }
    if (n !== count + deleted || node.live !== count) fail('stream node counts mismatch');
    node.shrink();
    live += node.live;
    s.nodes.push(node);
  }
  s.length = r.len();
  if (s.length !== live) fail('stream length mismatch');
  s.lastId = { ms: r.lenBig(), seq: r.lenBig() };
  if (v2) {
    s.firstId = { ms: r.lenBig(), seq: r.lenBig() };
    s.maxDeletedId = { ms: r.lenBig(), seq: r.lenBig() };
    s.entriesAdded = Number(r.lenBig());
  } else {
    s.entriesAdded = s.length;
    s.firstId = s.length > 0 ? s.edgeId(true, true) : { ms: 0n, seq: 0n };
  }
  const nGroups = r.len();
  for (let i = 0; i < nGroups; i++) {
    const name = r.string();
    const lastId: StreamID = { ms: r.lenBig(), seq: r.lenBig() };
    let entriesRead: number;
    if (v2) {
      const er = r.lenBig();
      entriesRead = er === U64 ? INVALID_ENTRIES_READ : Number(er);
    } else entriesRead = s.estimateDistanceFromFirstEverEntry(lastId);
    const g = s.createGroup(name, lastId, entriesRead);
    if (g === null) fail('duplicated consumer group name');
    const pelSize = r.len();
    for (let k = 0; k < pelSize; k++) {
      const id = r.rawId();
      const deliveryTime = r.millis();
      const deliveryCount = r.len();
      const nack: StreamNack = { id, consumer: null, deliveryTime, deliveryCount };
      if (!g.pel.tryInsert(id, nack)) fail('duplicated global PEL entry');
    }
    const nCons = r.len();
    for (let k = 0; k < nCons; k++) {
      const cname = r.string();
      const seen = r.millis();
      const c = new StreamConsumer(cname, seen);
      if (g.consumers.has(cname)) fail('duplicate consumer');
      g.consumers.set(cname, c);
      const np = r.len();
      for (let j = 0; j < np; j++) {
        const id = r.rawId();
        const nack = g.pel.get(id);
        if (nack === undefined) fail('consumer PEL entry not in the group PEL');
        nack.consumer = c;
        if (!c.pel.tryInsert(id, nack)) fail('duplicated consumer PEL entry');
      }
    }
    for (const nack of g.pel.values()) if (nack.consumer === null) fail('PEL entry without a consumer');
  }
  return s;
}
