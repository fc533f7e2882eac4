/**
 * test/meta/registry.test.ts — the registry is the source of COMMAND's replies, so every spec
 * must match real `COMMAND INFO`: name, arity, flags, first/last key, step and ACL categories,
 * for each command and each of its subcommands (the ioredis/commands cross-check).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Server } from '../../src/server';
import { RawClient, parseReply } from '../helpers/raw-client';
import { startRealRedis, type RealRedis } from '../helpers/real-redis';
import { hasRealRedis } from '../helpers/diff';

type Entry = [string, number, string[], number, number, number, string[], string[], unknown[], Entry[]];

const server = new Server({ config: { port: 0, bind: '127.0.0.1', save: '' } });
const names = server.registry.all.map((c) => c.name);

function summary(e: Entry): unknown {
  return { name: e[0], arity: e[1], flags: e[2], first: e[3], last: e[4], step: e[5], acl: e[6] };
}

describe('registry basics', () => {
  it('names are lower case and unique; subcommand names are container|sub', () => {
    expect(new Set(names).size).toBe(names.length);
    for (const c of server.registry.all) {
      expect(c.name).toBe(c.name.toLowerCase());
      for (const s of c.subcommands?.values() ?? []) expect(s.fullName).toBe(`${c.name}|${s.name}`);
    }
  });
});

(hasRealRedis ? describe : describe.skip)('registry matches real COMMAND INFO', () => {
  let real: RealRedis | null = null;
  let theirs: RawClient;
  let ours: RawClient;
  const oursServer = new Server({ config: { port: 0, bind: '127.0.0.1', save: '' } });
  beforeAll(async () => {
    real = await startRealRedis();
    await oursServer.listen();
    ours = await RawClient.connect(oursServer.port);
    theirs = await RawClient.connect(real!.port);
  });
  afterAll(async () => {
    ours?.close();
    theirs?.close();
    await oursServer.close();
    await real?.stop();
  });

  it.each(names)('%s', async (name) => {
    const [o] = parseReply(await ours.call('COMMAND', 'INFO', name)) as Entry[];
    const [t] = parseReply(await theirs.call('COMMAND', 'INFO', name)) as (Entry | null)[];
    expect(t, `${name} is not a Redis 7.0 command`).not.toBe(null);
    expect(summary(o!)).toEqual(summary(t!));
    const theirSubs = new Map((t![9] ?? []).map((s) => [s[0], s]));
    for (const s of o![9] ?? []) {
      const ts = theirSubs.get(s[0]);
      expect(ts, `${s[0]} is not a Redis 7.0 subcommand`).toBeDefined();
      expect(summary(s)).toEqual(summary(ts!));
    }
  });
});
