/**
 * DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] and DEBUG LOADAOF, in-process, in a scratch dir.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from 'vitest';
import { InProcess, ok, err } from '../helpers/run';
import { startTestServer } from '../helpers/start-server';

const dirs: string[] = [];
function scratch(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-debug-reload-'));
  dirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

describe('DEBUG RELOAD', () => {
  it('saves and loads back; NOSAVE, NOFLUSH and MERGE as in Redis', () => {
    const t = new InProcess({ 'enable-debug-command': 'yes', dir: scratch(), save: '' });
    t.run('SET', 'a', '1');
    t.run('SET', 'b', '2', 'EX', '100');
    t.run('RPUSH', 'l', 'x', 'y');
    expect(t.run('DEBUG', 'RELOAD')).toEqual(ok);
    expect(t.run('GET', 'a')).toBe('1');
    expect(t.run('TTL', 'b')).toBeGreaterThan(0);
    expect(t.run('LRANGE', 'l', '0', '-1')).toEqual(['x', 'y']);
    // NOSAVE loads the file as it was: a key written since is gone.
    t.run('SET', 'c', '3');
    expect(t.run('DEBUG', 'RELOAD', 'NOSAVE')).toEqual(ok);
    expect(t.run('EXISTS', 'c')).toBe(0);
    // NOFLUSH without MERGE meets a duplicate key: the load fails.
    expect(t.run('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH')).toEqual(err('ERR Error trying to load the RDB dump'));
    // MERGE NOFLUSH: the file's keys replace the ones in memory, other keys stay.
    t.run('FLUSHALL');
    t.run('SET', 'a', 'changed');
    t.run('SET', 'extra', 'kept');
    expect(t.run('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE')).toEqual(ok);
    expect(t.run('GET', 'a')).toBe('1');
    expect(t.run('GET', 'extra')).toBe('kept');
    expect(t.run('DEBUG', 'RELOAD', 'FOO')).toEqual(err('ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.'));
  });

  it('DEBUG LOADAOF reloads the data set from the AOF', async () => {
    const dir = scratch();
    const srv = await startTestServer({ 'enable-debug-command': 'yes', dir, appendfsync: 'always' });
    try {
      const r = srv.client();
      await r.set('k', 'v');
      // Turned on at run time: the AOF starts with a base holding k; the INCRs go to the incr file.
      expect(await r.config('SET', 'appendonly', 'yes')).toBe('OK');
      await r.incr('n');
      await r.incr('n');
      // A command appended behind the server's back proves the data set comes from the files.
      const aofDir = path.join(dir, 'appendonlydir');
      const incr = fs.readdirSync(aofDir).find((f) => f.endsWith('.incr.aof'))!;
      fs.appendFileSync(path.join(aofDir, incr), '*3\r\n$3\r\nSET\r\n$8\r\nfromfile\r\n$1\r\n1\r\n');
      expect(await r.exists('fromfile')).toBe(0);
      expect(await r.call('DEBUG', 'LOADAOF')).toBe('OK');
      expect(await r.get('fromfile')).toBe('1');
      expect(await r.get('k')).toBe('v');
      expect(await r.get('n')).toBe('2');
      expect(await r.dbsize()).toBe(3);
    } finally {
      await srv.close();
    }
  });
});
