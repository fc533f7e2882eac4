import { describe, it, expect } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InProcess, ok, err, status } from '../helpers/run';
import { persistenceOf } from '../../src/persistence/snapshot';
import { crc64 } from '../../src/persistence/crc64';

function info(t: InProcess): string {
  return (t.run('INFO', 'persistence') as { value: string }).value;
}

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'respite-pcmd-'));
}

describe('DUMP / RESTORE (in-process)', () => {
  it('round-trips every type and keeps encodings', () => {
    const t = new InProcess();
    t.run('SET', 's', 'x'.repeat(100));
    t.run('SET', 'n', '123');
    t.run('RPUSH', 'l', 'a', 'b', '3');
    t.run('SADD', 'is', '1', '2');
    t.run('SADD', 'hs', 'a', 'b');
    t.run('HSET', 'h', 'f', 'v');
    t.run('ZADD', 'z', '1', 'a', '2', 'b');
    for (const k of ['s', 'n', 'l', 'is', 'hs', 'h', 'z']) {
      const p = t.run('DUMP', k) as string;
      expect(t.run('RESTORE', `${k}2`, 0, p)).toEqual(ok);
      expect(t.run('TYPE', `${k}2`)).toEqual(t.run('TYPE', k));
      expect(t.run('OBJECT', 'ENCODING', `${k}2`)).toEqual(t.run('OBJECT', 'ENCODING', k));
    }
    expect(t.run('LRANGE', 'l2', 0, -1)).toEqual(['a', 'b', '3']);
    expect(t.run('ZRANGE', 'z2', 0, -1, 'WITHSCORES')).toEqual(t.run('ZRANGE', 'z', 0, -1, 'WITHSCORES'));
    expect(t.run('DUMP', 'nosuch')).toBeNull();
  });

  it('errors and options', () => {
    const t = new InProcess();
    t.run('SET', 'k', 'v');
    const p = t.run('DUMP', 'k') as string;
    expect(t.run('RESTORE', 'k', 0, p)).toEqual(err('BUSYKEY Target key name already exists.'));
    expect(t.run('RESTORE', 'k2', -5, p)).toEqual(err('ERR Invalid TTL value, must be >= 0'));
    expect(t.run('RESTORE', 'k2', 'x', p)).toEqual(err('ERR value is not an integer or out of range'));
    expect(t.run('RESTORE', 'k2', 0, 'short')).toEqual(err('ERR DUMP payload version or checksum are wrong'));
    expect(t.run('RESTORE', 'k2', 0, p, 'FOO')).toEqual(err('ERR syntax error'));
    expect(t.run('RESTORE', 'k2', 0, p, 'IDLETIME', -1)).toEqual(err('ERR Invalid IDLETIME value, must be >= 0'));
    expect(t.run('RESTORE', 'k2', 0, p, 'FREQ', 300)).toEqual(err('ERR Invalid FREQ value, must be >= 0 and <= 255'));
    expect(t.run('RESTORE', 'k2', 0, p, 'FREQ', 1, 'IDLETIME', 1)).toEqual(err('ERR syntax error'));
    // Version 11 in the footer is refused; a body that does not parse is "Bad data format".
    const v11 = p.slice(0, -10) + '\x0b\x00' + p.slice(-8);
    expect(t.run('RESTORE', 'k2', 0, v11)).toEqual(err('ERR DUMP payload version or checksum are wrong'));
    expect(t.run('RESTORE', 'k', 0, p, 'REPLACE')).toEqual(ok);
    // TTLs: relative, absolute, already expired.
    expect(t.run('RESTORE', 'r1', 5000, p)).toEqual(ok);
    expect(t.run('PTTL', 'r1')).toBe(5000);
    expect(t.run('RESTORE', 'r2', t.time + 7000, p, 'ABSTTL')).toEqual(ok);
    expect(t.run('PTTL', 'r2')).toBe(7000);
    expect(t.run('RESTORE', 'r3', t.time - 1, p, 'ABSTTL')).toEqual(ok);
    expect(t.run('EXISTS', 'r3')).toBe(0);
    expect(t.run('RESTORE', 'k', 1, p, 'ABSTTL', 'REPLACE')).toEqual(ok);
    expect(t.run('EXISTS', 'k')).toBe(0);
    expect(t.run('RESTORE', 'i', 0, p, 'IDLETIME', 500)).toEqual(ok);
    expect(t.run('OBJECT', 'IDLETIME', 'i')).toBeGreaterThanOrEqual(499);
  });

  it('bad body with a good checksum is "Bad data format"', () => {
    const t = new InProcess();
    t.run('RPUSH', 'l', 'a');
    const p = t.run('DUMP', 'l') as string;
    // Type byte 1 (plain list) of length 5 with no elements, re-checksummed via a second DUMP is
    // not possible in-process, so patch the type to an unknown one and fix the CRC by hand.
    const body = Buffer.from('\x63' + p.slice(1, -8), 'latin1');
    const bad = Buffer.concat([body, crc64(body)]).toString('latin1');
    expect(t.run('RESTORE', 'l2', 0, bad)).toEqual(err('ERR Bad data format'));
  });
});

