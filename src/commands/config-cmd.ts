/**
 * commands/config-cmd.ts — CONFIG GET/SET (minimal first version).
 */
import type { CommandSpec } from './registry';
import type { CommandContext } from './context';
import { ReplyError } from '../errors';

function configGetCommand(c: CommandContext): void {
  const out: string[] = [];
  for (const pat of c.argv.slice(2)) {
    const spec = c.server.config.spec(pat);
    if (spec) out.push(spec.name, c.server.config.get(spec.name));
  }
  c.reply.map(out.length / 2);
  for (const s of out) c.reply.bulk(s);
}

function configSetCommand(c: CommandContext): void {
  for (let i = 2; i + 1 < c.argv.length; i += 2) {
    const name = c.argv[i]!;
    if (!c.server.config.spec(name)) throw new ReplyError(`ERR Unknown option or number of arguments for CONFIG SET - '${name}'`);
    try {
      c.server.config.set(name, c.argv[i + 1]!);
    } catch (e) {
      throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${(e as Error).message}`);
    }
  }
  c.reply.ok();
}

export const configCommands: readonly CommandSpec[] = [
  {
    name: 'config', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    subcommands: [
      { name: 'get', arity: -3, flags: ['admin', 'noscript', 'loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'server', handler: configGetCommand },
      { name: 'set', arity: -4, flags: ['admin', 'noscript', 'loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'server', handler: configSetCommand },
    ],
  },
];
