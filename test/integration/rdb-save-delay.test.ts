/**
 * rdb-key-save-delay (µs slept per key while saving, as Redis): a BGSAVE is slowed without
 * blocking the event loop (clients are answered while it runs), setting the delay back to 0
 * lets it finish, SAVE honours it too, and FLUSHALL kills a running BGSAVE as Redis does
 * (status unchanged, the changes still unsaved).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRespite, call } from './persistence-helpers';
import { persistenceOf } from '../../src/persistence/snapshot';

const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-save-delay-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

const info = async (c: Parameters<typeof call>[0], field: string): Promise<string> => {
  const text = (await call(c, 'INFO', 'persistence')) as string;
  return text.match(new RegExp(`${field}:(\\S+)`))![1]!;
};

describe('rdb-key-save-delay', () => {
  it('slows BGSAVE without blocking clients; 0 lets it finish; SAVE honours it; FLUSHALL kills BGSAVE', async () => {
    const dir = path.join(tmpRoot, 'a');
    fs.mkdirSync(dir);
    const a = await startRespite(dir);
    const p = persistenceOf(a.server);
    for (let i = 0; i < 200; i++) await call(a.c, 'SET', `k${i}`, `v${i}`);
    expect(await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '1000000')).toBe('OK');
    expect(await call(a.c, 'CONFIG', 'GET', 'rdb-key-save-delay')).toEqual(['rdb-key-save-delay', '1000000']);
    expect(await call(a.c, 'BGSAVE')).toBe('Background saving started');
    // One second per key: the save is still running while commands are served.
    for (let i = 0; i < 5; i++) {
      expect(await call(a.c, 'PING')).toBe('PONG');
      expect(await info(a.c, 'rdb_bgsave_in_progress')).toBe('1');
      await call(a.c, 'SET', `during${i}`, 'x');
    }
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(false);
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '0');
    expect(await p.waitBgsave()).toBe(true);
    expect(await info(a.c, 'rdb_last_bgsave_status')).toBe('ok');
    // SAVE with a negative delay (1 µs with probability 1/10 per key) and a small positive one.
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '-10');
    expect(await call(a.c, 'SAVE')).toBe('OK');
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '50');
    expect(await call(a.c, 'SAVE')).toBe('OK');
    // FLUSHALL kills a running BGSAVE.
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '1000000');
    expect(await call(a.c, 'BGSAVE')).toBe('Background saving started');
    expect(await info(a.c, 'rdb_bgsave_in_progress')).toBe('1');
    expect(await call(a.c, 'FLUSHALL')).toBe('OK');
    expect(await info(a.c, 'rdb_bgsave_in_progress')).toBe('0');
    expect(await info(a.c, 'rdb_last_bgsave_status')).toBe('ok');
    expect(Number(await info(a.c, 'rdb_changes_since_last_save'))).toBeGreaterThan(200);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('temp-'))).toEqual([]);
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '0');
    a.c.close();
    await a.server.close();
  });

  it('FLUSHALL saves (and resets the change counter) when save points are configured, not otherwise', async () => {
    const dir = path.join(tmpRoot, 'flush');
    fs.mkdirSync(dir);
    const a = await startRespite(dir);
    await call(a.c, 'SET', 'key', 'value');
    await call(a.c, 'FLUSHALL');
    expect(Number(await info(a.c, 'rdb_changes_since_last_save'))).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(false);
    await call(a.c, 'CONFIG', 'SET', 'save', '3600 1 300 100 60 10000');
    await call(a.c, 'SET', 'key', 'value');
    await call(a.c, 'FLUSHALL');
    expect(await info(a.c, 'rdb_changes_since_last_save')).toBe('0');
    expect(fs.existsSync(path.join(dir, 'dump.rdb'))).toBe(true);
    await call(a.c, 'CONFIG', 'SET', 'save', '');
    a.c.close();
    await a.server.close();
  });

  it('a BGSAVE slowed by the delay still writes the dataset as of its start', async () => {
    const dir = path.join(tmpRoot, 'b');
    fs.mkdirSync(dir);
    const a = await startRespite(dir);
    for (let i = 0; i < 50; i++) await call(a.c, 'SET', `k${i}`, `v${i}`);
    await call(a.c, 'CONFIG', 'SET', 'rdb-key-save-delay', '2000');
    await call(a.c, 'BGSAVE');
    for (let i = 0; i < 50; i += 2) await call(a.c, 'SET', `k${i}`, 'changed');
    await call(a.c, 'SET', 'new', 'x');
    await call(a.c, 'DEL', 'k1');
    expect(await persistenceOf(a.server).waitBgsave()).toBe(true);
    a.c.close();
    await a.server.close();
    const b = await startRespite(dir);
    expect(await call(b.c, 'DBSIZE')).toBe(50);
    for (let i = 0; i < 50; i++) expect(await call(b.c, 'GET', `k${i}`)).toBe(`v${i}`);
    b.c.close();
    await b.server.close();
  });
});