describe('SAVE / BGSAVE / LASTSAVE / filters', () => {
  it('SAVE writes dump.rdb, resets dirty and updates LASTSAVE; BGSAVE argument checks', async () => {
    const dir = tmp();
    const t = new InProcess({ dir });
    t.run('SET', 'a', '1');
    expect(t.server.dirty).toBeGreaterThan(0);
    expect(t.run('SAVE')).toEqual(ok);
    expect(t.server.dirty).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    expect(t.run('LASTSAVE')).toBe(t.server.lastSave);
    expect(t.run('BGSAVE', 'foo')).toEqual(err('ERR syntax error'));
    expect(t.run('BGSAVE')).toEqual(status('Background saving started'));
    expect(t.run('BGSAVE')).toEqual(err('ERR Background save already in progress'));
    expect(t.run('SAVE')).toEqual(err('ERR Background save already in progress'));
    expect(t.run('BGSAVE', 'SCHEDULE')).toEqual(status('Background saving scheduled'));
    expect(info(t)).toContain('rdb_bgsave_in_progress:1');
    await persistenceOf(t.server).waitBgsave();
    expect(info(t)).toContain('rdb_last_bgsave_status:ok');
    persistenceOf(t.server).stopTimer();
    fs.rmSync(dir, { recursive: true });
  });

  it('MISCONF after a failed BGSAVE when save points are set; LOADING while loading', async () => {
    const t = new InProcess({ dir: tmp(), save: '3600 1' });
    const p = persistenceOf(t.server);
    p.lastBgsaveOk = false;
    expect((t.run('SET', 'a', '1') as { value: string }).value).toMatch(/^MISCONF /);
    expect((t.run('PING') as { value: string }).value).toMatch(/^MISCONF /);
    expect(t.run('GET', 'a')).toBeNull();
    t.run('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
    expect(t.run('SET', 'a', '1')).toEqual(ok);
    p.lastBgsaveOk = true;
    p.loading = true;
    expect(t.run('GET', 'a')).toEqual(err('LOADING Redis is loading the dataset in memory'));
    expect(info(t)).toMatch(/^loading:1/m);
    expect(t.run('LASTSAVE')).toBe(t.server.lastSave);
    p.loading = false;
  });

  it('a failing BGSAVE (directory gone) reports err', async () => {
    const dir = tmp();
    const t = new InProcess({ dir });
    fs.rmSync(dir, { recursive: true });
    expect(t.run('BGSAVE')).toEqual(status('Background saving started'));
    await persistenceOf(t.server).waitBgsave();
    expect(info(t)).toContain('rdb_last_bgsave_status:err');
    expect(t.run('SAVE')).toEqual(err('ERR'));
  });

  it('save points: the cron starts a BGSAVE once enough changes are old enough', async () => {
    const dir = tmp();
    const t = new InProcess({ dir, save: '100 2' });
    const p = persistenceOf(t.server);
    t.server.lastSave = Math.floor(Date.now() / 1000) - 200;
    t.run('SET', 'a', '1');
    p.cron();
    expect(p.job).toBeNull(); // one change < 2
    t.run('SET', 'b', '1');
    p.cron();
    expect(p.job).not.toBeNull();
    await p.waitBgsave();
    expect(t.server.dirty).toBe(0);
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    p.stopTimer();
  });
});
