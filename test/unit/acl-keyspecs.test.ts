/**
 * The key-spec table (src/acl/keyspecs.ts) against the registry: every command with keys is
 * described, and the access flags the ACL derives follow the spec flags.
 */
import { describe, it, expect } from 'vitest';
import { Registry } from '../../src/commands/registry';
import { allCommands } from '../../src/commands/index';
import { KEY_SPECS, keySpecFlags } from '../../src/acl/keyspecs';

const registry = new Registry(allCommands);
const all = registry.all.flatMap((c) => [c, ...(c.subcommands ? [...c.subcommands.values()] : [])]);

describe('acl key specs', () => {
  it('every registered command with keys has Redis key specs', () => {
    const missing = all.filter((c) => (c.spec.firstKey !== 0 || c.spec.keys) && KEY_SPECS[c.fullName] === undefined).map((c) => c.fullName);
    expect(missing).toEqual([]);
  });

  it('table flags are well formed', () => {
    const known = new Set(['RO', 'RW', 'OW', 'RM', 'access', 'insert', 'delete', 'update', 'not_key', 'incomplete', 'variable_flags']);
    for (const [name, specs] of Object.entries(KEY_SPECS)) {
      for (const [flags] of specs) for (const f of flags.split(' ').filter(Boolean)) expect(known.has(f), `${name}: ${f}`).toBe(true);
    }
  });

  it('refines SET and BITFIELD, picks the spec by position or keyword', () => {
    const cmd = (n: string) => registry.lookupFull(n)!;
    expect(keySpecFlags(cmd('set'), ['set', 'k', 'v'], 1)).toEqual(['OW', 'update']);
    expect(keySpecFlags(cmd('set'), ['set', 'k', 'v', 'GET'], 1)).toEqual(['RW', 'access', 'update']);
    expect(keySpecFlags(cmd('bitfield'), ['bitfield', 'k', 'GET', 'u8', '0'], 1)).toEqual(['RO', 'access']);
    expect(keySpecFlags(cmd('bitfield'), ['bitfield', 'k', 'INCRBY', 'u8', '0', '1'], 1)).toEqual(['RW', 'access', 'update']);
    expect(keySpecFlags(cmd('lmove'), ['lmove', 'a', 'b', 'left', 'left'], 1)).toEqual(['RW', 'access', 'delete']);
    expect(keySpecFlags(cmd('lmove'), ['lmove', 'a', 'b', 'left', 'left'], 2)).toEqual(['RW', 'insert']);
    expect(keySpecFlags(cmd('sort'), ['sort', 'a', 'store', 'b'], 3)).toEqual(['OW', 'update']);
    expect(keySpecFlags(cmd('sort'), ['sort', 'a', 'store', 'b'], 1)).toEqual(['RO', 'access']);
    expect(keySpecFlags(cmd('zunionstore'), ['zunionstore', 'd', '2', 'a', 'b'], 1)).toEqual(['OW', 'update']);
    expect(keySpecFlags(cmd('zunionstore'), ['zunionstore', 'd', '2', 'a', 'b'], 4)).toEqual(['RO', 'access']);
    expect(keySpecFlags(cmd('get'), ['get', 'k'], 1)).toEqual(['RO', 'access']);
  });
});
