/**
 * index.ts — the embedding API: a real respite server (TCP, RESP2/RESP3) inside a Node process,
 * typically a test suite's, so that ioredis / node-redis clients talk to it as to redis-server.
 *
 *   import { startServer } from 'respite';            // or: const { startServer } = require('respite')
 *   const server = await startServer({ port: 0, maxmemory: '100mb' });
 *   // server.port, server.host, server.url ('redis://127.0.0.1:51234')
 *   server.flushall();                                // empty every database between tests
 *   await server.close();                             // no timers or sockets left behind
 *
 * Options are redis.conf directives, spelled as in redis.conf (`'notify-keyspace-events': 'KEA'`)
 * or in camelCase (`notifyKeyspaceEvents: 'KEA'`, converted by putting a dash before each capital
 * letter and lower-casing it). Values: a string is the rest of a redis.conf line for multi-word
 * directives (save, bind, client-output-buffer-limit, user, rename-command…) and the literal value
 * for single-value ones; numbers are written out; booleans become yes/no; an array gives the
 * directive once per element (several `save` or `user` lines).
 *
 * Differences from `respite-server`'s defaults, chosen for tests: bind 127.0.0.1, port 0 (a free
 * port), save "" (no RDB snapshots), logging off unless `loglevel` or `logfile` is given (or the
 * RESPITE_LOGLEVEL environment variable is set), and no RDB is loaded at start unless `dir` or
 * `dbfilename` is given.
 *
 * Several servers can run in one process; each has its own keyspace, config, clients, scripts,
 * ACL users and stats. Process-wide by nature: `dir` (it is the process's working directory, as
 * in Redis) and the Lua VM instance (scripts of different servers don't see each other's state).
 */
import { Server, RESPITE_VERSION, REDIS_VERSION } from './server';
import { Config, type LoadState } from './config';
import { applyConfigText, ConfigFileError } from './config-file';
import { quoteRepr } from './config';
import { Client } from './protocol/client';
import { CaptureWriter } from './protocol/writer';
import { call } from './commands/dispatch';
import { Registry } from './commands/registry';
import { allCommands } from './commands/index';
import { persistenceOf } from './persistence/snapshot';

export { Server, RESPITE_VERSION, REDIS_VERSION };

/** A directive's value: see the file header for how each kind is written into the config. */
export type OptionValue = string | number | boolean | readonly (string | number)[];

export interface StartOptions {
  /** TCP port; 0 (the default) picks a free one (with `unixsocket` set, 0 means no TCP, as in Redis). */
  port?: number;
  /** Address(es) to bind, space-separated. Default '127.0.0.1'. */
  bind?: string;
  /** Redis loglevel (debug, verbose, notice, warning). Without it (and logfile) the server is silent. */
  loglevel?: string;
  /** Log to this file instead of stdout. */
  logfile?: string;
  /** Any other redis.conf directive, e.g. { maxmemory: '100mb', 'notify-keyspace-events': 'KEA' }. */
  [directive: string]: OptionValue | undefined;
}

export interface RunningServer {
  /** The TCP port actually bound. */
  readonly port: number;
  /** The address clients should connect to (127.0.0.1 for wildcard binds). */
  readonly host: string;
  /** redis://host:port (with :password@ when `requirepass` was given); unix://path without TCP. */
  readonly url: string;
  /** The unix socket path when `unixsocket` was given, else null. */
  readonly unixSocket: string | null;
  /** The underlying server, for advanced use (config, dbs, stats). Not a stable API. */
  readonly server: Server;
  /**
   * Deletes every key of every database, as FLUSHALL SYNC sent by a client would (WATCHes fail,
   * tracking clients are invalidated, blocked stream readers are woken). Synchronous.
   */
  flushall(): void;
  /** Closes every connection and listener, stops every timer. Idempotent. Does not save an RDB. */
  close(): Promise<void>;
  /** Alias of close(). */
  stop(): Promise<void>;
}

/** Thrown by startServer for an unknown directive or an invalid value. */
export class StartOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'StartOptionError';
  }
}

/** Directives whose value is the rest of a redis.conf line rather than one word. */
const LINE_DIRECTIVES = new Set(['user', 'rename-command', 'loadmodule', 'include']);

