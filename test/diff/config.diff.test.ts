/**
 * Differential tests: CONFIG against a real redis-server — CONFIG GET * (every name and default),
 * patterns, and CONFIG SET's validation and error texts for every kind of config (bool, enum,
 * signed/unsigned/percent/octal numbers, memory, strings, the special multi-word ones), its
 * atomicity, duplicates, immutable and protected configs, and CONFIG HELP.
 * Redis orders CONFIG GET replies by its dict's hash: multi-name replies are compared sorted.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it, expect, afterAll } from 'vitest';
import { describeDiff, useDiff } from '../helpers/diff';
import { parseReply } from '../helpers/raw-client';

describeDiff('CONFIG matches redis-server', () => {
  // Both servers work in a scratch dir: the tests set dbfilename and save points, and a save
  // must not land in the repository's working directory.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-config-diff-'));
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
  const d = useDiff({
    redisArgs: ['--enable-protected-configs', 'yes', '--dir', scratch],
    config: { 'enable-protected-configs': 'yes', loglevel: 'warning', logfile: '', dir: scratch },
  });

  it('CONFIG GET * prints the same names and values', async () => {
    const [x, y] = await d.both('CONFIG', 'GET', '*');
    const toMap = (r: string) => {
      const arr = parseReply(r) as string[];
      const m = new Map<string, string>();
      for (let i = 0; i < arr.length; i += 2) m.set(arr[i]!, arr[i + 1]!);
      m.delete('port'); // each server has its own
      return m;
    };
    const ours = toMap(x);
    const theirs = toMap(y);
    expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [k, v] of theirs) expect(ours.get(k), k).toBe(v);
  });

  it('CONFIG GET exact names, hidden configs, patterns, several patterns', async () => {
    await d.same('CONFIG', 'GET', 'maxmemory');
    await d.same('CONFIG', 'GET', 'MAXMEMORY');
    await d.same('CONFIG', 'GET', 'key-load-delay');
    await d.same('CONFIG', 'GET', 'key-load*');
    await d.same('CONFIG', 'GET', 'lua-enable-deprecated-api');
    await d.same('CONFIG', 'SET', 'lua-enable-deprecated-api', 'yes');
    await d.same('CONFIG', 'GET', 'nosuch');
    await d.sameSorted('CONFIG', 'GET', 'maxmemory', 'maxmemory*', 'bind', '*of');
    await d.sameSorted('CONFIG', 'GET', '*ziplist*');
    await d.sameSorted('CONFIG', 'GET', 'MAX*');
    await d.sameSorted('CONFIG', 'GET', 'hash-max-?????-entries');
    await d.sameError('CONFIG', 'GET');
  });

  it('CONFIG GET under RESP3 is a map', async () => {
    await d.both('HELLO', '3');
    await d.same('CONFIG', 'GET', 'maxmemory');
    await d.same('CONFIG', 'GET', 'nosuch');
    await d.reconnect();
  });

  it('CONFIG SET validation, errors and effects', async () => {
    await d.same("config", "set", "maxmemory", "-1");
    await d.same("config", "set", "maxclients", "-1");
    await d.same("config", "set", "maxclients", "100000000");
    await d.same("config", "set", "hash-max-listpack-entries", "-1");
    await d.same("config", "set", "maxmemory-clients", "200%");
    await d.same("config", "set", "maxmemory-clients", "-5");
    await d.same("config", "set", "maxmemory-clients", "5%");
    await d.same("config", "get", "maxmemory-clients");
    await d.same("config", "set", "maxmemory-clients", "0");
    await d.same("config", "set", "unixsocketperm", "1");
    await d.same("config", "set", "hz", "-1");
    await d.same("config", "set", "hz", "1000");
    await d.same("config", "get", "hz");
    await d.same("config", "set", "hz", "0");
    await d.same("config", "get", "hz");
    await d.same("config", "set", "hz", "10");
    await d.same("config", "set", "databases", "3");
    await d.same("config", "set", "dir", "/nonexist");
    await d.same("config", "set", "dbfilename", "x");
    await d.same("config", "set", "foo", "bar");
    await d.same("config", "set", "maxmemory", "1", "maxmemory", "2");
    await d.same("config", "set", "maxmemory", "1", "MAXMEMORY", "2");
    await d.same("config", "set", "hash-max-ziplist-entries", "1", "hash-max-listpack-entries", "2");
    await d.same("config", "get", "hash-max-listpack-entries");
    await d.same("config", "set", "hash-max-listpack-entries", "512");
    await d.same("config", "set", "hash-max-ziplist-entries", "x");
    await d.same("config", "set", "HASH-MAX-ZIPLIST-ENTRIES", "x");
    await d.same("config", "set", "slaveof", "a b");
    await d.same("config", "set", "save", "1 2 3");
    await d.same("config", "set", "save", "0 1");
    await d.same("config", "set", "save", "");
    await d.same("config", "get", "save");
    await d.same("config", "set", "save", "100 10 200 20");
    await d.same("config", "get", "save");
    await d.same("config", "set", "save", "3600 1 300 100 60 10000");
    await d.same("config", "set", "loglevel", "foo");
    await d.same("config", "set", "loglevel", "NOTICE");
    await d.same("config", "set", "shutdown-on-sigint", "save nosave");
    await d.same("config", "set", "shutdown-on-sigint", "save now");
    await d.same("config", "get", "shutdown-on-sigint");
    await d.same("config", "set", "shutdown-on-sigint", "default save");
    await d.same("config", "get", "shutdown-on-sigint");
    await d.same("config", "set", "shutdown-on-sigint", "default");
    await d.same("config", "set", "maxmemory", "1GB");
    await d.same("config", "get", "maxmemory");
    await d.same("config", "set", "maxmemory", "1.5gb");
    await d.same("config", "set", "maxmemory", " 10");
    await d.same("config", "set", "maxmemory", "");
    await d.same("config", "get", "maxmemory");
    await d.same("config", "set", "hz", " 10");
    await d.same("config", "set", "hz", "010");
    await d.same("config", "set", "hz", "+10");
    await d.same("config", "set", "protected-mode", "YES");
    await d.same("config", "set", "protected-mode", "1");
    await d.same("config", "set", "appendfsync", "always", "maxmemory", "x");
    await d.same("config", "get", "appendfsync");
    await d.same("config", "set", "notify-keyspace-events", "KEA");
    await d.same("config", "get", "notify-keyspace-events");
    await d.same("config", "set", "notify-keyspace-events", "Kq");
    await d.same("config", "set", "notify-keyspace-events", "KEx$");
    await d.same("config", "get", "notify-keyspace-events");
    await d.same("config", "set", "notify-keyspace-events", "");
    await d.same("config", "set", "client-output-buffer-limit", "normal 1 2");
    await d.same("config", "set", "client-output-buffer-limit", "master 1 2 3");
    await d.same("config", "set", "client-output-buffer-limit", "replica 1mb 2k 3");
    await d.same("config", "get", "client-output-buffer-limit");
    await d.same("config", "set", "client-output-buffer-limit", "pubsub 1 2 -3");
    await d.same("config", "set", "client-output-buffer-limit", "slave 268435456 67108864 60");
    await d.same("config", "set", "oom-score-adj-values", "1 2");
    await d.same("config", "set", "oom-score-adj-values", "1 2 3000");
    await d.same("config", "set", "oom-score-adj-values", "1 2 x");
    await d.same("config", "set", "oom-score-adj-values", "0 200 800");
    await d.same("config", "set", "latency-tracking-info-percentiles", "50 99.9 100");
    await d.same("config", "get", "latency-tracking-info-percentiles");
    await d.same("config", "set", "latency-tracking-info-percentiles", "101");
    await d.same("config", "set", "latency-tracking-info-percentiles", "abc");
    await d.same("config", "set", "latency-tracking-info-percentiles", "");
    await d.same("config", "get", "latency-tracking-info-percentiles");
    await d.same("config", "set", "latency-tracking-info-percentiles", "50 99 99.9");
    await d.same("config", "set", "oom-score-adj", "relative");
    await d.same("config", "get", "oom-score-adj");
    await d.same("config", "set", "oom-score-adj", "no");
    await d.same("config", "set", "unixsocket", "/tmp/x");
    await d.same("config", "set", "appendfilename", "x");
    await d.same("config", "set", "proc-title-template", "{foo}");
    await d.same("config", "set", "proc-title-template", "{title}");
    await d.same("config", "set", "proc-title-template", "{title} {listen-addr} {server-mode}");
    await d.same("config", "set", "cluster-announce-hostname", "a_b");
    await d.same("config", "set", "maxmemory", "18446744073709551615");
    await d.same("config", "get", "maxmemory");
    await d.same("config", "set", "maxmemory", "18446744073709551616");
    await d.same("config", "set", "maxmemory", "0");
    await d.same("config", "set", "proto-max-bulk-len", "9223372036854775808");
    await d.same("config", "set", "proto-max-bulk-len", "10gb");
    await d.same("config", "get", "proto-max-bulk-len");
    await d.same("config", "set", "proto-max-bulk-len", "512mb");
    await d.same("config", "set", "slowlog-log-slower-than", "-2");
    await d.same("config", "set", "slowlog-max-len", "-1");
    await d.same("config", "set", "list-max-listpack-size", "-3");
    await d.same("config", "get", "list-max-ziplist-size");
    await d.same("config", "set", "list-max-listpack-size", "-2");
    await d.same("config", "set", "repl-backlog-size", "0");
    await d.same("config", "set", "active-defrag-ignore-bytes", "0");
    await d.same("config", "set", "activedefrag", "yes");
    await d.sameSorted("config", "get", "lua*");
    await d.sameSorted("config", "get", "*max*entries*", "hash*");
    await d.same("config", "get");
    await d.same("config", "set");
    await d.same("config", "set", "maxmemory");
    await d.same("config", "set", "maxmemory", "1", "hz");
    await d.same("config", "get", "xyz");
    await d.same("config", "get", "rdb-key-save-delay");
    await d.sameSorted("config", "get", "rdb-key*");
    await d.sameSorted("config", "get", "[lm]ax*");
    await d.sameSorted("config", "get", "a?", "appendonly", "APPENDONLY");
    await d.same("config", "help");
    await d.same("config", "foo");
    await d.same("config", "resetstat", "x");
    await d.same("config", "set", "requirepass", "", "masterauth", "");
    await d.same("config", "set", "tracking-table-max-keys", "10");
    await d.same("config", "get", "tracking-table-max-keys");
    await d.same("config", "set", "tracking-table-max-keys", "1000000");
    await d.same("config", "set", "daemonize", "yes", "foo", "bar");
    await d.same("config", "set", "foo", "bar", "daemonize", "yes");
    await d.same("config", "set", "hz", "11", "daemonize", "yes", "hz", "12");
    await d.same("config", "get", "hz");
    await d.same("config", "set", "hz", "11", "hz", "12", "daemonize", "yes");
    await d.same("config", "set", "hz", "10");
    await d.same("config", "set", "lua-time-limit", "100");
    await d.same("config", "get", "busy-reply-threshold");
    await d.same("config", "set", "lua-time-limit", "5000");
    await d.same("config", "set", "aof-use-rdb-preamble", "maybe");
    await d.same("config", "set", "sanitize-dump-payload", "x");
    await d.same("config", "set", "acl-pubsub-default", "allchannels");
    await d.same("config", "get", "acl-pubsub-default");
    await d.same("config", "set", "acl-pubsub-default", "resetchannels");
    await d.same("config", "set", "tls-protocols", "TLSv1.2");
    await d.same("config", "get", "tls-protocols");
    await d.same("config", "set", "tls-protocols", "");
  });

  it('CONFIG SET dir', async () => {
    const original = (parseReply((await d.both('CONFIG', 'GET', 'dir'))[0]) as string[])[1]!;
    await d.same('CONFIG', 'SET', 'dir', '/nonexistent-respite-dir');
    await d.same('CONFIG', 'SET', 'dir', '/tmp');
    await d.same('CONFIG', 'GET', 'dir');
    await d.same('CONFIG', 'SET', 'dir', original);
    expect(process.cwd()).toBe(original);
  });

  it('CONFIG REWRITE without a config file, RESETSTAT, HELP', async () => {
    await d.same('CONFIG', 'REWRITE');
    await d.same('CONFIG', 'RESETSTAT');
    await d.same('CONFIG', 'HELP');
    await d.sameError('CONFIG', 'REWRITE', 'x');
    await d.sameError('CONFIG', 'NOSUCH');
  });
});
