/**
 * redis-cli's modes driven against respite through redis-cli itself: interactive (stdin from a
 * pipe, with `help` hints), --stat, --bigkeys, --memkeys, --scan --pattern, --latency,
 * --latency-history, --pipe, -r/-i, --csv, -3, --user/--pass. Modes that only print to a
 * terminal run under `script` (a pty), bounded by `timeout`. Skipped with a note when redis-cli
 * is not installed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawn, spawnSync } from 'node:child_process';
import { startTestServer, type TestServer } from '../helpers/start-server';

const hasCli = spawnSync('redis-cli', ['--version']).status === 0;
const hasScript = spawnSync('script', ['--version']).status === 0;
const hasTimeout = spawnSync('timeout', ['--version']).status === 0;
if (!hasCli) console.log('redis-cli not installed: redis-cli mode tests skipped');

let ts: TestServer;

/** Runs redis-cli (async: the server lives in this process) and returns stdout. */
function cli(args: string[], input?: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn('redis-cli', ['-p', String(ts.port), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    p.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', reject);
    p.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    p.stdin.end(input ?? '');
  });
}

/** Runs redis-cli under a pty for `seconds`, for the modes that refresh a terminal. */
function cliPty(args: string[], seconds: number): Promise<string> {
  const cmd = `timeout ${seconds} redis-cli -p ${ts.port} ${args.join(' ')}`;
  return new Promise((resolve) => {
    execFile('script', ['-qc', cmd, '/dev/null'], { timeout: (seconds + 5) * 1000 }, (_e, stdout) => resolve(String(stdout)));
  });
}

describe.skipIf(!hasCli)('redis-cli modes against respite', () => {
  beforeAll(async () => {
    ts = await startTestServer();
    const r = ts.client();
    for (let i = 1; i <= 40; i++) await r.set(`key:${i}`, 'v'.repeat(i));
    await r.rpush('biglist', 'a', 'b', 'c', 'd', 'e', 'f');
    await r.hset('h', 'f1', 'v1', 'f2', 'v2');
    await r.sadd('s', 'x', 'y', 'z');
    await r.zadd('z', 1, 'a', 2, 'b');
  });
  afterAll(async () => {
    await ts?.close();
  });

  it('interactive mode with stdin from a pipe, including help hints', async () => {
    const out = await cli([], 'set foo bar\nget foo\nhelp set\nping\nnosuchcmd\n');
    const lines = out.split('\n');
    expect(lines[0]).toBe('OK');
    expect(lines[1]).toBe('bar');
    expect(out).toMatch(/summary:.*Set the string value of a key/);
    expect(out).toMatch(/group:.*string/);
    expect(out).toMatch(/\nPONG\n/);
    expect(out).toMatch(/ERR unknown command 'nosuchcmd'/);
  });

  it('--bigkeys and --memkeys', async () => {
    const big = await cli(['--bigkeys']);
    expect(big).toMatch(/Biggest string found '"key:40"' has 40 bytes/);
    expect(big).toMatch(/Biggest\s+list found '"biglist"' has 6 items/);
    expect(big).toMatch(/Biggest\s+hash found '"h"' has 2 fields/);
    expect(big).toMatch(/Biggest\s+zset found '"z"' has 2 members/);
    expect(big).toMatch(/\d+ strings with \d+ bytes/);
    expect(big).toMatch(/1 sets with 3 members/);
    const mem = await cli(['--memkeys']);
    expect(mem).toMatch(/Biggest string found '"key:\d+"' has \d+ bytes/);
    expect(mem).toMatch(/1 lists with \d+ bytes/);
  });

  it('--scan --pattern', async () => {
    const out = await cli(['--scan', '--pattern', 'key:1*']);
    const keys = out.trim().split('\n').sort();
    expect(keys).toEqual(['key:1', 'key:10', 'key:11', 'key:12', 'key:13', 'key:14', 'key:15', 'key:16', 'key:17', 'key:18', 'key:19']);
  });

  it('--pipe', async () => {
    const out = await cli(['--pipe'], 'SET p1 a\r\nSET p2 b\r\nINCR pc\r\nINCR pc\r\n');
    expect(out).toMatch(/errors: 0, replies: 4/);
    expect(await ts.client().get('pc')).toBe('2');
  });

  it('-r / -i repeat, --csv and -3', async () => {
    expect(await cli(['-r', '3', '-i', '0.05', 'incr', 'rep'])).toBe('1\n2\n3\n');
    expect(await cli(['--csv', 'lrange', 'biglist', '0', '-1'])).toBe('"a","b","c","d","e","f"\n');
    expect(await cli(['--csv', 'hgetall', 'h'])).toBe('"f1","v1","f2","v2"\n');
    expect(await cli(['-3', 'hgetall', 'h'])).toBe('f1 v1\nf2 v2\n');
    expect(await cli(['-3', 'hello', '3'])).toMatch(/^server redis\nversion 7\.0\.15\nproto 3\n/);
  });

  it('--latency prints min/max/avg (raw output exits after one interval)', async () => {
    const out = await cli(['--latency', '--raw', '-i', '0.3']);
    expect(out).toMatch(/^\d+ \d+ \d+\.\d\d \d+\n$/);
  });

  it.skipIf(!hasScript || !hasTimeout)('--stat and --latency-history in a terminal', async () => {
    const stat = await cliPty(['--stat', '-i', '0.5'], 2);
    expect(stat).toMatch(/------- data ------ --------------------- load --------------------/);
    expect(stat).toMatch(/[\r\n]\d+\s+\d+(\.\d+)?[KMG]?\s+\d+\s+\d+\s+\d+ \(\+\d+\)/);
    const hist = await cliPty(['--latency-history', '-i', '1'], 2.5);
    expect(hist).toMatch(/min: \d+, max: \d+, avg: \d+\.\d\d \(\d+ samples\)/);
  });

  it('--user / --pass against an ACL user', async () => {
    const admin = ts.client();
    await admin.call('ACL', 'SETUSER', 'cliuser', 'on', '>clipw', '+get', '+ping', '~key:*');
    expect(await cli(['--user', 'cliuser', '--pass', 'clipw', '--no-auth-warning', 'get', 'key:2'])).toBe('vv\n');
    expect(await cli(['--user', 'cliuser', '--pass', 'clipw', '--no-auth-warning', 'set', 'key:2', 'x'])).toMatch(
      /NOPERM this user has no permissions to run the 'set' command/,
    );
    expect(await cli(['--user', 'cliuser', '--pass', 'bad', '--no-auth-warning', 'ping'])).toMatch(/WRONGPASS/);
  });
});