/** `notifyKeyspaceEvents` → `notify-keyspace-events`; directive names pass through unchanged. */
export function directiveName(key: string): string {
  return /[A-Z]/.test(key) ? key.replace(/[A-Z]/g, (m) => '-' + m.toLowerCase()) : key;
}

function valueText(v: string | number | boolean): string {
  return typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);
}

/**
 * Builds the server's config from startServer's options (the defaults of the file header, then
 * each option as a redis.conf line, in the order given). Throws StartOptionError.
 */
export function buildConfig(opts: StartOptions): { config: Config; givenNames: Set<string> } {
  const config = new Config();
  const state: LoadState = { saveLoaded: false };
  // rename-command checks its command against the real table (built only when needed).
  let registry: Registry | null = null;
  const loadOpts = { commandExists: (name: string) => (registry ??= new Registry(allCommands)).lookup(name) !== undefined };
  const entries: [string, string, OptionValue][] = [];
  const givenNames = new Set<string>();
  for (const [key, value] of Object.entries(opts)) {
    if (value === undefined) continue;
    const name = directiveName(key).toLowerCase();
    if (givenNames.has(name)) throw new StartOptionError(key, `respite: option '${key}' given twice (as '${name}')`);
    givenNames.add(name);
    entries.push([key, name, value]);
  }
  const defaults: [string, string][] = [
    ['port', '0'],
    ['bind', '127.0.0.1'],
    ['save', ''],
  ];
  for (const [name, v] of defaults) if (!givenNames.has(name)) config.set(name, v);
  for (const [key, name, value] of entries) {
    const spec = config.spec(name);
    const wholeLine = LINE_DIRECTIVES.has(name) || spec?.multiArg === true;
    const items = Array.isArray(value) ? (value as readonly (string | number)[]) : [value as string | number | boolean];
    for (const item of items) {
      const text = valueText(item);
      const line = wholeLine && text !== '' ? `${name} ${text}` : `${name} ${quoteRepr(text)}`;
      try {
        applyConfigText(config, line, state, loadOpts);
      } catch (e) {
        if (!(e instanceof ConfigFileError)) throw e;
        // The last line of redis-server's FATAL block is the reason.
        const lines = e.message.split('\n');
        const why = lines[lines.length - 1] ?? e.message;
        throw new StartOptionError(key, `respite: bad option ${key}=${JSON.stringify(item)}: ${why}`);
      }
    }
  }
  return { config, givenNames };
}

/**
 * Starts a server and resolves once it listens. Rejects with StartOptionError for a bad option,
 * or with the listen error (EADDRINUSE…).
 */
export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const { config, givenNames } = buildConfig(opts);
  const server = new Server({ configObject: config });
  // Quiet unless asked: an embedded server must not write to the host's stdout.
  if (!givenNames.has('loglevel') && !givenNames.has('logfile') && !process.env.RESPITE_LOGLEVEL) server.log.level = 'silent';
  if (!givenNames.has('dir') && !givenNames.has('dbfilename')) persistenceOf(server).loadOnStartup = false;
  try {
    await server.listen();
  } catch (e) {
    await server.close();
    throw e;
  }
  const host = server.host;
  const pass = config.str('requirepass');
  const auth = pass !== '' ? `:${encodeURIComponent(pass)}@` : '';
  // Without a TCP listener (port 0 with unixsocket) the url names the socket instead.
  const url =
    server.port === 0 && server.unixSocketPath !== null
      ? `unix://${server.unixSocketPath}`
      : `redis://${auth}${host.includes(':') ? `[${host}]` : host}:${server.port}`;
  const close = (): Promise<void> => server.close();
  return {
    port: server.port,
    host,
    url,
    unixSocket: server.unixSocketPath,
    server,
    flushall: () => flushAll(server),
    close,
    stop: close,
  };
}

/** FLUSHALL SYNC through the command itself (an internal, socket-less client). */
function flushAll(server: Server): void {
  const c = new Client(server, null, 0, new CaptureWriter(2));
  c.authenticated = true;
  const cmd = server.registry.lookup('flushall');
  if (cmd === undefined || cmd.spec.name !== 'flushall') {
    // Renamed away (rename-command): empty the databases directly.
    server.signalFlushedDb(-1);
    for (const db of server.dbs) db.flush();
    return;
  }
  c.argv = ['flushall', 'sync'];
  c.cmd = cmd;
  call(c, cmd);
}
