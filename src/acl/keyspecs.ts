/**
 * acl/keyspecs.ts — the key specs of every command as `COMMAND INFO` of Redis 7.0.15 prints them
 * (interface metadata): for each spec, its flags in COMMAND GETKEYSANDFLAGS form (RO/RW/OW/RM,
 * then access/insert/delete/update/not_key/incomplete/variable_flags) and where it begins: the
 * begin_search index, keyword (lower-case) or null (unknown). Generated from a live
 * redis-server 7.0.15. Used by the ACL key checks (%R~ / %W~) and COMMAND GETKEYSANDFLAGS.
 * Imports only types.
 */
import type { Command } from '../commands/registry';

export type KeySpec = readonly [string, number | string | null];

export const KEY_SPECS: Readonly<Record<string, readonly KeySpec[]>> = {
  'append': [['RW insert',1]],
  'bitcount': [['RO access',1]],
  'bitfield': [['RW access update variable_flags',1]],
  'bitfield_ro': [['RO access',1]],
  'bitop': [['OW update',2],['RO access',3]],
  'bitpos': [['RO access',1]],
  'blmove': [['RW access delete',1],['RW insert',2]],
  'blmpop': [['RW access delete',2]],
  'blpop': [['RW access delete',1]],
  'brpop': [['RW access delete',1]],
  'brpoplpush': [['RW access delete',1],['RW insert',2]],
  'bzmpop': [['RW access delete',2]],
  'bzpopmax': [['RW access delete',1]],
  'bzpopmin': [['RW access delete',1]],
  'copy': [['RO access',1],['OW update',2]],
  'decr': [['RW access update',1]],
  'decrby': [['RW access update',1]],
  'del': [['RM delete',1]],
  'dump': [['RO access',1]],
  'eval': [['RW access update',2]],
  'eval_ro': [['RO access',2]],
  'evalsha': [['RW access update',2]],
  'evalsha_ro': [['RO access',2]],
  'exists': [['RO',1]],
  'expire': [['RW update',1]],
  'expireat': [['RW update',1]],
  'expiretime': [['RO access',1]],
  'fcall': [['RW access update',2]],
  'fcall_ro': [['RO access',2]],
  'geoadd': [['RW update',1]],
  'geodist': [['RO access',1]],
  'geohash': [['RO access',1]],
  'geopos': [['RO access',1]],
  'georadius': [['RO access',1],['OW update','store'],['OW update','storedist']],
  'georadius_ro': [['RO access',1]],
  'georadiusbymember': [['RO access',1],['OW update','store'],['OW update','storedist']],
  'georadiusbymember_ro': [['RO access',1]],
  'geosearch': [['RO access',1]],
  'geosearchstore': [['OW update',1],['RO access',2]],
  'get': [['RO access',1]],
  'getbit': [['RO access',1]],
  'getdel': [['RW access delete',1]],
  'getex': [['RW access update',1]],
  'getrange': [['RO access',1]],
  'getset': [['RW access update',1]],
  'hdel': [['RW delete',1]],
  'hexists': [['RO',1]],
  'hget': [['RO access',1]],
  'hgetall': [['RO access',1]],
  'hincrby': [['RW access update',1]],
  'hincrbyfloat': [['RW access update',1]],
  'hkeys': [['RO access',1]],
  'hlen': [['RO',1]],
  'hmget': [['RO access',1]],
  'hmset': [['RW update',1]],
  'hrandfield': [['RO access',1]],
  'hscan': [['RO access',1]],
  'hset': [['RW update',1]],
  'hsetnx': [['RW insert',1]],
  'hstrlen': [['RO',1]],
  'hvals': [['RO access',1]],
  'incr': [['RW access update',1]],
  'incrby': [['RW access update',1]],
  'incrbyfloat': [['RW access update',1]],
  'lcs': [['RO access',1]],
  'lindex': [['RO access',1]],
  'linsert': [['RW insert',1]],
  'llen': [['RO',1]],
  'lmove': [['RW access delete',1],['RW insert',2]],
  'lmpop': [['RW access delete',1]],
  'lpop': [['RW access delete',1]],
  'lpos': [['RO access',1]],
  'lpush': [['RW insert',1]],
  'lpushx': [['RW insert',1]],
  'lrange': [['RO access',1]],
  'lrem': [['RW delete',1]],
  'lset': [['RW update',1]],
  'ltrim': [['RW delete',1]],
  'memory|usage': [['RO',2]],
  'mget': [['RO access',1]],
  'migrate': [['RW access delete',3],['RW access delete incomplete','keys']],
  'move': [['RW access update',1]],
  'mset': [['OW update',1]],
  'msetnx': [['OW insert',1]],
  'object|encoding': [['RO',2]],
  'object|freq': [['RO',2]],
  'object|idletime': [['RO',2]],
  'object|refcount': [['RO',2]],
  'persist': [['RW update',1]],
  'pexpire': [['RW update',1]],
  'pexpireat': [['RW update',1]],
  'pexpiretime': [['RO access',1]],
  'pfadd': [['RW insert',1]],
  'pfcount': [['RW access',1]],
  'pfdebug': [['RW access',2]],
  'pfmerge': [['RW access insert',1],['RO access',2]],
  'psetex': [['OW update',1]],
  'pttl': [['RO access',1]],
  'rename': [['RW access delete',1],['OW update',2]],
  'renamenx': [['RW access delete',1],['OW insert',2]],
  'restore': [['OW update',1]],
  'restore-asking': [['OW update',1]],
  'rpop': [['RW access delete',1]],
  'rpoplpush': [['RW access delete',1],['RW insert',2]],
  'rpush': [['RW insert',1]],
  'rpushx': [['RW insert',1]],
  'sadd': [['RW insert',1]],
  'scard': [['RO',1]],
  'sdiff': [['RO access',1]],
  'sdiffstore': [['OW update',1],['RO access',2]],
  'set': [['RW access update variable_flags',1]],
  'setbit': [['RW access update',1]],
  'setex': [['OW update',1]],
  'setnx': [['OW insert',1]],
  'setrange': [['RW update',1]],
  'sinter': [['RO access',1]],
  'sintercard': [['RO access',1]],
  'sinterstore': [['RW update',1],['RO access',2]],
  'sismember': [['RO',1]],
  'smembers': [['RO access',1]],
  'smismember': [['RO access',1]],
  'smove': [['RW access delete',1],['RW insert',2]],
  'sort': [['RO access',1],['RO access',null],['OW update',null]],
  'sort_ro': [['RO access',1],['RO access',null]],
  'spop': [['RW access delete',1]],
  'spublish': [['not_key',1]],
  'srandmember': [['RO access',1]],
  'srem': [['RW delete',1]],
  'sscan': [['RO access',1]],
  'ssubscribe': [['not_key',1]],
  'strlen': [['RO',1]],
  'substr': [['RO access',1]],
  'sunion': [['RO access',1]],
  'sunionstore': [['OW update',1],['RO access',2]],
  'sunsubscribe': [['not_key',1]],
  'touch': [['RO',1]],
  'ttl': [['RO access',1]],
  'type': [['RO',1]],
  'unlink': [['RM delete',1]],
  'watch': [['RO',1]],
  'xack': [['RW update',1]],
  'xadd': [['RW update',1]],
  'xautoclaim': [['RW delete',1]],
  'xclaim': [['RW update',1]],
  'xdel': [['RW delete',1]],
  'xgroup|create': [['RW insert',2]],
  'xgroup|createconsumer': [['RW insert',2]],
  'xgroup|delconsumer': [['RW delete',2]],
  'xgroup|destroy': [['RW delete',2]],
  'xgroup|setid': [['RW update',2]],
  'xinfo|consumers': [['RO access',2]],
  'xinfo|groups': [['RO access',2]],
  'xinfo|stream': [['RO access',2]],
  'xlen': [['RO',1]],
  'xpending': [['RO access',1]],
  'xrange': [['RO access',1]],
  'xread': [['RO access','streams']],
  'xreadgroup': [['RO access','streams']],
  'xrevrange': [['RO access',1]],
  'xsetid': [['RW update',1]],
  'xtrim': [['RW delete',1]],
  'zadd': [['RW update',1]],
  'zcard': [['RO',1]],
  'zcount': [['RO access',1]],
  'zdiff': [['RO access',1]],
  'zdiffstore': [['OW update',1],['RO access',2]],
  'zincrby': [['RW access update',1]],
  'zinter': [['RO access',1]],
  'zintercard': [['RO access',1]],
  'zinterstore': [['OW update',1],['RO access',2]],
  'zlexcount': [['RO access',1]],
  'zmpop': [['RW access delete',1]],
  'zmscore': [['RO access',1]],
  'zpopmax': [['RW access delete',1]],
  'zpopmin': [['RW access delete',1]],
  'zrandmember': [['RO access',1]],
  'zrange': [['RO access',1]],
  'zrangebylex': [['RO access',1]],
  'zrangebyscore': [['RO access',1]],
  'zrangestore': [['OW update',1],['RO access',2]],
  'zrank': [['RO access',1]],
  'zrem': [['RW delete',1]],
  'zremrangebylex': [['RW delete',1]],
  'zremrangebyrank': [['RW delete',1]],
  'zremrangebyscore': [['RW delete',1]],
  'zrevrange': [['RO access',1]],
  'zrevrangebylex': [['RO access',1]],
  'zrevrangebyscore': [['RO access',1]],
  'zrevrank': [['RO access',1]],
  'zscan': [['RO access',1]],
  'zscore': [['RO access',1]],
  'zunion': [['RO access',1]],
  'zunionstore': [['OW update',1],['RO access',2]],
};

