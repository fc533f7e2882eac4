/**
 * config-file.ts — reads redis.conf and redis-server-style command-line arguments into a Config
 * (config.c loadServerConfigFromString). Flags override the file: they are appended after it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Config } from './config';
import { splitArgs } from './protocol/parser';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the config file, or '' when none. */
  file: string;
}

/** Turns `[file] --port 7000 --save "" ...` into a config. Throws Error with Redis's message. */
export function loadConfigFromArgs(args: string[]): LoadedConfig {
  let file = '';
  let i = 0;
  if (args.length > 0 && !args[0]!.startsWith('--')) {
    file = path.resolve(args[0]!);
    i = 1;
  }
  let text = '';
  if (file) {
    try {
      text = fs.readFileSync(file, 'latin1');
    } catch (e) {
      throw new Error(`Fatal error, can't open config file '${args[0]}': ${(e as Error).message}`);
    }
  }
  // Command-line options: "--name v1 v2 --other v" → lines "name v1 v2".
  const lines: string[] = [];
  let cur: string[] | null = null;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('--') && a.length > 2) {
      if (cur) lines.push(cur.join(' '));
      cur = [a.slice(2)];
    } else if (cur) {
      cur.push(a === '' ? '""' : quoteIfNeeded(a));
    } else {
      throw new Error(`Invalid argument '${a}'`);
    }
  }
  if (cur) lines.push(cur.join(' '));
  const config = new Config();
  applyConfigText(config, text + '\n' + lines.join('\n'));
  return { config, file };
}

function quoteIfNeeded(a: string): string {
  return /[\s"'\\]/.test(a) ? '"' + a.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"' : a;
}

/** Applies redis.conf text. Errors name the line, as Redis's "*** FATAL CONFIG FILE ERROR ***". */
export function applyConfigText(config: Config, text: string): void {
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    const fatal = (msg: string): never => {
      throw new Error(`\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${n + 1}\n>>> '${line}'\n${msg}`);
    };
    if (argv === null) fatal('Unbalanced quotes in configuration line');
    if (argv!.length === 0) continue;
    const name = argv![0]!.toLowerCase();
    if (!config.spec(name)) fatal(`Bad directive or wrong number of arguments`);
    try {
      config.set(name, argv!.slice(1).join(' '));
    } catch (e) {
      fatal((e as Error).message);
    }
  }
}
