/**
 * commands/module.ts — MODULE LIST | LOAD | LOADEX | UNLOAD | HELP (moduleCommand in module.c).
 * respite loads no native modules: LIST is empty, LOAD/LOADEX fail as a missing library does,
 * UNLOAD finds no module. LOAD, LOADEX and UNLOAD are protected by enable-module-command
 * ("no" by default), with Redis's error text, like DEBUG with enable-debug-command.
 */
import type { CommandSpec, Flag } from './registry';
import type { CommandContext } from './context';
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import { ReplyError, E } from '../errors';
import { replyHelp } from './help-reply';

function moduleListCommand(c: CommandContext): void {
  c.reply.array(0);
}

function moduleLoadCommand(c: CommandContext): void {
  c.server.log.warn(`Module ${c.argv[2]} failed to load: respite does not load native modules`);
  throw new ReplyError('ERR Error loading the extension. Please check the server logs.');
}

function moduleUnloadCommand(_c: CommandContext): void {
  throw new ReplyError('ERR Error unloading module: no such module with that name');
}

const HELP = [
  'LIST',
  '    Return a list of loaded modules.',
  'LOAD <path> [<arg> ...]',
  '    Load a module library from <path>, passing to it any optional arguments.',
  'LOADEX <path> [[CONFIG NAME VALUE] [CONFIG NAME VALUE]] [ARGS ...]',
  '    Load a module library from <path>, while passing it module configurations and optional arguments.',
  'UNLOAD <name>',
  '    Unload a module.',
];

function moduleHelpCommand(c: CommandContext): void {
  replyHelp(c, HELP);
}

/** islocalClient: unix socket, 127.0.0.1 or ::1. */
function isLocal(c: Client): boolean {
  if (c.flags & ClientFlag.UnixSocket) return true;
  const a = c.addr;
  return a.startsWith('127.0.0.1:') || a.startsWith('[::1]:');
}

/** The protected-command check of processCommand for MODULE LOAD/LOADEX/UNLOAD. */
export function installModuleProtection(server: Server): void {
  server.protectedFilters.push((c, cmd) => {
    if (cmd.parent === null || cmd.parent.name !== 'module' || !cmd.spec.flags.includes('protected')) return null;
    const v = server.config.spec('enable-module-command') ? server.config.str('enable-module-command') : 'no';
    if (v === 'yes' || (v === 'local' && isLocal(c))) return null;
    return E.debugNotAllowed('MODULE');
  });
}

const LOAD_FLAGS: readonly Flag[] = ['admin', 'noscript', 'no_async_loading', 'protected'];

export const moduleCommands: readonly CommandSpec[] = [
  {
    name: 'module', arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, group: 'server',
    since: '4.0.0', summary: 'A container for module commands', complexity: 'Depends on subcommand.',
    subcommands: [
      {
        name: 'help', arity: 2, flags: ['loading', 'stale'], firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '5.0.0',
        summary: 'Show helpful text about the different subcommands', complexity: 'O(1)', handler: moduleHelpCommand,
      },
      {
        name: 'list', arity: 2, flags: ['admin', 'noscript'], firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '4.0.0',
        summary: 'List all modules loaded by the server', complexity: 'O(N) where N is the number of loaded modules.',
        tips: ['nondeterministic_output_order'], handler: moduleListCommand,
      },
      {
        name: 'load', arity: -3, flags: LOAD_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '4.0.0',
        summary: 'Load a module', complexity: 'O(1)', handler: moduleLoadCommand,
      },
      {
        name: 'loadex', arity: -3, flags: LOAD_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '7.0.0',
        summary: 'Load a module with extended parameters', complexity: 'O(1)', handler: moduleLoadCommand,
      },
      {
        name: 'unload', arity: 3, flags: LOAD_FLAGS, firstKey: 0, lastKey: 0, step: 0, group: 'server', since: '4.0.0',
        summary: 'Unload a module', complexity: 'O(1)', handler: moduleUnloadCommand,
      },
    ],
  },
];
