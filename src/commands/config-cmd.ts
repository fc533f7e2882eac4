/**
 * commands/config-cmd.ts — CONFIG GET / SET / RESETSTAT / REWRITE / HELP (config.c).
 * https://redis.io/commands/?group=server
 *
 * GET takes several glob patterns and replies with one map, without duplicates; an exact name
 * (no glob characters) also finds hidden configs and is echoed as typed. SET takes several
 * name/value pairs and applies them all or none (Config.setMany). Texts pinned by
 * test/diff/config.diff.test.ts.
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { ReplyError, E } from '../errors';
import { ConfigSetError, type Config, type ConfigSpec } from '../config';
import { rewriteConfigFile } from '../config-file';
import { strerror } from '../config';
import { ClientFlag } from '../protocol/client';

/** Glob match as stringmatchlen(pattern, s, nocase) for config names (ASCII only). */
function configNameMatch(pattern: string, s: string): boolean {
  return globNoCase(pattern.toLowerCase(), 0, s.toLowerCase(), 0);
}

function globNoCase(p: string, pi: number, s: string, si: number): boolean {
  while (pi < p.length) {
    const c = p[pi]!;
    if (c === '*') {
      while (p[pi + 1] === '*') pi++;
      if (pi + 1 === p.length) return true;
      for (let k = si; k <= s.length; k++) if (globNoCase(p, pi + 1, s, k)) return true;
      return false;
    }
    if (si >= s.length) return false;
    if (c === '?') {
      pi++;
      si++;
      continue;
    }
    if (c === '[') {
      let i = pi + 1;
      const not = p[i] === '^';
      if (not) i++;
      let match = false;
      while (i < p.length && p[i] !== ']') {
        if (p[i] === '\\' && i + 1 < p.length) {
          i++;
          if (p[i] === s[si]) match = true;
        } else if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== ']') {
          let a = p.charCodeAt(i);
          let b = p.charCodeAt(i + 2);
          if (a > b) [a, b] = [b, a];
          const x = s.charCodeAt(si);
          if (x >= a && x <= b) match = true;
          i += 2;
        } else if (p[i] === s[si]) match = true;
        i++;
      }
      if (not) match = !match;
      if (!match) return false;
      pi = i + 1;
      si++;
      continue;
    }
    if (c === '\\' && pi + 1 < p.length) pi++;
    if (p[pi] !== s[si]) return false;
    pi++;
    si++;
  }
  return si === s.length;
}

/** CONFIG GET pattern [pattern ...] */
function configGetCommand(c: CommandContext): void {
  const config = c.server.config;
  const matches = new Map<string, [string, ConfigSpec]>();
  for (let i = 2; i < c.argv.length; i++) {
    const pat = c.argv[i]!;
    if (!/[[*?]/.test(pat)) {
      const key = pat.toLowerCase();
      if (matches.has(key)) continue;
      const s = config.spec(pat);
      if (s) matches.set(key, [pat, s]);
      continue;
    }
    for (const s of config.table) {
      if (s.hidden) continue;
      for (const name of s.alias ? [s.name, s.alias] : [s.name]) {
        if (matches.has(name)) continue;
        if (configNameMatch(pat, name)) matches.set(name, [name, s]);
      }
    }
  }
  c.reply.map(matches.size);
  for (const [key, s] of matches.values()) {
    c.reply.bulk(key);
    c.reply.bulk(config.get(s.name));
  }
}

/** True when enable-protected-configs (or the like) allows this client (allowProtectedAction). */
export function allowProtectedAction(c: CommandContext, setting: string): boolean {
  if (setting === 'yes') return true;
  if (setting !== 'local') return false;
  if (c.flags & ClientFlag.UnixSocket) return true;
  const ip = c.addr.startsWith('[') ? c.addr.slice(1, c.addr.indexOf(']')) : c.addr.slice(0, c.addr.lastIndexOf(':'));
  return ip === '' || ip === '?' || ip.startsWith('127.') || ip === '::1' || ip === 'localhost';
}

/** CONFIG SET name value [name value ...] */
function configSetCommand(c: CommandContext): void {
  const argc = c.argv.length;
  if (argc & 1) throw new ReplyError(E.syntax);
  const config = c.server.config;
  const seen: ConfigSpec[] = [];
  const pairs: [string, string][] = [];
  let invalid: string | null = null;
  for (let i = 2; i < argc; i += 2) {
    const name = c.argv[i]!;
    const s = config.spec(name);
    if (!s) {
      if (invalid === null) throw new ReplyError(E.configSetUnknown(name));
      continue;
    }
    if (invalid !== null) continue;
    if (!s.mutable || (s.protected && !allowProtectedAction(c, config.str('enable-protected-configs')))) {
      invalid = E.configSetFailed(name, s.mutable ? "can't set protected config" : "can't set immutable config");
      continue;
    }
    // An alias and its primary name are different entries in Redis's table: only the very same
    // spelling family counts as a duplicate.
    const viaAlias = s.alias !== undefined && name.toLowerCase() === s.alias;
    if (seen.some((p, j) => p === s && (pairs[j]![0].toLowerCase() === s.alias) === viaAlias)) {
      invalid = E.configSetFailed(name, 'duplicate parameter');
      continue;
    }
    seen.push(s);
    pairs.push([name, c.argv[i + 1]!]);
  }
  if (invalid !== null) {
    // Keep scanning for unknown names: an unknown name after an invalid one does not win.
    throw new ReplyError(invalid);
  }
  try {
    config.setMany(pairs);
  } catch (e) {
    if (e instanceof ConfigSetError) throw new ReplyError(E.configSetFailed(e.configName, e.message));
    throw e;
  }
  c.reply.ok();
}

/**
 * The argv positions of CONFIG SET that SLOWLOG and MONITOR must show as "(redacted)": the values
 * of SENSITIVE configs (requirepass, masterauth, masteruser), as redactClientCommandArgument.
 */
export function configSetRedactedPositions(config: Config, argv: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 2; i + 1 < argv.length; i += 2) if (config.spec(argv[i]!)?.sensitive) out.push(i + 1);
  return out;
}

