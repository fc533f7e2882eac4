/**
 * monitor.ts — MONITOR (replication.c replicationFeedMonitors): after every executed command
 * (a call observer), each monitoring client gets a status line such as
 *   +1700000000.123456 [0 127.0.0.1:12345] "set" "k" "v"
 * with the arguments quoted as sdscatrepr does. Commands flagged skip_monitor or admin are not
 * shown; AUTH, HELLO … AUTH and MIGRATE … AUTH/AUTH2 passwords appear as "(redacted)".
 */
import { ClientFlag, type Client } from './protocol/client';
import type { Command } from './commands/registry';
import type { Server } from './server';

const EXT = 'monitor';

function monitorsOf(server: Server): Client[] {
  let list = server.ext.get(EXT) as Client[] | undefined;
  if (list === undefined) {
    const l: Client[] = [];
    list = l;
    server.ext.set(EXT, l);
    server.callObservers.push((c, cmd) => {
      if (l.length !== 0 && !cmd.skipMonitor && !cmd.isAdmin) feedMonitors(server, l, c, cmd);
    });
    const drop = (c: Client): void => {
      const i = l.indexOf(c);
      if (i >= 0) l.splice(i, 1);
    };
    server.hooks.clientClosed.push(drop);
    server.hooks.clientReset.push(drop);
  }
  return list;
}

/** Makes `c` a monitor. Returns false when it already is one (MONITOR then replies nothing). */
export function addMonitor(c: Client): boolean {
  if (c.flags & (ClientFlag.Monitor | ClientFlag.Replica)) return false;
  c.flags |= ClientFlag.Monitor;
  monitorsOf(c.server).push(c);
  return true;
}

/** Stops monitoring (RESET). */
export function removeMonitor(c: Client): void {
  const list = c.server.ext.get(EXT) as Client[] | undefined;
  if (list === undefined) return;
  const i = list.indexOf(c);
  if (i >= 0) list.splice(i, 1);
  c.flags &= ~ClientFlag.Monitor;
}

/**
 * Feeds one command line to the monitors now (replicationFeedMonitors). EVAL/EVALSHA/FCALL are
 * skip_monitor because the scripting layer calls this itself *before* running the script, so
 * the script's own commands ("[0 lua] …") follow it.
 */
export function replicationFeedMonitors(c: Client, cmd: Command, argv: readonly string[] = c.argv): void {
  const list = c.server.ext.get(EXT) as Client[] | undefined;
  if (list === undefined || list.length === 0) return;
  feedMonitors(c.server, list, c, cmd, argv);
}

function feedMonitors(server: Server, monitors: Client[], c: Client, cmd: Command, argv: readonly string[] = c.argv): void {
  const t = performance.timeOrigin + performance.now();
  const sec = Math.floor(t / 1000);
  const usec = Math.floor((t - sec * 1000) * 1000);
  let line = `${sec}.${String(Math.min(usec, 999999)).padStart(6, '0')} `;
  const dbid = c.db.id;
  if (c.flags & ClientFlag.Script) line += `[${dbid} lua] `;
  else if (c.flags & ClientFlag.UnixSocket) line += `[${dbid} unix:${server.unixSocketPath ?? ''}] `;
  else line += `[${dbid} ${c.addr}] `;
  const redact = redactedPositions(cmd, argv);
  for (let i = 0; i < argv.length; i++) {
    if (i > 0) line += ' ';
    line += redact !== null && redact.has(i) ? '"(redacted)"' : catRepr(argv[i]!);
  }
  for (const m of monitors) {
    const w = m.writer;
    const muted = w !== null && w.muted;
    if (muted) continue;
    m.reply.status(line);
    if (m !== server.current) server.queueFlush(m);
  }
}

/** Argument positions that AUTH/HELLO/MIGRATE redact (redactClientCommandArgument). */
function redactedPositions(cmd: Command, argv: readonly string[]): Set<number> | null {
  const name = cmd.parent === null ? cmd.name : '';
  if (name === 'auth') {
    const s = new Set<number>();
    if (argv.length <= 3) for (let i = 1; i < argv.length; i++) s.add(i);
    return s;
  }
  if (name === 'hello') {
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
  if (name === 'migrate') {
    const s = new Set<number>();
    for (let j = 6; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const opt = argv[j]!.toLowerCase();
      if (opt === 'auth' && more >= 1) {
        s.add(++j);
      } else if (opt === 'auth2' && more >= 2) {
        s.add(j + 1);
        s.add(j + 2);
        j += 2;
      } else if (opt === 'keys') break;
    }
    return s;
  }
  return null;
}

/** sdscatrepr: a double-quoted string with C escapes and \xHH for non-printable bytes. */
export function catRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x5c: out += '\\\\'; break;
      case 0x22: out += '\\"'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      case 0x07: out += '\\a'; break;
      case 0x08: out += '\\b'; break;
      default:
        if (ch >= 0x20 && ch <= 0x7e) out += s[i];
        else out += '\\x' + ch.toString(16).padStart(2, '0');
    }
  }
  return out + '"';
}