const RW_ACCESS_UPDATE: readonly string[] = ['RW', 'access', 'update'];
const OW_UPDATE: readonly string[] = ['OW', 'update'];
const RO_ACCESS: readonly string[] = ['RO', 'access'];

/**
 * The key-spec flags of the key at argv[pos] (a position cmd.keyPositions returned), or null when
 * the table doesn't know the command. VARIABLE_FLAGS specs are refined as Redis's getkeys procs
 * do (setGetKeys, bitfieldGetKeys).
 */
export function keySpecFlags(cmd: Command, argv: readonly string[], pos: number): readonly string[] | null {
  const name = cmd.fullName;
  if (name === 'set') {
    for (let i = 3; i < argv.length; i++) if (argv[i]!.toLowerCase() === 'get') return RW_ACCESS_UPDATE;
    return OW_UPDATE;
  }
  if (name === 'bitfield') {
    for (let i = 2; i < argv.length; i++) {
      const a = argv[i]!.toLowerCase();
      if (a === 'set' || a === 'incrby') return RW_ACCESS_UPDATE;
    }
    return RO_ACCESS;
  }
  const specs = KEY_SPECS[name];
  if (specs === undefined || specs.length === 0) return null;
  if ((name === 'sort' || name === 'sort_ro') && specs.length > 2) return split(specs[pos > 1 && name === 'sort' ? 2 : 0]![0]);
  if (specs.length === 1) return split(specs[0]![0]);
  // A keyword spec applies from its keyword on; otherwise the index spec at or before pos.
  let best: KeySpec | null = null;
  let bestAt = -1;
  for (const s of specs) {
    const w = s[1];
    if (typeof w === 'string') {
      for (let i = pos - 1; i > 0; i--) {
        if (argv[i]!.toLowerCase() === w) {
          if (i > bestAt) {
            best = s;
            bestAt = i;
          }
          break;
        }
      }
    }
  }
  if (best === null) {
    for (const s of specs) {
      const w = s[1];
      if (typeof w === 'number' && w <= pos && w > bestAt) {
        best = s;
        bestAt = w;
      }
    }
  }
  return split((best ?? specs[0]!)[0]);
}

const cache = new Map<string, readonly string[]>();
function split(flags: string): readonly string[] {
  let v = cache.get(flags);
  if (v === undefined) cache.set(flags, (v = flags === '' ? [] : flags.split(' ')));
  return v;
}
