/**
 * acl/acl.ts — Access Control Lists (acl.c in Redis 7.0): users, their passwords (SHA-256 hex),
 * selectors (command bitmap + first-args, key patterns with R/W flags, channel patterns), the
 * permission check run by the dispatcher, EXEC and scripts, the ACL log, the ACL file and the
 * `user` directives of the config file. https://redis.io/docs/management/security/acl/
 *
 * Commands are identified by Command.id (the registry numbers commands and subcommands); the
 * original names (before rename-command) are used for rules, as Redis's orig_commands table.
 * This module never writes replies: commands/acl.ts does.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import type { Command } from '../commands/registry';
import { globMatch } from '../util/glob';
import { keySpecFlags } from './keyspecs';
import { clientInfoString } from '../commands/client-cmd';

/** ACL categories in Redis's table order (ACL CAT, describe order). */
export const CATEGORIES = [
  'keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo',
  'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting',
] as const;

/** Commands whose key specs are NOT_KEY (shard channels): ACL checks them as channels only. */
const NOT_KEY = new Set(['spublish', 'ssubscribe', 'sunsubscribe']);

const PERM_R = 1;
const PERM_W = 2;
const PERM_RW = 3;

/** Results of a permission check (ACL_OK, ACL_DENIED_*). */
export const enum Denied {
  Ok = 0,
  Cmd = 1,
  Key = 2,
  Auth = 3,
  Channel = 4,
}

/** Contexts of an ACL LOG entry (ACL_LOG_CTX_*). */
export const enum LogCtx {
  Toplevel = 0,
  Lua = 1,
  Multi = 2,
}

/** ACLSetUserStringError's texts, by the errno-like code set while applying a rule. */
const SET_ERRORS: Record<string, string> = {
  ENOENT: 'Unknown command or category name in ACL',
  EINVAL: 'Syntax error',
  EEXIST:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  EISDIR:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  ENODEV: 'The password you are trying to remove from the user does not exist',
  EBADMSG: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  EALREADY: 'Duplicate user found. A user can only be defined once in config files',
  ECHILD: 'Allowing first-arg of a subcommand is not supported',
};

export function setUserErrorText(code: string): string {
  return SET_ERRORS[code] ?? 'Wrong format';
}

interface KeyPattern {
  pattern: string;
  flags: number;
}

/** One selector: the root one (rules written outside parentheses) or a `(...)` one. */
export class Selector {
  allKeys = false;
  allChannels: boolean;
  allCommands = false;
  /** The reserved "future commands" bit, set only by +@all / allcommands. */
  future = false;
  allowed: Uint8Array;
  firstArgs: Map<number, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];

  constructor(
    readonly root: boolean,
    size: number,
    allChannels: boolean,
  ) {
    this.allowed = new Uint8Array(size);
    this.allChannels = allChannels;
  }

  clone(): Selector {
    const s = new Selector(this.root, 0, this.allChannels);
    s.allKeys = this.allKeys;
    s.allCommands = this.allCommands;
    s.future = this.future;
    s.allowed = this.allowed.slice();
    if (this.firstArgs !== null) {
      s.firstArgs = new Map();
      for (const [k, v] of this.firstArgs) s.firstArgs.set(k, v.slice());
    }
    s.patterns = this.patterns.map((p) => ({ pattern: p.pattern, flags: p.flags }));
    s.channels = this.channels.slice();
    return s;
  }
}

export class User {
  enabled = false;
  nopass = false;
  /** 0: neither flag, 1: skip-sanitize-payload, 2: sanitize-payload. */
  sanitize = 0;
  passwords: string[] = [];
  selectors: Selector[];
  /** True when the root selector allows everything (the dispatcher's fast path). */
  unrestricted = false;

  constructor(
    readonly name: string,
    size: number,
    allChannels: boolean,
  ) {
    this.selectors = [new Selector(true, size, allChannels)];
  }

  get rootSelector(): Selector {
    return this.selectors[0]!;
  }

  copyFrom(src: User): void {
    this.enabled = src.enabled;
    this.nopass = src.nopass;
    this.sanitize = src.sanitize;
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.clone());
    this.refresh();
  }

  refresh(): void {
    const r = this.rootSelector;
    this.unrestricted = r.allCommands && r.allKeys && r.allChannels;
  }
}

