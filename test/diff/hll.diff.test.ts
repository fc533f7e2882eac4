/**
 * test/diff/hll.diff.test.ts — HyperLogLog commands against a real redis-server: the stored bytes
 * (GET) must be identical after every PFADD/PFCOUNT/PFMERGE, including sparse→dense promotion,
 * and HLLs made by Redis must load into respite (SET of the real server's bytes).
 */
import { expect, it } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('HyperLogLog commands match redis-server', () => {
  const d = useDiff();

  let seed = 777;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };

  it('PFADD / PFCOUNT bytes, sparse and dense', async () => {
    await d.same('PFADD', 'h');
    await d.same('GET', 'h');
    await d.same('PFCOUNT', 'h');
    await d.same('GET', 'h');
    await d.same('PFADD', 'h', 'a', 'b', 'c');
    await d.same('PFADD', 'h', 'a', 'b', 'c');
    await d.same('PFADD', 'h', '');
    await d.same('GET', 'h');
    await d.same('PFCOUNT', 'h');
    await d.same('GET', 'h');
    await d.same('OBJECT', 'ENCODING', 'h');
    let n = 0;
    for (let round = 0; round < 40; round++) {
      const els: string[] = [];
      const k = 1 + rnd(200);
      for (let i = 0; i < k; i++) els.push(`el:${n++}:${rnd(1000)}`);
      await d.same('PFADD', 'h', ...els);
      await d.same('GET', 'h');
      await d.same('PFCOUNT', 'h');
      await d.same('PFDEBUG', 'ENCODING', 'h');
    }
    await d.same('GET', 'h');
  });

  it('binary elements, all element lengths, and exact estimates', async () => {
    const els: string[] = [];
    for (let len = 0; len < 40; len++) {
      let s = '';
      for (let i = 0; i < len; i++) s += String.fromCharCode(rnd(256));
      els.push(s);
    }
    await d.same('PFADD', 'b', ...els);
    await d.same('GET', 'b');
    await d.same('PFCOUNT', 'b');
    for (let i = 0; i < 30000; i += 3000) {
      const batch: string[] = [];
      for (let j = 0; j < 3000; j++) batch.push(String(i + j));
      await d.same('PFADD', 'big', ...batch);
      await d.same('PFCOUNT', 'big');
    }
    await d.same('GET', 'big');
  });

  it('PFCOUNT of several keys and PFMERGE', async () => {
    await d.same('PFADD', 'x', 'a', 'b', 'c');
    await d.same('PFADD', 'y', 'b', 'c', 'd');
    const many: string[] = [];
    for (let i = 0; i < 5000; i++) many.push(`m${i}`);
    await d.same('PFADD', 'z', ...many);
    await d.same('PFCOUNT', 'x', 'y');
    await d.same('PFCOUNT', 'x', 'y', 'z', 'nokey');
    await d.same('PFMERGE', 'dst', 'x', 'y');
    await d.same('GET', 'dst');
    await d.same('PFCOUNT', 'dst');
    await d.same('PFMERGE', 'dst', 'z');
    await d.same('GET', 'dst');
    await d.same('PFMERGE', 'new', 'nokey');
    await d.same('GET', 'new');
    await d.same('PFMERGE', 'x');
    await d.same('GET', 'x');
    await d.same('PFMERGE', 'd2', 'x', 'z');
    await d.same('GET', 'd2');
    await d.same('PFCOUNT', 'd2');
    await d.same('PFDEBUG', 'TODENSE', 'x');
    await d.same('PFDEBUG', 'TODENSE', 'x');
    await d.same('GET', 'x');
    await d.same('PFMERGE', 'y', 'x');
    await d.same('GET', 'y');
  });

  it('HLLs made by Redis load into respite', async () => {
    const theirs = d.theirs();
    const els: string[] = [];
    for (let i = 0; i < 700; i++) els.push(`r${i}`);
    await theirs.call('PFADD', 'r', ...els);
    await theirs.call('PFADD', 'rd', ...els, ...els.map((e) => e + 'x'));
    await theirs.call('PFDEBUG', 'TODENSE', 'rd');
    for (const k of ['r', 'rd']) {
      const raw = await theirs.call('GET', k);
      const body = raw.slice(raw.indexOf('\r\n') + 2, raw.length - 2);
      await d.ours().call('SET', k, body);
      expect(await d.ours().call('GET', k)).toBe(raw);
    }
    await d.same('PFCOUNT', 'r');
    await d.same('PFCOUNT', 'rd');
    await d.same('PFCOUNT', 'r', 'rd');
    await d.same('PFADD', 'r', 'new1', 'new2');
    await d.same('GET', 'r');
    await d.same('PFMERGE', 'm', 'r', 'rd');
    await d.same('GET', 'm');
  });

  it('HLLs made by respite load into Redis', async () => {
    const ours = d.ours();
    const els: string[] = [];
    for (let i = 0; i < 900; i++) els.push(`o${i}`);
    await ours.call('PFADD', 'o', ...els);
    await ours.call('PFADD', 'od', ...els, ...els.map((e) => e + 'y'), ...els.map((e) => e + 'z'));
    await ours.call('PFDEBUG', 'TODENSE', 'od');
    for (const k of ['o', 'od']) {
      const raw = await ours.call('GET', k);
      const body = raw.slice(raw.indexOf('\r\n') + 2, raw.length - 2);
      await d.theirs().call('SET', k, body);
      expect(await d.theirs().call('GET', k)).toBe(raw);
    }
    await d.same('PFCOUNT', 'o');
    await d.same('PFCOUNT', 'od');
    await d.same('PFCOUNT', 'o', 'od');
    await d.same('PFADD', 'od', 'new1', 'new2');
    await d.same('GET', 'od');
    await d.same('PFMERGE', 'm', 'o', 'od');
    await d.same('GET', 'm');
  });

  it('errors, corruption and type checks', async () => {
    await d.both('SET', 's', 'bar');
    await d.same('PFADD', 's', 'a');
    await d.same('PFCOUNT', 's');
    await d.same('PFCOUNT', 's', 'nokey');
    await d.same('PFMERGE', 'dst', 's');
    await d.same('PFMERGE', 's', 'nokey');
    await d.both('LPUSH', 'l', 'a');
    await d.same('PFADD', 'l', 'a');
    await d.same('PFCOUNT', 'l');
    await d.same('PFADD');
    await d.same('PFCOUNT');
    await d.same('PFMERGE');
    // Corruptions from the Tcl suite.
    await d.both('PFADD', 'c1', 'a', 'b', 'c');
    await d.both('APPEND', 'c1', 'hello');
    await d.same('PFCOUNT', 'c1');
    await d.same('PFADD', 'c1', 'zz');
    await d.both('PFADD', 'c2', 'a', 'b', 'c');
    await d.both('SETRANGE', 'c2', '0', '0123');
    await d.same('PFCOUNT', 'c2');
    await d.both('PFADD', 'c3', 'a', 'b', 'c');
    await d.both('SETRANGE', 'c3', '4', 'x');
    await d.same('PFCOUNT', 'c3');
    await d.both('PFADD', 'c4', 'a', 'b', 'c');
    await d.both('SETRANGE', 'c4', '4', '\x00');
    await d.same('PFCOUNT', 'c4');
    await d.both('SET', 'num', '12345678901234567890');
    await d.same('PFCOUNT', 'num');
    // Random byte corruptions: same reply and same bytes afterwards.
    for (let j = 0; j < 150; j++) {
      await d.both('DEL', 'f');
      const items: string[] = [];
      const n = rnd(1500);
      for (let i = 0; i < n; i++) items.push(String(rnd(1e9)));
      if (items.length) await d.both('PFADD', 'f', ...items);
      else await d.both('PFADD', 'f');
      for (let i = 0; i < 5; i++) {
        const len = Number((await d.ours().call('STRLEN', 'f')).slice(1, -2));
        await d.both('SETRANGE', 'f', String(rnd(len)), String.fromCharCode(rnd(256)));
        if (rnd(2) === 0) break;
      }
      await d.same('PFCOUNT', 'f');
      await d.same('PFADD', 'f', 'p', 'q', 'r', String(j));
      await d.same('PFCOUNT', 'f', 'nokey');
      await d.same('GET', 'f');
    }
  });

  it('PFDEBUG', async () => {
    await d.same('PFDEBUG', 'ENCODING', 'nokey');
    await d.both('PFADD', 'h', '1', '2', '3');
    await d.same('PFDEBUG', 'DECODE', 'h');
    await d.same('PFDEBUG', 'ENCODING', 'h');
    await d.same('PFDEBUG', 'GETREG', 'h');
    await d.same('PFDEBUG', 'ENCODING', 'h');
    await d.same('PFDEBUG', 'DECODE', 'h');
    await d.same('PFDEBUG', 'FOO', 'h');
    await d.same('PFDEBUG', 'GETREG', 'h', 'x');
    await d.same('PFDEBUG', 'TODENSE', 'h');
    await d.both('SET', 's', 'x');
    await d.same('PFDEBUG', 'ENCODING', 's');
  });

  it('hll-sparse-max-bytes promotion', async () => {
    await d.both('CONFIG', 'SET', 'hll-sparse-max-bytes', '200');
    const els: string[] = [];
    for (let i = 0; i < 300; i++) {
      els.push(`p${i}`);
      await d.same('PFADD', 'p', `p${i}`);
      if (i % 10 === 0) await d.same('GET', 'p');
    }
    await d.same('PFDEBUG', 'ENCODING', 'p');
    await d.same('PFMERGE', 'q', 'nokey');
    await d.same('PFMERGE', 'q', 'p');
    await d.same('GET', 'q');
    await d.both('CONFIG', 'SET', 'hll-sparse-max-bytes', '3000');
  });

  it('keyspace effects: TTL kept, WATCH, COMMAND INFO', async () => {
    await d.both('PFADD', 't', 'a');
    await d.both('EXPIRE', 't', '100');
    await d.same('PFADD', 't', 'b');
    await d.same('TTL', 't');
    await d.same('PFCOUNT', 't');
    await d.same('TTL', 't');
    for (const c of ['pfadd', 'pfcount', 'pfmerge', 'pfselftest', 'pfdebug']) {
      // Key specs (field 9) are not generated by the registry yet: compare the first 8 fields.
      const [ours, theirs] = await d.both('COMMAND', 'INFO', c);
      const po = parseReply(ours) as unknown[][];
      const pt = parseReply(theirs) as unknown[][];
      expect(po[0]!.slice(0, 8), c).toEqual(pt[0]!.slice(0, 8));
    }
  });
});
