/**
 * persistence/rdb-constants.ts — the RDB format's numbers (rdb.h of Redis 7.0). These are
 * on-disk interface, identical in every file Redis 7.0 reads and writes.
 */
export const RDB_VERSION = 10;
/** The redis-ver AUX field (server.ts REDIS_VERSION; not imported to keep this layer free of server.ts). */
export const REDIS_VER = '7.0.15';

export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;

export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

export const T_STRING = 0;
export const T_LIST = 1;
export const T_SET = 2;
export const T_ZSET = 3;
export const T_HASH = 4;
export const T_ZSET_2 = 5;
export const T_MODULE = 6;
export const T_MODULE_2 = 7;
export const T_HASH_ZIPMAP = 9;
export const T_LIST_ZIPLIST = 10;
export const T_SET_INTSET = 11;
export const T_ZSET_ZIPLIST = 12;
export const T_HASH_ZIPLIST = 13;
export const T_LIST_QUICKLIST = 14;
export const T_STREAM_LISTPACKS = 15;
export const T_HASH_LISTPACK = 16;
export const T_ZSET_LISTPACK = 17;
export const T_LIST_QUICKLIST_2 = 18;
export const T_STREAM_LISTPACKS_2 = 19;

export const OP_FUNCTION2 = 245;
export const OP_FUNCTION = 246;
export const OP_MODULE_AUX = 247;
export const OP_IDLE = 248;
export const OP_FREQ = 249;
export const OP_AUX = 250;
export const OP_RESIZEDB = 251;
export const OP_EXPIRETIME_MS = 252;
export const OP_EXPIRETIME = 253;
export const OP_SELECTDB = 254;
export const OP_EOF = 255;

export const MODULE_OPCODE_EOF = 0;
export const MODULE_OPCODE_SINT = 1;
export const MODULE_OPCODE_UINT = 2;
export const MODULE_OPCODE_FLOAT = 3;
export const MODULE_OPCODE_DOUBLE = 4;
export const MODULE_OPCODE_STRING = 5;

/** Quicklist-2 node containers. */
export const QUICKLIST_NODE_PLAIN = 1;
export const QUICKLIST_NODE_PACKED = 2;

/** True for a byte that starts a key/value pair (rdbIsObjectType). */
export function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19);
}