interface LogEntry {
  count: number;
  reason: Denied;
  context: LogCtx;
  object: string;
  username: string;
  ctime: number;
  cinfo: string;
}

/** SHA-256 of a password as lower-case hex (ACLHashPassword). */
export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

function validHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch === 0 || ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 11 || ch === 12) return true;
  }
  return false;
}

/** Thrown (as a value) by the rule appliers: an errno-like code. */
class RuleError {
  constructor(readonly code: string) {}
}

/**
 * The ACL state of one server. Installed by installAcl(); found with aclOf(server).
 */
export class Acl {
  /** Every command and subcommand in registry order, parents before their subcommands. */
  readonly commands: Command[] = [];
  /** Original lower-case full names → command. */
  private readonly byName = new Map<string, Command>();
  /** Category bit masks by command id. */
  private catBits: Uint32Array;
  readonly size: number;
  users = new Map<string, User>();
  defaultUser: User;
  log: LogEntry[] = [];

  constructor(readonly server: Server) {
    let max = 0;
    for (const cmd of server.registry.all) {
      this.commands.push(cmd);
      if (cmd.id > max) max = cmd.id;
      if (cmd.subcommands) {
        for (const sub of cmd.subcommands.values()) {
          this.commands.push(sub);
          if (sub.id > max) max = sub.id;
        }
      }
    }
    this.size = max + 1;
    this.catBits = new Uint32Array(this.size);
    for (const cmd of this.commands) {
      this.byName.set(cmd.fullName.toLowerCase(), cmd);
      let bits = 0;
      for (const cat of cmd.categories) {
        const i = (CATEGORIES as readonly string[]).indexOf(cat.slice(1));
        if (i >= 0) bits |= 1 << i;
      }
      this.catBits[cmd.id] = bits;
    }
    this.defaultUser = this.createDefaultUser();
    this.users.set('default', this.defaultUser);
  }

  private pubsubDefaultAll(): boolean {
    return this.server.config.get('acl-pubsub-default') === 'allchannels';
  }

  newUser(name: string): User {
    return new User(name, this.size, this.pubsubDefaultAll());
  }

