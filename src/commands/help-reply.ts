/**
 * commands/help-reply.ts — the `<CMD> HELP` reply shape shared by container commands
 * (networking.c's addReplyHelp): a header line, the given lines, then the HELP footer, each as
 * a status reply inside one array.
 */
import type { CommandContext } from './context';

/** Replies with the HELP text for the container command in argv[0]. */
export function replyHelp(c: CommandContext, lines: readonly string[]): void {
  c.reply.array(lines.length + 3);
  c.reply.status(`${c.argv[0]!.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) c.reply.status(l);
  c.reply.status('HELP');
  c.reply.status('    Prints this help.');
}
