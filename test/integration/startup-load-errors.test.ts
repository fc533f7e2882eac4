/**
 * node dist/cli.js refuses a dataset it cannot load at start-up with Redis's log lines (not as a
 * listen-socket failure) and exit status 1: a dump.rdb with a bad checksum, cut short, or with a
 * wrong signature; an AOF with a bad format, an unknown command, or a torn tail under
 * aof-load-truncated no. Ports 7220-7229 (STARTUP_ERR_PORT moves the base).
 */
import { afterAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { Server } from '../../src/server';
import { RawClient } from '../helpers/raw-client';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const hasDist = fs.existsSync(CLI);
const P = Number(process.env.STARTUP_ERR_PORT ?? 7220);
const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-startup-err-'));
afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));

/** Runs the CLI on `dir` until it exits (at most 15 s); returns its status and log text. */
function runCli(dir: string, port: number, args: string[] = []): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [CLI, '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--maxmemory', '256mb', ...args], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Logs are silenced under NODE_ENV=test: the CLI runs as it would in production.
      env: { ...process.env, NODE_ENV: 'production', RESPITE_LOGLEVEL: 'warning' },
    });
    let out = '';
    proc.stdout!.on('data', (d) => (out += d));
    proc.stderr!.on('data', (d) => (out += d));
    const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    proc.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

/** A valid dump.rdb of a few hundred keys, written by respite itself. */
async function goodRdb(): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(tmpRoot, 'good-'));
  const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '', dir } });
  await server.listen();
  const c = await RawClient.connect(server.port);
  for (let i = 0; i < 300; i++) await c.call('SET', `k${i}`, `value-${i}`);
  expect(await c.call('SAVE')).toBe('+OK\r\n');
  c.close();
  await server.close();
  return fs.readFileSync(path.join(dir, 'dump.rdb'));
}

function dirWith(name: string, files: Record<string, Buffer | string>): string {
  const d = path.join(tmpRoot, name);
  for (const [f, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, f)), { recursive: true });
    fs.writeFileSync(path.join(d, f), data);
  }
  return d;
}

const MANIFEST = 'file appendonly.aof.1.incr.aof seq 1 type i\n';

(hasDist ? describe : describe.skip)('start-up load failures of node dist/cli.js', () => {
  it('a corrupt dump.rdb is logged with Redis\'s wording and exits 1', async () => {
    const good = await goodRdb();
    const crc = Buffer.from(good);
    crc[200]! ^= 0xff;
    const cases: [string, Buffer, RegExp[]][] = [
      ['crc', crc, [/Wrong RDB checksum expected: \([0-9a-f]+\) but got \([0-9a-f]+\)\. Aborting now\./, /-> RDB CRC error/, /Terminating server after rdb file reading failure\./]],
      ['short', good.subarray(0, good.length >> 1), [/Short read or OOM loading DB\. Unrecoverable error, aborting now\./, /Unexpected EOF reading RDB file/]],
      ['sig', Buffer.concat([Buffer.from('RODIS'), good.subarray(5)]), [/Wrong signature trying to load DB from file/, /Fatal error loading the DB: Invalid argument\. Exiting\./]],
    ];
    for (const [name, data, patterns] of cases) {
      const { code, out } = await runCli(dirWith(`rdb-${name}`, { 'dump.rdb': data }), P);
      expect(code, out).toBe(1);
      for (const p of patterns) expect(out, name).toMatch(p);
      expect(out).not.toMatch(/listening socket/);
    }
  });

  it('a corrupt AOF is logged with Redis\'s wording and exits 1', async () => {
    const set = '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n';
    const cases: [string, string, string[], RegExp][] = [
      ['format', set + 'garbage\r\n', [], /Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof/],
      ['unknown', set + '*1\r\n$7\r\nNOTACMD\r\n', [], /Unknown command 'NOTACMD' reading the append only file appendonly\.aof\.1\.incr\.aof/],
      ['torn', set + '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nab', ['--aof-load-truncated', 'no'], /Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof/],
    ];
    for (const [name, incr, extra, pattern] of cases) {
      const d = dirWith(`aof-${name}`, { 'appendonlydir/appendonly.aof.manifest': MANIFEST, 'appendonlydir/appendonly.aof.1.incr.aof': incr });
      const { code, out } = await runCli(d, P + 1, ['--appendonly', 'yes', ...extra]);
      expect(code, out).toBe(1);
      expect(out, name).toMatch(pattern);
      expect(out).not.toMatch(/listening socket/);
    }
  });
});
