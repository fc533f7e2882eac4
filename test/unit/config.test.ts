/**
 * Unit tests for the config table (src/config.ts) and redis.conf handling (src/config-file.ts):
 * value syntax, bounds and their error texts, special configs, file parsing (quoting, include,
 * multi-arg directives, rename-command, user), command-line arguments and CONFIG REWRITE text.
 */
import { describe, it, expect, afterEach } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Config, CONFIG_TABLE, memtoull, parseMemory, formatMemory, quoteRepr, ConfigSetError, parseObufLimits } from '../../src/config';
import { applyConfigText, argsToOptions, loadConfigFromArgs, rewriteConfigText, ConfigFileError } from '../../src/config-file';

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'respite-config-'));
  tmpDirs.push(d);
  return d;
}
afterEach(() => {
  while (tmpDirs.length) fs.rmSync(tmpDirs.pop()!, { recursive: true, force: true });
});

function setErr(c: Config, name: string, value: string): string {
  try {
    c.set(name, value);
  } catch (e) {
    return (e as Error).message;
  }
  return 'OK';
}

describe('table', () => {
  it('has unique names and aliases', () => {
    const seen = new Set<string>();
    for (const s of CONFIG_TABLE) {
      for (const n of s.alias ? [s.name, s.alias] : [s.name]) {
        expect(seen.has(n), n).toBe(false);
        seen.add(n);
      }
    }
    // The 192 names CONFIG GET * prints (configs and aliases) + the 6 hidden configs.
    expect(seen.size).toBe(198);
    expect(CONFIG_TABLE.filter((s) => s.hidden).length).toBe(6);
  });

  it('every default parses back to itself', () => {
    const c = new Config();
    for (const s of CONFIG_TABLE) {
      if (s.name === 'dir') continue;
      expect(c.get(s.name), s.name).toBe(s.default);
      if (s.name === 'replicaof') continue; // only the file can set it ("no one")
      c.set(s.name, c.get(s.name));
      expect(c.get(s.name), s.name).toBe(s.default);
    }
  });

  it('marks immutable and protected configs as Redis does', () => {
    const c = new Config();
    expect(c.spec('daemonize')!.mutable).toBe(false);
    expect(c.spec('databases')!.mutable).toBe(false);
    expect(c.spec('slaveof')!.mutable).toBe(false);
    expect(c.spec('dir')!.protected).toBe(true);
    expect(c.spec('dbfilename')!.protected).toBe(true);
    expect(c.spec('maxmemory')!.protected).toBeFalsy();
    expect(c.spec('key-load-delay')!.hidden).toBe(true);
  });

  it('aliases share the value of their primary name', () => {
    const c = new Config();
    c.set('hash-max-ziplist-entries', '7');
    expect(c.num('hash-max-listpack-entries')).toBe(7);
    expect(c.get('HASH-MAX-ZIPLIST-ENTRIES')).toBe('7');
    c.set('lua-time-limit', '100');
    expect(c.num('busy-reply-threshold')).toBe(100);
  });
});