/** CONFIG RESETSTAT: INFO stats, commandstats and errorstats back to zero. */
function configResetStatCommand(c: CommandContext): void {
  const server = c.server;
  server.stats.reset();
  for (const cmd of server.registry.all) {
    cmd.calls = cmd.usec = cmd.failedCalls = cmd.rejectedCalls = 0;
    if (cmd.subcommands) {
      for (const sub of cmd.subcommands.values()) sub.calls = sub.usec = sub.failedCalls = sub.rejectedCalls = 0;
    }
  }
  for (const fn of server.resetStatHooks) fn();
  c.reply.ok();
}

/** CONFIG REWRITE */
function configRewriteCommand(c: CommandContext): void {
  const file = c.server.configFile;
  if (!file) throw new ReplyError(E.configNoFile);
  try {
    rewriteConfigFile(c.server.config, file);
  } catch (e) {
    const msg = strerror(e as NodeJS.ErrnoException);
    c.server.log.warn(`CONFIG REWRITE failed: ${msg}`);
    throw new ReplyError(`ERR Rewriting config file: ${msg}`);
  }
  c.server.log.warn('CONFIG REWRITE executed with success.');
  c.reply.ok();
}

const HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
];

/** CONFIG HELP */
function configHelpCommand(c: CommandContext): void {
  c.reply.array(HELP.length);
  for (const l of HELP) c.reply.status(l);
}

const ADMIN = ['admin', 'noscript', 'loading', 'stale'] as const;
const sub = (name: string, arity: number, flags: readonly string[], handler: (c: CommandContext) => void, extra: Partial<CommandSpec> = {}): CommandSpec =>
  ({ name, arity, flags, firstKey: 0, lastKey: 0, step: 0, group: 'server', handler, ...extra }) as CommandSpec;

export const configCommands: readonly CommandSpec[] = [
  {
    name: 'config', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '2.0.0', summary: 'A container for server configuration commands', complexity: 'Depends on subcommand.',
    subcommands: [
      sub('set', -4, ADMIN, configSetCommand, {
        since: '2.0.0', summary: 'Set configuration parameters to the given values', complexity: 'O(N) when N is the number of configuration parameters provided',
        tips: ['request_policy:all_nodes', 'response_policy:all_succeeded'],
      }),
      sub('resetstat', 2, ADMIN, configResetStatCommand, {
        since: '2.0.0', summary: 'Reset the stats returned by INFO', complexity: 'O(1)',
      }),
      sub('get', -3, ADMIN, configGetCommand, {
        since: '2.0.0', summary: 'Get the values of configuration parameters', complexity: 'O(N) when N is the number of configuration parameters provided',
      }),
      sub('rewrite', 2, ADMIN, configRewriteCommand, {
        since: '2.8.0', summary: 'Rewrite the configuration file with the in memory configuration', complexity: 'O(1)',
      }),
      sub('help', 2, ['loading', 'stale'], configHelpCommand, {
        since: '5.0.0', summary: 'Show helpful text about the different subcommands', complexity: 'O(1)',
      }),
    ],
  },
];
