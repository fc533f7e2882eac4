/**
 * ACL over real sockets: the acceptance case with ioredis, ACL SAVE/LOAD with an aclfile,
 * disconnection of a deleted user's clients, `user` directives of the config file and CONFIG
 * REWRITE writing them back.
 */
import { describe, it, expect, afterEach } from 'vitest';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/start-server';
import { Server } from '../../src/server';
import { loadConfigFromArgs } from '../../src/config-file';

let ts: TestServer | null = null;
let extra: Server | null = null;
afterEach(async () => {
  await ts?.close();
  ts = null;
  await extra?.close();
  extra = null;
});

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'respite-acl-'));
}

async function closed(r: { status: string; once: (e: string, f: () => void) => void }): Promise<void> {
  if (r.status === 'end' || r.status === 'close') return;
  await new Promise<void>((resolve) => r.once('end', resolve));
}

describe('ACL over sockets', () => {
  it('a user allowed +@read ~app:* can GET app:1 and cannot SET it or GET other:1', async () => {
    ts = await startTestServer();
    const admin = ts.client();
    await admin.set('app:1', 'hello');
    await admin.set('other:1', 'x');
    expect(await admin.call('ACL', 'SETUSER', 'reader', 'on', '>s3cret', '+@read', '~app:*')).toBe('OK');
    const u = ts.client({ username: 'reader', password: 's3cret' });
    expect(await u.get('app:1')).toBe('hello');
    await expect(u.set('app:1', 'y')).rejects.toThrow("NOPERM this user has no permissions to run the 'set' command");
    await expect(u.get('other:1')).rejects.toThrow('NOPERM this user has no permissions to access one of the keys used as arguments');
    expect(await u.call('ACL', 'WHOAMI').catch((e: Error) => e.message)).toMatch(/NOPERM.*acl\|whoami/);
    const bad = ts.client({ enableReadyCheck: false });
    await expect(bad.call('AUTH', 'reader', 'nope')).rejects.toThrow('WRONGPASS invalid username-password pair or user is disabled.');
    const log = (await admin.call('ACL', 'LOG')) as unknown[][];
    // (ioredis may add its own denied commands, e.g. the INFO of its ready check.)
    const reasons = log.map((e) => `${e[3]}:${e[7]}`);
    expect(reasons[0]).toBe('auth:AUTH');
    expect(reasons).toContain('key:other:1');
    expect(reasons).toContain('command:set');
    expect(reasons).toContain('command:acl|whoami');
    expect(String(log.find((e) => e[3] === 'key')![13])).toMatch(/user=reader/);
  });

  it('deleting a user disconnects its clients; the default user stays', async () => {
    ts = await startTestServer();
    const admin = ts.client();
    await admin.call('ACL', 'SETUSER', 'tmp', 'on', 'nopass', '+@all', '~*');
    const u = ts.client({ username: 'tmp', password: 'x' });
    expect(await u.ping()).toBe('PONG');
    const gone = closed(u);
    expect(await admin.call('ACL', 'DELUSER', 'tmp')).toBe(1);
    await gone;
    expect(await admin.ping()).toBe('PONG');
  });

  it('ACL SAVE and ACL LOAD round trip through the aclfile', async () => {
    const dir = tmpdir();
    const file = path.join(dir, 'users.acl');
    fs.writeFileSync(file, 'user default on nopass ~* &* +@all\nuser alice on #' + 'a'.repeat(64) + ' ~k* resetchannels -@all +get\n');
    ts = await startTestServer({ aclfile: file });
    const admin = ts.client();
    expect(await admin.call('ACL', 'USERS')).toEqual(['alice', 'default']);
    await admin.call('ACL', 'SETUSER', 'bob', 'on', '>pw', '+@string', '-set', '%R~r:*', '(+ping ~x)');
    const before = (await admin.call('ACL', 'LIST')) as string[];
    expect(await admin.call('ACL', 'SAVE')).toBe('OK');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toBe(before.map((l) => l + '\n').join(''));
    await admin.call('ACL', 'DELUSER', 'bob', 'alice');
    await admin.call('ACL', 'SETUSER', 'carol', 'on');
    const bobClient = ts.client({ username: 'carol', password: 'any', lazyConnect: true });
    await admin.call('ACL', 'SETUSER', 'carol', 'nopass', '+@all');
    await bobClient.connect();
    const dropped = closed(bobClient);
    expect(await admin.call('ACL', 'LOAD')).toBe('OK');
    await dropped;
    expect(await admin.call('ACL', 'LIST')).toEqual(before);
    // A broken file changes nothing and reports every problem.
    fs.writeFileSync(file, 'user x on +nosuch\nnot a user line\n');
    await expect(admin.call('ACL', 'LOAD')).rejects.toThrow(
      `${file}:1: Error in applying operation '+nosuch': Unknown command or category name in ACL. ${file}:2 should start with user keyword followed by the username. WARNING: ACL errors detected, no change to the previously active ACL rules was performed`,
    );
    expect(await admin.call('ACL', 'LIST')).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('user directives of the config file, requirepass, and CONFIG REWRITE', async () => {
    const dir = tmpdir();
    const conf = path.join(dir, 'redis.conf');
    fs.writeFileSync(conf, 'port 0\nbind 127.0.0.1\nsave ""\nuser worker on >pw ~jobs:* +@list +ping\nuser default on nopass ~* &* +@all\n');
    const loaded = loadConfigFromArgs([conf]);
    extra = new Server({ configObject: loaded.config, configFile: loaded.file });
    await extra.listen();
    ts = null;
    const Redis = (await import('ioredis')).default;
    const w = new Redis({ port: extra.port, username: 'worker', password: 'pw', maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      expect(await w.lpush('jobs:1', 'a')).toBe(1);
      await expect(w.lpush('other', 'a')).rejects.toThrow(/NOPERM/);
      const admin = new Redis({ port: extra.port, maxRetriesPerRequest: 0, retryStrategy: () => null });
      try {
        await admin.call('ACL', 'SETUSER', 'worker', '+get');
        expect(await admin.call('CONFIG', 'REWRITE')).toBe('OK');
        const text = fs.readFileSync(conf, 'utf8');
        const worker = text.split('\n').find((l) => l.startsWith('user worker '))!;
        expect(worker.split(' ').sort()).toEqual(
          ['user', 'worker', 'on', `#${'x'}`, '~jobs:*', 'resetchannels', '-@all', '+@list', '+ping', '+get'].map((x) => (x === '#x' ? worker.split(' ')[3]! : x)).sort(),
        );
        // A `user default` directive resets the user first (which sets sanitize-payload), as Redis.
        expect(text).toMatch(/^user default on nopass sanitize-payload ~\* &\* \+@all$/m);
      } finally {
        admin.disconnect();
      }
    } finally {
      w.disconnect();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('requirepass: NOAUTH until AUTH, and HELLO AUTH', async () => {
    ts = await startTestServer({ requirepass: 'topsecret' });
    const anon = ts.client({ enableReadyCheck: false });
    await expect(anon.get('x')).rejects.toThrow('NOAUTH Authentication required.');
    expect(await anon.call('AUTH', 'topsecret')).toBe('OK');
    expect(await anon.get('x')).toBeNull();
    const h = ts.client({ enableReadyCheck: false });
    const hello = (await h.call('HELLO', '2', 'AUTH', 'default', 'topsecret')) as unknown[];
    expect(hello).toBeTruthy();
    expect(await h.call('ACL', 'WHOAMI')).toBe('default');
  });
});