describe('value syntax', () => {
  it('memory units (memtoull)', () => {
    expect(parseMemory('1k')).toBe(1000);
    expect(parseMemory('1kb')).toBe(1024);
    expect(parseMemory('1KB')).toBe(1024);
    expect(parseMemory('2m')).toBe(2_000_000);
    expect(parseMemory('2mb')).toBe(2 * 1024 * 1024);
    expect(parseMemory('1g')).toBe(1e9);
    expect(parseMemory('1gb')).toBe(1024 ** 3);
    expect(parseMemory('10b')).toBe(10);
    expect(parseMemory('')).toBe(0);
    expect(parseMemory('-1')).toBeNull();
    expect(parseMemory(' 1')).toBeNull();
    expect(parseMemory('1.5gb')).toBeNull();
    expect(parseMemory('1tb')).toBeNull();
    expect(memtoull('18446744073709551615')).toBe(18446744073709551615n);
  });

  it('memory values print as byte counts, rewrite with units', () => {
    const c = new Config();
    c.set('maxmemory', '1gb');
    expect(c.get('maxmemory')).toBe('1073741824');
    expect(formatMemory(1073741824)).toBe('1gb');
    expect(formatMemory(3 * 1024 * 1024)).toBe('3mb');
    expect(formatMemory(2048)).toBe('2kb');
    expect(formatMemory(1000)).toBe('1000');
    expect(formatMemory(0)).toBe('0');
    c.set('maxmemory', '18446744073709551615');
    expect(c.get('maxmemory')).toBe('18446744073709551615');
  });

  it('bools are yes/no in any case', () => {
    const c = new Config();
    c.set('protected-mode', 'NO');
    expect(c.bool('protected-mode')).toBe(false);
    expect(c.get('protected-mode')).toBe('no');
    expect(setErr(c, 'protected-mode', '1')).toBe("argument must be 'yes' or 'no'");
    expect(setErr(c, 'protected-mode', 'true')).toBe("argument must be 'yes' or 'no'");
  });

  it('enums, including multi-word bit flags', () => {
    const c = new Config();
    c.set('loglevel', 'WARNING');
    expect(c.get('loglevel')).toBe('warning');
    expect(setErr(c, 'loglevel', 'nothing')).toBe('argument(s) must be one of the following: debug, verbose, notice, warning');
    expect(setErr(c, 'loglevel', 'debug notice')).toBe('argument(s) must be one of the following: debug, verbose, notice, warning');
    c.set('oom-score-adj', 'relative');
    expect(c.get('oom-score-adj')).toBe('yes');
    c.set('shutdown-on-sigterm', 'now save');
    expect(c.get('shutdown-on-sigterm')).toBe('save now');
    c.set('shutdown-on-sigterm', 'default force');
    expect(c.get('shutdown-on-sigterm')).toBe('force');
    expect(setErr(c, 'shutdown-on-sigterm', 'save nosave')).toBe("shutdown options SAVE and NOSAVE can't be used simultaneously");
  });

  it('integer parsing is strict (string2ll)', () => {
    const c = new Config();
    for (const bad of ['', ' 10', '10 ', '+10', '010', '1e3', '10abc', '0x10']) {
      expect(setErr(c, 'hz', bad), bad).toBe("argument couldn't be parsed into an integer");
    }
    expect(setErr(c, 'maxmemory', 'abc')).toBe('argument must be a memory value');
  });

  it('bounds: signed, unsigned (wrapped), percent, octal', () => {
    const c = new Config();
    expect(setErr(c, 'hz', '-1')).toBe('argument must be between 0 and 2147483647 inclusive');
    expect(setErr(c, 'maxclients', '-1')).toBe('argument must be between 1 and 4294967295 inclusive');
    expect(setErr(c, 'hash-max-listpack-entries', '-1')).toBe('argument must be between 0 and 9223372036854775807 inclusive');
    expect(setErr(c, 'slowlog-log-slower-than', '-2')).toBe('argument must be between -1 and 9223372036854775807 inclusive');
    expect(setErr(c, 'proto-max-bulk-len', '1000')).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(setErr(c, 'proto-max-bulk-len', '9223372036854775808')).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(setErr(c, 'maxmemory-clients', '200%')).toBe('percentage argument must be less or equal to 100');
    expect(setErr(c, 'maxmemory-clients', '-5')).toBe('argument must be a memory or percent value');
    c.set('maxmemory-clients', '5%');
    expect(c.get('maxmemory-clients')).toBe('5%');
    expect(c.num('maxmemory-clients')).toBe(-5);
    c.set('unixsocketperm', '700');
    expect(c.num('unixsocketperm')).toBe(0o700);
    expect(c.get('unixsocketperm')).toBe('700');
    expect(setErr(c, 'unixsocketperm', '1000')).toBe('argument must be between 0 and 777 inclusive');
    expect(setErr(c, 'unixsocketperm', '9')).toBe("argument couldn't be parsed as an octal number");
  });

  it('hz is clamped to 1..500 like updateHZ', () => {
    const c = new Config();
    c.set('hz', '1000');
    expect(c.get('hz')).toBe('500');
    c.set('hz', '0');
    expect(c.get('hz')).toBe('1');
  });

  it('string validators', () => {
    const c = new Config();
    expect(setErr(c, 'dbfilename', 'a/b')).toBe("dbfilename can't be a path, just a filename");
    expect(setErr(c, 'proc-title-template', '{foo}')).toBe('template format is invalid or contains unknown variables');
    expect(setErr(c, 'cluster-announce-hostname', 'a_b')).toBe('Hostnames may only contain alphanumeric characters, hyphens or dots');
    c.set('requirepass', 'secret');
    expect(c.str('requirepass')).toBe('secret');
  });

  it('quoteRepr escapes like sdscatrepr', () => {
    expect(quoteRepr('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(quoteRepr('x\n\r\t\x07\x08\x01')).toBe('"x\\n\\r\\t\\a\\b\\x01"');
  });
});

describe('special configs', () => {
  it('save', () => {
    const c = new Config();
    expect(c.get('save')).toBe('3600 1 300 100 60 10000');
    c.set('save', '');
    expect(c.get('save')).toBe('');
    c.set('save', '100 10 200 20');
    expect(c.get('save')).toBe('100 10 200 20');
    expect(setErr(c, 'save', '100 10 200')).toBe('Invalid save parameters');
    expect(setErr(c, 'save', '0 1')).toBe('Invalid save parameters');
    expect(setErr(c, 'save', '1 -1')).toBe('Invalid save parameters');
    expect(setErr(c, 'save', 'a 1')).toBe('Invalid save parameters');
    expect(c.get('save')).toBe('100 10 200 20');
  });

  it('client-output-buffer-limit merges classes', () => {
    const c = new Config();
    c.set('client-output-buffer-limit', 'replica 1mb 2k 3');
    expect(c.get('client-output-buffer-limit')).toBe('normal 0 0 0 slave 1048576 2000 3 pubsub 33554432 8388608 60');
    expect(parseObufLimits(c.str('client-output-buffer-limit')).replica).toEqual({ hard: 1048576, soft: 2000, softSeconds: 3 });
    expect(setErr(c, 'client-output-buffer-limit', 'normal 1 2')).toBe('Wrong number of arguments in buffer limit configuration.');
    expect(setErr(c, 'client-output-buffer-limit', 'master 1 2 3')).toBe('Invalid client class specified in buffer limit configuration.');
    expect(setErr(c, 'client-output-buffer-limit', 'pubsub 1 2 -3')).toBe('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
  });

  it('notify-keyspace-events, bind, oom values, percentiles', () => {
    const c = new Config();
    c.set('notify-keyspace-events', 'KEA');
    expect(c.get('notify-keyspace-events')).toBe('AKE');
    expect(setErr(c, 'notify-keyspace-events', 'Kq')).toBe("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    c.set('bind', '127.0.0.1 -::1');
    expect(c.get('bind')).toBe('127.0.0.1 -::1');
    expect(setErr(c, 'bind', Array(17).fill('127.0.0.1').join(' '))).toBe('Too many bind addresses specified.');
    expect(setErr(c, 'oom-score-adj-values', '1 2')).toBe('wrong number of arguments');
    expect(setErr(c, 'oom-score-adj-values', '1 2 3000')).toBe('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
    c.set('latency-tracking-info-percentiles', '50 99.9 100');
    expect(c.get('latency-tracking-info-percentiles')).toBe('50 99.9 100');
    expect(setErr(c, 'latency-tracking-info-percentiles', '101')).toBe('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
  });

  it('replicaof from the file', () => {
    const c = new Config();
    applyConfigText(c, 'slaveof 127.0.0.1 6380');
    expect(c.get('replicaof')).toBe('127.0.0.1 6380');
    expect(c.get('slaveof')).toBe('127.0.0.1 6380');
    expect(() => applyConfigText(c, 'replicaof h 70000')).toThrow(/Invalid master port/);
    applyConfigText(c, 'replicaof no one');
    expect(c.get('replicaof')).toBe('');
  });
});

describe('setMany (CONFIG SET atomicity)', () => {
  it('changes nothing when one value is invalid', () => {
    const c = new Config();
    try {
      c.setMany([['maxmemory', '100'], ['maxmemory-clients', '200%']]);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigSetError);
      expect((e as ConfigSetError).configName).toBe('maxmemory-clients');
    }
    expect(c.get('maxmemory')).toBe('0');
  });

  it('names the alias when set through it', () => {
    const c = new Config();
    try {
      c.setMany([['HASH-MAX-ZIPLIST-ENTRIES', 'x']]);
    } catch (e) {
      expect((e as ConfigSetError).configName).toBe('hash-max-ziplist-entries');
    }
  });

  it('rolls back every value when a listener (apply) fails', () => {
    const c = new Config();
    const seen: unknown[] = [];
    c.onChange('maxmemory', (v) => seen.push(v));
    c.onChange('port', (v) => {
      if (v === 1234) throw new Error('Unable to listen on this port. Check server logs.');
    });
    expect(() => c.setMany([['maxmemory', '100'], ['port', '1234'], ['hz', '50']])).toThrow('Unable to listen');
    expect(c.get('maxmemory')).toBe('0');
    expect(c.get('port')).toBe('6379');
    expect(c.get('hz')).toBe('10');
    // the listener saw the new value, then the restored one
    expect(seen).toEqual([0, 100, 0]);
  });

  it('fires listeners only on change', () => {
    const c = new Config();
    let n = 0;
    c.onChange('timeout', () => n++);
    c.set('timeout', '0');
    c.set('timeout', '5');
    expect(n).toBe(2);
  });
});

describe('redis.conf parsing', () => {
  const fatal = (text: string): string => {
    try {
      applyConfigText(new Config(), text);
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigFileError);
      return (e as Error).message;
    }
    return 'OK';
  };

  it('directives, comments, quoting, case', () => {
    const c = new Config();
    applyConfigText(c, '# comment\n\n  PORT 7000  \r\nrequirepass "a b\\"c"\nmasterauth \'x y\'\nmaxmemory 1gb\n');
    expect(c.num('port')).toBe(7000);
    expect(c.str('requirepass')).toBe('a b"c');
    expect(c.str('masterauth')).toBe('x y');
    expect(c.num('maxmemory')).toBe(1024 ** 3);
  });

  it('save lines accumulate; save "" resets', () => {
    const c = new Config();
    const st = { saveLoaded: false };
    applyConfigText(c, 'save 900 1\nsave 300 10\n', st);
    expect(c.get('save')).toBe('900 1 300 10');
    applyConfigText(c, 'save ""\nsave 60 5\n', st);
    expect(c.get('save')).toBe('60 5');
    const d = new Config();
    applyConfigText(d, 'port 1\n');
    expect(d.get('save')).toBe('3600 1 300 100 60 10000');
  });

  it('a multi-arg directive given as one quoted argument is split', () => {
    const c = new Config();
    applyConfigText(c, 'save "100 1 200 2"\nclient-output-buffer-limit "pubsub 1mb 1mb 0"');
    expect(c.get('save')).toBe('100 1 200 2');
    expect(c.get('client-output-buffer-limit')).toContain('pubsub 1048576 1048576 0');
  });

  it('fatal errors in Redis format', () => {
    expect(fatal('port 7000\nfoo bar')).toBe(
      "*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments",
    );
    expect(fatal('port 1 2')).toMatch(/at line 1\n>>> 'port 1 2'\nwrong number of arguments$/);
    expect(fatal('save "a')).toMatch(/Unbalanced quotes in configuration line$/);
    expect(fatal('maxmemory abc')).toMatch(/argument must be a memory value$/);
    expect(fatal('appendonly maybe')).toMatch(/argument must be 'yes' or 'no'$/);
    expect(fatal('sentinel monitor x')).toMatch(/sentinel directive while not in sentinel mode$/);
    expect(fatal('list-max-ziplist-entries 10')).toBe('OK'); // deprecated, ignored
  });

  it('include, rename-command, user, loadmodule', () => {
    const d = tmpDir();
    fs.writeFileSync(path.join(d, 'inc.conf'), 'maxclients 77\n');
    fs.mkdirSync(path.join(d, 'conf.d'));
    fs.writeFileSync(path.join(d, 'conf.d', 'a.conf'), 'timeout 9\n');
    const main = path.join(d, 'main.conf');
    fs.writeFileSync(
      main,
      `include ${path.join(d, 'inc.conf')}\ninclude ${path.join(d, 'conf.d', '*.conf')}\ninclude ${path.join(d, 'none', '*.conf')}\n` +
        'rename-command flushall ""\nrename-command get fetch\nuser alice on >pw ~* +@all\n',
    );
    const exists = (n: string) => ['get', 'set', 'flushall'].includes(n.toLowerCase());
    const { config, file } = loadConfigFromArgs([main], { commandExists: exists });
    expect(file).toBe(main);
    expect(config.num('maxclients')).toBe(77);
    expect(config.num('timeout')).toBe(9);
    expect(config.renameCommands).toEqual([['flushall', ''], ['get', 'fetch']]);
    expect(config.userDirectives).toEqual([['alice', 'on', '>pw', '~*', '+@all']]);
    fs.writeFileSync(main, 'rename-command nosuch x\n');
    expect(() => loadConfigFromArgs([main], { commandExists: exists })).toThrow(/No such command in rename-command/);
    fs.writeFileSync(main, 'rename-command get set\n');
    expect(() => loadConfigFromArgs([main], { commandExists: exists })).toThrow(/Target command name already exists/);
    expect(() => loadConfigFromArgs([path.join(d, 'missing.conf')])).toThrow("Fatal error, can't open config file");
  });
});

describe('command-line arguments', () => {
  it('turns flags into config lines appended after the file', () => {
    expect(argsToOptions(['--port', '7000', '--save', '']).options).toBe('port "7000" \nsave "" ');
    expect(argsToOptions(['--save', '--port', '7000']).options).toBe('save ""\nport "7000" ');
    expect(argsToOptions(['--port', '7000', '--save']).options).toBe('port "7000" \nsave ""');
    expect(argsToOptions(['a.conf', '--port', '7000']).file).toBe('a.conf');
    expect(argsToOptions(['-', '--port', '1']).stdin).toBe(true);
  });

  it('flags override the file', () => {
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(f, 'port 7000\nsave 900 1\nmaxmemory 1mb\n');
    const { config } = loadConfigFromArgs([f, '--port', '7001', '--save', '']);
    expect(config.num('port')).toBe(7001);
    expect(config.get('save')).toBe('');
    expect(config.num('maxmemory')).toBe(1048576);
    const multi = loadConfigFromArgs(['--save', '100', '1', '200', '2']).config;
    expect(multi.get('save')).toBe('100 1 200 2');
  });

  it('reports bad flags as a config file error at the options line', () => {
    expect(() => loadConfigFromArgs(['--port', '7000', '6380'])).toThrow(/>>> 'port "7000" "6380"'\nwrong number of arguments/);
    expect(() => loadConfigFromArgs(['--nosuch', 'x'])).toThrow(/at line 2\n>>> 'nosuch "x"'\nBad directive/);
  });

  it('reads stdin text for "-"', () => {
    const { config } = loadConfigFromArgs(['-'], { stdinText: 'maxmemory 2mb\n' });
    expect(config.num('maxmemory')).toBe(2 * 1024 * 1024);
  });
});

describe('CONFIG REWRITE text', () => {
  it('keeps comments and order, replaces in place, appends under the signature', () => {
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(
      f,
      '# top\nport 7000\nsave 900 1\nsave 300 10\n\n\n# section\nhash-max-ziplist-entries 100\nrename-command debug ""\nnosuch-directive 1\nslaveof 127.0.0.1 9\n',
    );
    const c = new Config();
    applyConfigText(c, 'port 7000\nsave 900 1\nsave 300 10\nhash-max-ziplist-entries 100\nslaveof 127.0.0.1 9');
    c.set('save', '60 5');
    c.set('maxmemory', '2mb');
    c.set('notify-keyspace-events', 'KEx');
    c.set('requirepass', 'p"w');
    const text = rewriteConfigText(c, f);
    const lines = text.split('\n');
    expect(lines.slice(0, 12)).toEqual([
      '# top',
      'port 7000',
      'save 60 5',
      '',
      '# section',
      'hash-max-listpack-entries 100',
      'rename-command debug ""',
      '# ??? nosuch-directive 1',
      'replicaof 127.0.0.1 9',
      '',
      '# Generated by CONFIG REWRITE',
      lines[11],
    ]);
    const generated = lines.slice(11);
    expect(generated).toContain('maxmemory 2mb');
    expect(generated).toContain('notify-keyspace-events "xKE"');
    expect(generated).toContain('requirepass "p\\"w"');
    expect(generated).toContain('latency-tracking-info-percentiles 50 99 99.9');
    expect(generated).toContain('user default on nopass ~* &* +@all');
    expect(text.endsWith('\n')).toBe(true);
    // Reading it back gives the same values.
    const back = new Config();
    applyConfigText(back, text.replace('# ??? nosuch-directive 1\n', ''));
    for (const n of ['save', 'maxmemory', 'notify-keyspace-events', 'requirepass', 'replicaof', 'hash-max-listpack-entries']) {
      expect(back.get(n), n).toBe(c.get(n));
    }
  });

  it('a second rewrite does not add a second signature', () => {
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(f, 'port 7000\n');
    const c = new Config();
    c.set('maxmemory', '1mb');
    fs.writeFileSync(f, rewriteConfigText(c, f));
    c.set('timeout', '5');
    const text = rewriteConfigText(c, f);
    expect(text.split('# Generated by CONFIG REWRITE').length).toBe(2);
    expect(text).toContain('timeout 5');
    expect(text).toContain('maxmemory 1mb');
  });

  it('save "" is written to keep the defaults away; bind default is removed', () => {
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(f, 'bind * -::*\n');
    const c = new Config();
    c.set('save', '');
    const text = rewriteConfigText(c, f);
    expect(text).toContain('save ""');
    expect(text).not.toContain('bind');
  });
});

describe('helpers for other modules', () => {
  it('parseSaveParams', async () => {
    const { parseSaveParams } = await import('../../src/config');
    expect(parseSaveParams('3600 1 300 100')).toEqual([[3600, 1], [300, 100]]);
    expect(parseSaveParams('')).toEqual([]);
  });

  it('force-all rewrite writes every option and parses back', () => {
    const d = tmpDir();
    const f = path.join(d, 'r.conf');
    fs.writeFileSync(f, '');
    const c = new Config();
    const text = rewriteConfigText(c, f, true);
    expect(text).toContain('maxmemory 0\n');
    expect(text).toContain('appendfsync everysec\n');
    const back = new Config();
    applyConfigText(back, text);
    for (const s of CONFIG_TABLE) if (s.name !== 'dir') expect(back.get(s.name), s.name).toBe(c.get(s.name));
  });
});
