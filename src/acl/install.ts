/**
 * acl/install.ts — wires the ACL module into a Server: the AUTH/HELLO hooks, the dispatcher's
 * permission check (processCommand's ACLCheckAllPerm, after NOAUTH and no-multi), requirepass as
 * the default user's password, the config file's `user` directives, the ACL file at start-up
 * and CONFIG REWRITE's user lines. Error texts are Redis 7.0.15's.
 */
import type { Server } from '../server';
import type { Client } from '../protocol/client';
import { ClientFlag } from '../protocol/client';
import type { Command } from '../commands/registry';
import { aclOf, Denied, LogCtx, type Acl } from './acl';

/** processCommand's NOPERM texts. */
export function nopermText(res: Denied, cmd: Command): string {
  switch (res) {
    case Denied.Cmd:
      return `NOPERM this user has no permissions to run the '${cmd.fullName}' command`;
    case Denied.Key:
      return 'NOPERM this user has no permissions to access one of the keys used as arguments';
    case Denied.Channel:
      return 'NOPERM this user has no permissions to access one of the channels used as arguments';
    default:
      return 'ERR no permission';
  }
}

/** getAclErrorMessage (scripts). */
export function aclErrorMessage(res: Denied): string {
  switch (res) {
    case Denied.Cmd:
      return "can't run this command or subcommand";
    case Denied.Key:
      return "can't access at least one of the keys mentioned in the command arguments";
    case Denied.Channel:
      return "can't publish to the channel mentioned in the command";
    default:
      return 'lacking the permissions for the command';
  }
}

function objectFor(res: Denied, cmd: Command, argv: readonly string[], pos: number): string {
  if (res === Denied.Cmd) return cmd.fullName;
  return argv[pos] ?? '';
}

/**
 * Checks a command about to run inside a script (scriptVerifyACL) for the caller's user.
 * Returns null, or the error line ("ERR The user executing the script …"), logged with context lua.
 */
export function aclCheckScriptCall(server: Server, caller: Client, cmd: Command, argv: readonly string[]): string | null {
  const acl = aclOf(server);
  const u = acl.userOf(caller);
  if (u.unrestricted) return null;
  const [res, pos] = acl.checkUserCommand(u, cmd, argv);
  if (res === Denied.Ok) return null;
  acl.addLogEntry(caller, res, LogCtx.Lua, pos, null, objectFor(res, cmd, argv, pos));
  return `ERR The user executing the script ${aclErrorMessage(res)}`;
}

/**
 * EXEC's re-check of a queued command (execCommand): ACL rules may have changed since it was
 * queued. Returns null or the NOPERM line, logged with context multi.
 */
export function aclCheckExecCall(c: Client, cmd: Command, argv: readonly string[]): string | null {
  const acl = aclOf(c.server);
  const u = acl.userOf(c);
  if (u.unrestricted) return null;
  const [res, pos] = acl.checkUserCommand(u, cmd, argv);
  if (res === Denied.Ok) return null;
  acl.addLogEntry(c, res, LogCtx.Multi, pos, null, objectFor(res, cmd, argv, pos));
  const reason =
    res === Denied.Cmd
      ? 'no permission to execute the command or subcommand'
      : res === Denied.Key
        ? 'no permission to touch the specified keys'
        : res === Denied.Channel
          ? 'no permission to access one of the channels used as arguments'
          : 'no permission';
  return (
    'NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. ' +
    `This command is no longer allowed for the following reason: ${reason}`
  );
}

/** Installs the ACL module on a server (called from the Server constructor). */
export function installAcl(server: Server): Acl {
  const acl = aclOf(server);
  const config = server.config;
  acl.updateDefaultPassword(config.str('requirepass'));
  config.onChange('requirepass', (v) => acl.updateDefaultPassword(String(v ?? '')));

  server.hooks.authenticate = (c: Client, user: string, pass: string): boolean => {
    if (acl.checkCredentials(user, pass)) return true;
    acl.addLogEntry(c, Denied.Auth, c.flags & ClientFlag.Multi ? LogCtx.Multi : LogCtx.Toplevel, 0, user, null);
    return false;
  };
  server.hooks.defaultUserNoPass = () => acl.defaultUser.nopass;
  server.hooks.userExists = (name: string) => acl.users.has(name);
  server.aclAuthRequired = () => acl.authRequired();
  server.aclCheck = (c: Client, cmd: Command): string | null => {
    const u = acl.users.get(c.user) ?? acl.defaultUser;
    if (u.unrestricted) return null;
    const [res, pos] = acl.checkUserCommand(u, cmd, c.argv);
    if (res === Denied.Ok) return null;
    acl.addLogEntry(c, res, c.flags & ClientFlag.Multi ? LogCtx.Multi : LogCtx.Toplevel, pos, null, null);
    return nopermText(res, cmd);
  };

  // Users from the config file, then the ACL file (ACLLoadUsersAtStartup): not both.
  const file = config.str('aclfile');
  if (file !== '' && config.userDirectives.length !== 0) {
    throw new Error(
      'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.',
    );
  }
  const err = acl.loadConfiguredUsers(config.userDirectives);
  if (err !== null) throw new Error(`${err}. Critical error while loading ACLs. Exiting.`);
  if (file !== '') {
    const errors = acl.loadFromFile(file);
    if (errors !== null) throw new Error(`Aborting Redis startup because of ACL errors: ${errors}`);
  }
  config.userRewriteLines = () => acl.listLines();
  return acl;
}