  createDefaultUser(): User {
    const u = this.newUser('default');
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) this.setUser(u, op);
    return u;
  }

  categoryBit(name: string): number {
    const i = (CATEGORIES as readonly string[]).indexOf(name.toLowerCase());
    return i < 0 ? 0 : 1 << i;
  }

  /** ACLLookupCommand: "name" or "container|sub", case-insensitive, original names. */
  lookupCommand(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }

  // -------------------------------------------------------------------------------------------
  // Rules
  // -------------------------------------------------------------------------------------------

  private setBit(s: Selector, id: number, value: boolean): void {
    s.allowed[id] = value ? 1 : 0;
    if (!value) s.allCommands = false;
  }

  /** ACLChangeSelectorPerm: a command and all its subcommands. */
  private changePerm(s: Selector, cmd: Command, allow: boolean): void {
    this.setBit(s, cmd.id, allow);
    if (s.firstArgs !== null) s.firstArgs.delete(cmd.id);
    if (cmd.subcommands) for (const sub of cmd.subcommands.values()) this.setBit(s, sub.id, allow);
  }

  private setCategory(s: Selector, bit: number, allow: boolean): void {
    for (const cmd of this.server.registry.all) {
      if (this.catBits[cmd.id]! & bit) this.changePerm(s, cmd, allow);
      if (cmd.subcommands) {
        for (const sub of cmd.subcommands.values()) if (this.catBits[sub.id]! & bit) this.changePerm(s, sub, allow);
      }
    }
  }

  /** ACLSetSelector: one selector rule. Throws RuleError. */
  private setSelector(s: Selector, op: string): void {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      s.allKeys = true;
      s.patterns = [];
    } else if (lower === 'resetkeys') {
      s.allKeys = false;
      s.patterns = [];
    } else if (lower === 'allchannels' || op === '&*') {
      s.allChannels = true;
      s.channels = [];
    } else if (lower === 'resetchannels') {
      s.allChannels = false;
      s.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      s.allowed.fill(1);
      s.allCommands = true;
      s.future = true;
      s.firstArgs = null;
    } else if (lower === 'nocommands' || lower === '-@all') {
      s.allowed.fill(0);
      s.allCommands = false;
      s.future = false;
      s.firstArgs = null;
    } else if (op[0] === '~' || op[0] === '%') {
      if (s.allKeys) throw new RuleError('EEXIST');
      let flags = 0;
      let offset = 1;
      if (op[0] === '%') {
        for (; offset < op.length; offset++) {
          const ch = op[offset]!.toUpperCase();
          if (ch === 'R' && !(flags & PERM_R)) flags |= PERM_R;
          else if (ch === 'W' && !(flags & PERM_W)) flags |= PERM_W;
          else if (op[offset] === '~') {
            offset++;
            break;
          } else throw new RuleError('EINVAL');
        }
        // A '%' without R or W (e.g. '%~x') is a syntax error in Redis 7.0.15.
        if (flags === 0) throw new RuleError('EINVAL');
      } else {
        flags = PERM_RW;
      }
      const pat = op.slice(offset);
      if (hasSpaces(pat)) throw new RuleError('EINVAL');
      // A '%R' without '~' ends the loop with flags and an empty pattern, as Redis does.
      const found = s.patterns.find((p) => p.pattern === pat);
      if (found === undefined) s.patterns.push({ pattern: pat, flags });
      else found.flags |= flags;
      s.allKeys = false;
    } else if (op[0] === '&') {
      if (s.allChannels) throw new RuleError('EISDIR');
      const pat = op.slice(1);
      if (hasSpaces(pat)) throw new RuleError('EINVAL');
      if (!s.channels.includes(pat)) s.channels.push(pat);
      s.allChannels = false;
    } else if (op[0] === '+' && op[1] !== '@') {
      const bar = op.lastIndexOf('|');
      if (bar < 0) {
        const cmd = this.lookupCommand(op.slice(1));
        if (cmd === undefined) throw new RuleError('ENOENT');
        this.changePerm(s, cmd, true);
      } else {
        const cmd = this.lookupCommand(op.slice(1, bar));
        if (cmd === undefined) throw new RuleError('ENOENT');
        if (cmd.parent !== null) throw new RuleError('ECHILD');
        const sub = op.slice(bar + 1);
        if (sub.length === 0) throw new RuleError('EINVAL');
        if (cmd.subcommands) {
          const subCmd = this.lookupCommand(op.slice(1));
          if (subCmd === undefined) throw new RuleError('ENOENT');
          this.changePerm(s, subCmd, true);
        } else {
          this.server.log.warn(
            `Deprecation warning: Allowing a first arg of an otherwise blocked command is a misuse of ACL and may get disabled in the future (offender: ${op})`,
          );
          if (s.firstArgs === null) s.firstArgs = new Map();
          let list = s.firstArgs.get(cmd.id);
          if (list === undefined) s.firstArgs.set(cmd.id, (list = []));
          if (!list.some((a) => a.toLowerCase() === sub.toLowerCase())) list.push(sub);
        }
      }
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = this.lookupCommand(op.slice(1));
      if (cmd === undefined) throw new RuleError('ENOENT');
      this.changePerm(s, cmd, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const bit = this.categoryBit(op.slice(2));
      if (bit === 0) throw new RuleError('ENOENT');
      this.setCategory(s, bit, op[0] === '+');
    } else {
      throw new RuleError('EINVAL');
    }
  }

  /** ACLSetUser: one user rule. Returns null or the errno-like code of the failure. */
  setUser(u: User, op: string): string | null {
    try {
      this.applyUserOp(u, op);
      return null;
    } catch (e) {
      if (e instanceof RuleError) return e.code;
      throw e;
    } finally {
      u.refresh();
    }
  }

  private applyUserOp(u: User, op: string): void {
    if (op.length === 0) return;
    const lower = op.toLowerCase();
    if (lower === 'on') u.enabled = true;
    else if (lower === 'off') u.enabled = false;
    else if (lower === 'skip-sanitize-payload') u.sanitize = 1;
    else if (lower === 'sanitize-payload') u.sanitize = 2;
    else if (lower === 'nopass') {
      u.nopass = true;
      u.passwords = [];
    } else if (lower === 'resetpass') {
      u.nopass = false;
      u.passwords = [];
    } else if (op[0] === '>' || op[0] === '#') {
      let h: string;
      if (op[0] === '>') h = hashPassword(op.slice(1));
      else {
        h = op.slice(1);
        if (!validHash(h)) throw new RuleError('EBADMSG');
      }
      if (!u.passwords.includes(h)) u.passwords.push(h);
      u.nopass = false;
    } else if (op[0] === '<' || op[0] === '!') {
      let h: string;
      if (op[0] === '<') h = hashPassword(op.slice(1));
      else {
        h = op.slice(1);
        if (!validHash(h)) throw new RuleError('EBADMSG');
      }
      const i = u.passwords.indexOf(h);
      if (i < 0) throw new RuleError('ENODEV');
      u.passwords.splice(i, 1);
    } else if (op[0] === '(' && op[op.length - 1] === ')') {
      const s = new Selector(false, this.size, this.pubsubDefaultAll());
      const inner = op.slice(1, -1).split(/[ \t\r\n]+/).filter((x) => x.length > 0);
      for (const o of inner) this.setSelector(s, o);
      u.selectors.push(s);
    } else if (lower === 'clearselectors') {
      u.selectors.length = 1;
    } else if (lower === 'reset') {
      u.nopass = false;
      u.passwords = [];
      const r = u.rootSelector;
      r.allKeys = false;
      r.patterns = [];
      r.allChannels = this.pubsubDefaultAll();
      r.channels = [];
      u.enabled = false;
      u.sanitize = 2;
      u.selectors.length = 1;
      this.setSelector(r, '-@all');
    } else {
      this.setSelector(u.rootSelector, op);
    }
  }

  /**
   * ACLMergeSelectorArguments: joins a `(...)` selector spread over several arguments.
   * Returns null and the index of the unmatched opening argument.
   */
  static mergeSelectorArgs(args: readonly string[]): { merged: string[] } | { bad: number } {
    const merged: string[] = [];
    let open = -1;
    let cur = '';
    for (let j = 0; j < args.length; j++) {
      const op = args[j]!;
      if (op[0] === '(' && op[op.length - 1] !== ')') {
        cur = op;
        open = j;
        continue;
      }
      if (open !== -1) {
        cur += ' ' + op;
        if (op[op.length - 1] === ')') {
          open = -1;
          merged.push(cur);
        }
        continue;
      }
      merged.push(op);
    }
    if (open !== -1) return { bad: open };
    return { merged };
  }

  /**
   * ACLStringSetUser: applies the rules to a copy of the user (or a new one) and commits only
   * when all are valid. Returns null or the error text (without "ERR ").
   */
  setUserFromArgs(name: string, args: readonly string[]): string | null {
    const m = Acl.mergeSelectorArgs(args);
    if ('bad' in m) return `Unmatched parenthesis in acl selector starting at '${args[m.bad]}'.`;
    const existing = this.users.get(name);
    const temp = this.newUser(name);
    if (existing !== undefined) temp.copyFrom(existing);
    for (const op of m.merged) {
      const code = this.setUser(temp, op);
      if (code !== null) return `Error in ACL SETUSER modifier '${op}': ${setUserErrorText(code)}`;
    }
    if (existing !== undefined) {
      this.killPubsubClientsIfNeeded(temp, existing);
      existing.copyFrom(temp);
    } else {
      const u = this.newUser(name);
      u.copyFrom(temp);
      this.users.set(name, u);
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Describing
  // -------------------------------------------------------------------------------------------

  private countCategory(s: Selector, bit: number): [number, number] {
    let on = 0;
    let off = 0;
    for (const cmd of this.commands) {
      if (this.catBits[cmd.id]! & bit) {
        if (s.allowed[cmd.id]) on++;
        else off++;
      }
    }
    return [on, off];
  }

  /**
   * ACLDescribeSelectorCommandRules: +@all or -@all, then the best-fitting categories, then the
   * single commands still different, then allowed first-args.
   */
  describeCommandRules(s: Selector): string {
    const fake = new Selector(false, this.size, false);
    const additive = !s.future;
    let rules = additive ? '-@all ' : '+@all ';
    this.setSelector(fake, additive ? '-@all' : '+@all');
    const temp = new Selector(false, this.size, false);
    temp.allowed = s.allowed.slice();
    const applied = new Array<boolean>(CATEGORIES.length).fill(false);
    for (;;) {
      let best = -1;
      let mindiff = Number.MAX_SAFE_INTEGER;
      let maxsame = 0;
      for (let j = 0; j < CATEGORIES.length; j++) {
        if (applied[j]) continue;
        const [on, off] = this.countCategory(temp, 1 << j);
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < mindiff || (diff === mindiff && same > maxsame))) {
          best = j;
          mindiff = diff;
          maxsame = same;
        }
      }
      if (best === -1) break;
      const name = CATEGORIES[best]!;
      this.setCategory(fake, 1 << best, additive);
      this.setCategory(temp, 1 << best, !additive);
      rules += (additive ? '+@' : '-@') + name + ' ';
      applied[best] = true;
    }
    const visit = (cmd: Command): void => {
      const userbit = s.allowed[cmd.id] === 1;
      const fakebit = fake.allowed[cmd.id] === 1;
      if (userbit !== fakebit) {
        rules += (userbit ? '+' : '-') + cmd.fullName + ' ';
        this.changePerm(fake, cmd, userbit);
      }
      if (cmd.subcommands) for (const sub of cmd.subcommands.values()) visit(sub);
      const fa = s.firstArgs?.get(cmd.id);
      if (!userbit && fa !== undefined) for (const a of fa) rules += `+${cmd.fullName}|${a} `;
    };
    for (const cmd of this.server.registry.all) visit(cmd);
    return rules.slice(0, -1);
  }

  private patternString(p: KeyPattern): string {
    return (p.flags === PERM_RW ? '~' : p.flags === PERM_R ? '%R~' : '%W~') + p.pattern;
  }

  /** ACLDescribeSelector. */
  describeSelector(s: Selector): string {
    let res = '';
    if (s.allKeys) res += '~* ';
    else for (const p of s.patterns) res += this.patternString(p) + ' ';
    if (s.allChannels) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const ch of s.channels) res += '&' + ch + ' ';
    }
    return res + this.describeCommandRules(s);
  }

  /** ACLDescribeUser: the rules after "user <name> " in ACL LIST and the ACL file. */
  describeUser(u: User): string {
    let res = '';
    res += u.enabled ? 'on ' : 'off ';
    if (u.nopass) res += 'nopass ';
    if (u.sanitize === 1) res += 'skip-sanitize-payload ';
    if (u.sanitize === 2) res += 'sanitize-payload ';
    for (const p of u.passwords) res += '#' + p + ' ';
    for (const s of u.selectors) {
      const d = this.describeSelector(s);
      res += s.root ? d : ` (${d})`;
    }
    return res;
  }

  keysDescription(s: Selector): string {
    return s.allKeys ? '~*' : s.patterns.map((p) => this.patternString(p)).join(' ');
  }

  channelsDescription(s: Selector): string {
    return s.allChannels ? '&*' : s.channels.map((c) => '&' + c).join(' ');
  }

  flagNames(u: User): string[] {
    const out = [u.enabled ? 'on' : 'off'];
    if (u.nopass) out.push('nopass');
    if (u.sanitize === 1) out.push('skip-sanitize-payload');
    if (u.sanitize === 2) out.push('sanitize-payload');
    return out;
  }

  /** Users sorted as Redis's radix tree walks them (byte order). */
  sortedUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  listLines(): string[] {
    return this.sortedUsers().map((u) => `user ${u.name} ${this.describeUser(u)}`);
  }

  /** Commands in a category, in registry order (ACL CAT <category>). */
  commandsInCategory(bit: number): string[] {
    const out: string[] = [];
    for (const cmd of this.commands) if (this.catBits[cmd.id]! & bit) out.push(cmd.fullName);
    return out;
  }

  // -------------------------------------------------------------------------------------------
  // Checks
  // -------------------------------------------------------------------------------------------

  /** Permission bits a key at argv[pos] needs (the key spec's ACCESS / INSERT|DELETE|UPDATE). */
  keyAccess(cmd: Command, argv: readonly string[], pos: number, index: number): number {
    const kf = cmd.spec.keyFlags;
    if (kf !== undefined) {
      let f = 0;
      for (const x of kf(argv, pos, index)) {
        const l = x.toLowerCase();
        if (l === 'access') f |= PERM_R;
        else if (l === 'insert' || l === 'delete' || l === 'update') f |= PERM_W;
      }
      return f;
    }
    const flags = keySpecFlags(cmd, argv, pos);
    if (flags === null) return cmd.isWrite ? PERM_RW : PERM_R;
    let f = 0;
    for (const x of flags) {
      if (x === 'access') f |= PERM_R;
      else if (x === 'insert' || x === 'delete' || x === 'update') f |= PERM_W;
    }
    return f;
  }

  private selectorCheckKey(s: Selector, key: string, need: number): boolean {
    if (s.allKeys) return true;
    for (const p of s.patterns) {
      if ((p.flags & need) !== need) continue;
      if (globMatch(p.pattern, key)) return true;
    }
    return false;
  }

  private static channelOk(list: readonly string[], channel: string, isPattern: boolean): boolean {
    for (const p of list) {
      if (isPattern ? p === channel : globMatch(p, channel)) return true;
    }
    return false;
  }

  /** Channel arguments the ACL checks: [first index, is pattern] or null (getChannelsFromCommand). */
  static channelArgs(cmd: Command): [number, number, boolean] | null {
    switch (cmd.fullName) {
      case 'publish':
      case 'spublish':
        return [1, 1, false];
      case 'subscribe':
      case 'ssubscribe':
        return [1, -1, false];
      case 'psubscribe':
        return [1, -1, true];
      default:
        return null;
    }
  }

  /** ACLSelectorCheckCmd. Returns [result, argv index of the offending key/channel]. */
  private selectorCheckCmd(s: Selector, cmd: Command, argv: readonly string[], keys: { pos: number[] | null }): [Denied, number] {
    if (!s.allCommands && !cmd.noAuth) {
      if (s.allowed[cmd.id] !== 1) {
        const fa = s.firstArgs?.get(cmd.id);
        if (argv.length < 2 || fa === undefined) return [Denied.Cmd, 0];
        const arg = argv[cmd.parent ? 2 : 1];
        if (arg === undefined) return [Denied.Cmd, 0];
        const la = arg.toLowerCase();
        if (!fa.some((x) => x.toLowerCase() === la)) return [Denied.Cmd, 0];
      }
    }
    if (!s.allKeys && (cmd.spec.firstKey !== 0 || cmd.spec.keys !== undefined) && !NOT_KEY.has(cmd.fullName)) {
      if (keys.pos === null) keys.pos = cmd.keyPositions(argv);
      const pos = keys.pos;
      for (let j = 0; j < pos.length; j++) {
        const p = pos[j]!;
        if (!this.selectorCheckKey(s, argv[p]!, this.keyAccess(cmd, argv, p, j))) return [Denied.Key, p];
      }
    }
    if (!s.allChannels) {
      const ch = Acl.channelArgs(cmd);
      if (ch !== null) {
        const last = ch[1] < 0 ? argv.length - 1 : ch[1];
        for (let i = ch[0]; i <= last; i++) {
          if (!Acl.channelOk(s.channels, argv[i]!, ch[2])) return [Denied.Channel, i];
        }
      }
    }
    return [Denied.Ok, 0];
  }

  /** ACLCheckAllUserCommandPerm: [result, offending argv index]. */
  checkUserCommand(u: User, cmd: Command, argv: readonly string[]): [Denied, number] {
    if (u.unrestricted) return [Denied.Ok, 0];
    let relevant = Denied.Cmd;
    let lastIdx = 0;
    const keys = { pos: null as number[] | null };
    for (const s of u.selectors) {
      const [res, idx] = this.selectorCheckCmd(s, cmd, argv, keys);
      if (res === Denied.Ok) return [Denied.Ok, 0];
      if (res > relevant || (res === relevant && idx > lastIdx)) {
        relevant = res;
        lastIdx = idx;
      }
    }
    return [relevant, lastIdx];
  }

  /** ACLUserCheckChannelPerm. */
  checkUserChannel(u: User, channel: string, isPattern: boolean): boolean {
    for (const s of u.selectors) {
      if (s.allChannels) return true;
      if (Acl.channelOk(s.channels, channel, isPattern)) return true;
    }
    return false;
  }

  /** ACLUserCheckKeyPerm. */
  checkUserKey(u: User, key: string, need: number): boolean {
    for (const s of u.selectors) if (this.selectorCheckKey(s, key, need)) return true;
    return false;
  }

  userOf(c: Client): User {
    return this.users.get(c.user) ?? this.defaultUser;
  }

  // -------------------------------------------------------------------------------------------
  // Auth
  // -------------------------------------------------------------------------------------------

  /** ACLCheckUserCredentials. */
  checkCredentials(name: string, pass: string): boolean {
    const u = this.users.get(name);
    if (u === undefined || !u.enabled) return false;
    if (u.nopass) return true;
    const h = hashPassword(pass);
    return u.passwords.includes(h);
  }

  /** authRequired(): the default user has a password or is disabled. */
  authRequired(): boolean {
    const d = this.defaultUser;
    return !d.nopass || !d.enabled;
  }

  /** requirepass → the default user's password (ACLUpdateDefaultUserPassword). */
  updateDefaultPassword(pass: string): void {
    this.setUser(this.defaultUser, 'resetpass');
    if (pass !== '') this.setUser(this.defaultUser, '>' + pass);
    else this.setUser(this.defaultUser, 'nopass');
  }

  // -------------------------------------------------------------------------------------------
  // Log
  // -------------------------------------------------------------------------------------------

  /** addACLLogEntry. `c` is the client that ran the command (the caller for scripts). */
  addLogEntry(c: Client, reason: Denied, context: LogCtx, argpos: number, username: string | null, object: string | null): void {
    let obj = object;
    if (obj === null) {
      switch (reason) {
        case Denied.Cmd:
          obj = c.cmd ? c.cmd.fullName : '';
          break;
        case Denied.Key:
        case Denied.Channel:
          obj = c.argv[argpos] ?? '';
          break;
        case Denied.Auth:
          obj = c.argv[0] ?? '';
          break;
        default:
          obj = '';
      }
    }
    const le: LogEntry = {
      count: 1,
      reason,
      context,
      object: obj,
      username: username ?? c.user,
      ctime: Date.now(),
      cinfo: clientInfoString(this.server.topClient ?? c),
    };
    const log = this.log;
    for (let i = 0; i < log.length && i < 10; i++) {
      const cur = log[i]!;
      if (
        cur.reason === le.reason &&
        cur.context === le.context &&
        Math.abs(cur.ctime - le.ctime) <= 60000 &&
        cur.object === le.object &&
        cur.username === le.username
      ) {
        log.splice(i, 1);
        log.unshift(cur);
        cur.cinfo = le.cinfo;
        cur.ctime = le.ctime;
        cur.count++;
        return;
      }
    }
    log.unshift(le);
    const max = this.server.config.num('acllog-max-len');
    if (log.length > max) log.length = max;
  }

  // -------------------------------------------------------------------------------------------
  // Clients
  // -------------------------------------------------------------------------------------------

  /** ACLFreeUserAndKillClients: every client authenticated as `name` is disconnected. */
  killClientsOf(name: string): void {
    const server = this.server;
    for (const c of [...server.clients.values()]) {
      if (c.user !== name) continue;
      c.user = 'default';
      c.authenticated = false;
      if (c === server.current || c === server.topClient) c.flags |= ClientFlag.CloseAfterReply;
      else server.freeClient(c);
    }
  }

  /** ACLKillPubsubClientsIfNeeded: channel permissions were narrowed. */
  private killPubsubClientsIfNeeded(next: User, orig: User): void {
    if (next.selectors.some((s) => s.allChannels)) return;
    const upcoming: string[] = [];
    for (const s of next.selectors) upcoming.push(...s.channels);
    let match = true;
    for (const s of orig.selectors) {
      if (s.allChannels) {
        match = false;
        break;
      }
      for (const ch of s.channels) {
        if (!upcoming.includes(ch)) {
          match = false;
          break;
        }
      }
      if (!match) break;
    }
    if (match) return;
    const server = this.server;
    for (const c of [...server.clients.values()]) {
      if (c.user !== orig.name || !(c.flags & ClientFlag.Pubsub)) continue;
      const subs = c.pubsub;
      if (subs === null || subs === undefined) continue;
      let kill = false;
      for (const p of subs.patterns) if (!Acl.channelOk(upcoming, p, true)) kill = true;
      if (!kill) for (const ch of subs.channels) if (!Acl.channelOk(upcoming, ch, false)) kill = true;
      if (!kill) for (const ch of subs.shard) if (!Acl.channelOk(upcoming, ch, false)) kill = true;
      if (kill) {
        if (c === server.current) c.flags |= ClientFlag.CloseAfterReply;
        else server.freeClient(c);
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Files
  // -------------------------------------------------------------------------------------------

  /**
   * ACLLoadFromFile: all or nothing. Returns null, or the error text. On success, every client
   * authenticated as a user other than "default" is disconnected (the old users are freed).
   */
  loadFromFile(filename: string): string | null {
    let text: string;
    try {
      text = fs.readFileSync(filename, 'latin1');
    } catch (e) {
      return `Error loading ACLs, opening file '${filename}': ${errnoText(e)}`;
    }
    const fresh = new Map<string, User>();
    let errors = '';
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const linenum = i + 1;
      const line = lines[i]!.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
      if (line === '') continue;
      const argv = line.split(' ').filter((x) => x !== '');
      if (argv.length === 0) continue;
      if (argv[0] !== 'user' || argv.length < 2) {
        errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
        continue;
      }
      const name = argv[1]!;
      if (hasSpaces(name)) {
        errors += `'${filename}:${linenum}: username '${name}' contains invalid characters. `;
        continue;
      }
      if (fresh.has(name)) {
        errors += `WARNING: Duplicate user '${name}' found on line ${linenum}. `;
        continue;
      }
      const u = this.newUser(name);
      fresh.set(name, u);
      const m = Acl.mergeSelectorArgs(argv.slice(2));
      if ('bad' in m) {
        errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
        continue;
      }
      let syntaxError = false;
      for (const raw of m.merged) {
        const op = raw.replace(/^[\t\r\n]+|[\t\r\n]+$/g, '');
        const code = this.setUser(u, op);
        if (code === null) continue;
        if (code === 'ENOENT') {
          errors += `${filename}:${linenum}: Error in applying operation '${op}': ${setUserErrorText(code)}. `;
        } else if (!syntaxError) {
          errors += `${filename}:${linenum}: ${setUserErrorText(code)}. `;
          syntaxError = true;
        }
      }
    }
    if (errors !== '') {
      return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
    }
    const newDefault = fresh.get('default') ?? this.createDefaultUser();
    const old = this.users;
    this.defaultUser.copyFrom(newDefault);
    fresh.set('default', this.defaultUser);
    this.users = fresh;
    for (const name of old.keys()) if (name !== 'default') this.killClientsOf(name);
    return null;
  }

  /** ACLSaveToFile: writes a temp file and renames it. Returns false on I/O errors (logged). */
  saveToFile(filename: string): boolean {
    const body = this.listLines().map((l) => l + '\n').join('');
    const tmp = `${filename}.tmp-${process.pid}-${Date.now()}`;
    try {
      fs.writeFileSync(tmp, body, { encoding: 'latin1', mode: 0o644 });
      fs.renameSync(tmp, filename);
      return true;
    } catch (e) {
      this.server.log.warn(`ACL SAVE: ${errnoText(e)}`);
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* not there */
      }
      return false;
    }
  }

  /**
   * ACLLoadConfiguredUsers: the `user` directives of the config file. Returns null or an error
   * (Redis logs it and exits).
   */
  loadConfiguredUsers(directives: readonly string[][]): string | null {
    const seen = new Set<string>();
    for (const d of directives) {
      const name = d[0];
      if (name === undefined) continue;
      if (seen.has(name)) return `Duplicate user '${name}': ${setUserErrorText('EALREADY')}`;
      seen.add(name);
      if (hasSpaces(name)) return 'Spaces not allowed in ACL usernames';
      const m = Acl.mergeSelectorArgs(d.slice(1));
      if ('bad' in m) return `Unmatched parenthesis in acl selector for user '${name}'`;
      let u = this.users.get(name);
      if (u === undefined) {
        u = this.newUser(name);
        this.users.set(name, u);
      } else {
        this.setUser(u, 'reset');
      }
      for (const op of m.merged) {
        const code = this.setUser(u, op);
        if (code !== null) return `Error loading ACL rule '${op}' for the user named '${name}': ${setUserErrorText(code)}`;
      }
    }
    return null;
  }

  /** ACL GENPASS: `bits` random bits as hex, rounded up to whole hex digits. */
  static genpass(bits: number): string {
    const chars = Math.floor((bits + 3) / 4);
    return randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars);
  }
}

function errnoText(e: unknown): string {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    default:
      return (e as Error)?.message ?? String(e);
  }
}

const aclState = new WeakMap<Server, Acl>();

/** The ACL state of a server (created on first use). */
export function aclOf(server: Server): Acl {
  let a = aclState.get(server);
  if (a === undefined) {
    a = new Acl(server);
    aclState.set(server, a);
  }
  return a;
}
