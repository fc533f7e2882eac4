/**
 * slowlog.ts — the slow log (slowlog.c): commands slower than slowlog-log-slower-than µs are
 * kept, newest first, up to slowlog-max-len entries. Fed by call() (commands/dispatch.ts: every call(),
 * including the commands run inside EXEC and scripts, as Redis 7.0 does; EXEC itself has
 * skip_slowlog). A blocked command is logged when it is served, with its execution time only.
 * Sensitive arguments (AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2, ACL SETUSER, CONFIG SET of
 * sensitive configs) are stored as "(redacted)", as redactClientCommandArgument does.
 */
import type { Server } from './server';
import type { Client } from './protocol/client';
import { ClientFlag } from './protocol/client';
import type { Command } from './commands/registry';
import { configSetRedactedPositions } from './commands/config-cmd';
import { latencyAddSampleIfNeeded } from './latency';

const MAX_ARGC = 32;
const MAX_STRING = 128;
const REDACTED = '(redacted)';

export interface SlowlogEntry {
  id: number;
  time: number;
  duration: number;
  argv: string[];
  peer: string;
  name: string;
}

export class Slowlog {
  entries: SlowlogEntry[] = [];
  nextId = 0;
  slowerThan: number;
  maxLen: number;

  constructor(server: Server) {
    this.slowerThan = server.config.num('slowlog-log-slower-than');
    this.maxLen = server.config.num('slowlog-max-len');
    server.config.onChange('slowlog-log-slower-than', (v) => (this.slowerThan = Number(v)));
    server.config.onChange('slowlog-max-len', (v) => {
      this.maxLen = Number(v);
      if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
    });
  }

  /** slowlogPushEntryIfNeeded. */
  push(server: Server, c: Client, cmd: Command, argv: readonly string[], usec: number): void {
    if (this.slowerThan < 0 || usec < this.slowerThan) return;
    const redact = redactedPositions(server, cmd, argv);
    let argc = argv.length;
    if (argc > MAX_ARGC) argc = MAX_ARGC;
    const out = new Array<string>(argc);
    for (let j = 0; j < argc; j++) {
      if (argc !== argv.length && j === argc - 1) {
        out[j] = `... (${argv.length - argc + 1} more arguments)`;
        continue;
      }
      const a = redact !== null && redact.has(j) ? REDACTED : argv[j]!;
      out[j] = a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a;
    }
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(Date.now() / 1000),
      duration: Math.floor(usec),
      argv: out,
      // The script client has no connection: getClientPeerId gives "?:0".
      peer: c.flags & ClientFlag.Script ? '?:0' : c.addr,
      name: c.name,
    });
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }
}

/** The argv positions Redis replaces by "(redacted)" before logging. */
function redactedPositions(server: Server, cmd: Command, argv: readonly string[]): Set<number> | null {
  const parent = cmd.parent === null ? cmd.name : cmd.parent.name;
  switch (parent) {
    case 'auth': {
      const s = new Set<number>();
      if (argv.length <= 3) for (let i = 1; i < argv.length; i++) s.add(i);
      return s;
    }
    case 'hello': {
      const s = new Set<number>();
      for (let j = 2; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        const opt = argv[j]!.toLowerCase();
        if (opt === 'auth' && more >= 2) {
          s.add(j + 1);
          s.add(j + 2);
          j += 2;
        } else if (opt === 'setname' && more >= 1) j++;
        else break;
      }
      return s;
    }
    case 'migrate': {
      const s = new Set<number>();
      for (let j = 6; j < argv.length; j++) {
        const more = argv.length - 1 - j;
        const opt = argv[j]!.toLowerCase();
        if (opt === 'auth' && more >= 1) s.add(++j);
        else if (opt === 'auth2' && more >= 2) {
          s.add(j + 1);
          s.add(j + 2);
          j += 2;
        } else if (opt === 'keys') break;
      }
      return s;
    }
    case 'acl':
      if (cmd.parent !== null && cmd.name === 'setuser') {
        const s = new Set<number>();
        for (let j = 2; j < argv.length; j++) s.add(j);
        return s;
      }
      return null;
    case 'config':
      if (cmd.parent !== null && cmd.name === 'set') return new Set(configSetRedactedPositions(server.config, argv));
      return null;
    default:
      return null;
  }
}

/**
 * A blocked command was served (updateStatsOnUnblock): logged with its argv and serve time; the
 * serve time is also the `command-unblocking` latency event.
 */
export function slowlogPushUnblocked(server: Server, c: Client, cmd: Command, usec: number): void {
  latencyAddSampleIfNeeded(server, 'command-unblocking', Math.floor(usec / 1000));
  const log = server.slowlog;
  if (log.slowerThan < 0 || usec < log.slowerThan || cmd.skipSlowlog) return;
  log.push(server, c, cmd, c.argv, usec);
}
