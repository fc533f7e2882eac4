/**
 * errors.ts — the single home of every error reply text (Redis's `shared.*` errors and the
 * `addReplyError*` literals), plus the ReplyError class that carries one to the dispatcher.
 *
 * A ReplyError's `line` starts with the error code (`ERR …`, `WRONGTYPE …`); the writer adds the
 * leading `-` and replaces CR/LF with spaces, as Redis's addReplyErrorLength does.
 * Imports nothing from the rest of the server.
 */

export class ReplyError extends Error {
  /** The error line without the leading '-', e.g. "ERR syntax error". */
  readonly line: string;
  constructor(line: string) {
    super(line);
    this.line = line;
  }
}

/** Shared error texts, spelled exactly as Redis 7.0 prints them (without the leading '-'). */
export const E = {
  wrongType: 'WRONGTYPE Operation against a key holding the wrong kind of value',
  noKey: 'ERR no such key',
  syntax: 'ERR syntax error',
  // CONFIG (config.c)
  configSetUnknown: (name: string) => `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`,
  configSetFailed: (name: string, why: string) => `ERR CONFIG SET failed (possibly related to argument '${name}') - ${why}`,
  configNoFile: 'ERR The server is running without a config file',
  sameObject: 'ERR source and destination objects are the same',
  outOfRange: 'ERR index out of range',
  noScript: 'NOSCRIPT No matching script. Please use EVAL.',
  loading: 'LOADING Redis is loading the dataset in memory',
  noAuth: 'NOAUTH Authentication required.',
  wrongPass: 'WRONGPASS invalid username-password pair or user is disabled.',
  oom: "OOM command not allowed when used memory > 'maxmemory'.",
  execAbort: 'EXECABORT Transaction discarded because of previous errors.',
  busyKey: 'BUSYKEY Target key name already exists.',
  clusterDisabled: 'ERR This instance has cluster support disabled',
  // Persistence (rdb.c, cluster.c DUMP/RESTORE)
  dumpPayload: 'ERR DUMP payload version or checksum are wrong',
  badDataFormat: 'ERR Bad data format',
  invalidTtl: 'ERR Invalid TTL value, must be >= 0',
  invalidIdletime: 'ERR Invalid IDLETIME value, must be >= 0',
  invalidFreq: 'ERR Invalid FREQ value, must be >= 0 and <= 255',
  bgsaveInProgress: 'ERR Background save already in progress',
  aofRewriteInProgress: 'ERR Background append only file rewriting already in progress',
  rdbLoadFailed: 'ERR Error trying to load the RDB dump',
  debugReloadOptions: 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.',
  bareErr: 'ERR',
  misconf:
    "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
  dumpUnsupported: 'ERR DUMP of this value type is not supported yet',
  migrateKeysArg: 'ERR When using MIGRATE KEYS option, the key argument must be set to the empty string',
  migrateIoWrite: 'IOERR error or timeout writing to target instance',
  migrateIoRead: 'IOERR error or timeout reading to target instance',
  migrateTargetError: (e: string) => `ERR Target instance replied with error: ${e}`,
  migrateNotHere: 'ERR MIGRATE cannot run inside MULTI/EXEC or scripts in respite (it waits for the network)',
  readonlyReplica: "READONLY You can't write against a read only replica.",
  noReplicas: 'NOREPLICAS Not enough good replicas to write.',
  masterDown: "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
  replicaSyncNoSocket: 'ERR Replica sync is not possible in this context',
  invalidMasterPort: 'ERR Invalid master port',
  replicaofFromReplica: 'ERR Command is not valid when client is a replica.',
  noMasterLink: "NOMASTERLINK Can't SYNC while not connected with my master",
  unrecognizedReplconf: (opt: string) => `ERR Unrecognized REPLCONF option: ${opt}`,
  waitOnReplica:
    'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.',
  notInteger: 'ERR value is not an integer or out of range',
  notFloat: 'ERR value is not a valid float',
  outOfRangeValue: 'ERR value is out of range',
  mustBePositive: 'ERR value is out of range, must be positive',
  incrOverflow: 'ERR increment or decrement would overflow',
  incrFloatNaN: 'ERR increment would produce NaN or Infinity',
  invalidExpire: (cmd: string) => `ERR invalid expire time in '${cmd}' command`,
  stringTooLong: 'ERR string exceeds maximum allowed size (proto-max-bulk-len)',
  bitOffset: 'ERR bit offset is not an integer or out of range',
  bitValue: 'ERR bit is not an integer or out of range',
  decrOverflow: 'ERR decrement would overflow',
  offsetOutOfRange: 'ERR offset is out of range',
  bitposBit: 'ERR The bit argument must be 1 or 0.',
  bitopNot: 'ERR BITOP NOT must be called with a single source key.',
  bitfieldType: 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.',
  bitfieldOverflow: 'ERR Invalid OVERFLOW type specified',
  bitfieldRo: 'ERR BITFIELD_RO only supports the GET subcommand',
  lcsWrongType: 'ERR The specified keys must contain string values',
  lcsLenAndIdx: 'ERR If you want both the length and indexes, please just use IDX.',
  lcsTooLong: 'ERR String too long for LCS',
  lcsMemory: 'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len',
  lcsAllocFailed: 'ERR Insufficient memory, failed allocating transient memory for LCS',
  timeout: 'ERR timeout is not a float or out of range',
  timeoutNegative: 'ERR timeout is negative',
  dbIndexOutOfRange: 'ERR DB index is out of range',
  invalidDbIndex: 'ERR invalid DB index',
  invalidCursor: 'ERR invalid cursor',
  invalidFirstDbIndex: 'ERR invalid first DB index',
  invalidSecondDbIndex: 'ERR invalid second DB index',
  expireNxConflict: 'ERR NX and XX, GT or LT options at the same time are not compatible',
  expireGtLt: 'ERR GT and LT options at the same time are not compatible',
  unsupportedOption: (opt: string) => `ERR Unsupported option ${opt}`,
  objectFreqNoLfu:
    'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  objectIdleLfu:
    'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
  maxClients: 'ERR max number of clients reached',
  noPassword:
    'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
  noProto: 'NOPROTO unsupported protocol version',
  // lists and hashes (t_list.c, t_hash.c)
  lposRankZero:
    "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list",
  lposCountNegative: "ERR COUNT can't be negative",
  lposMaxlenNegative: "ERR MAXLEN can't be negative",
  hashNotInteger: 'ERR hash value is not an integer',
  hashNotFloat: 'ERR hash value is not a float',
  valueNaNOrInf: 'ERR value is NaN or Infinity',
  // sets, sorted sets, SORT (t_set.c, t_zset.c, sort.c)
  numkeysPositive: 'ERR numkeys should be greater than 0',
  numkeysTooMany: "ERR Number of keys can't be greater than number of args",
  limitNegative: "ERR LIMIT can't be negative",
  countPositive: 'ERR count should be greater than 0',
  zaddNxXx: 'ERR XX and NX options at the same time are not compatible',
  zaddGtLtNx: 'ERR GT, LT, and/or NX options at the same time are not compatible',
  zaddIncrPair: 'ERR INCR option supports a single increment-element pair',
  zaddNaN: 'ERR resulting score is not a number (NaN)',
  minMaxNotFloat: 'ERR min or max is not a float',
  minMaxNotLex: 'ERR min or max not valid string range item',
  zrangeLimit: 'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX',
  zrangeWithscoresLex: 'ERR syntax error, WITHSCORES not supported in combination with BYLEX',
  weightNotFloat: 'ERR weight value is not a float',
  atLeastOneKey: (cmd: string) => `ERR at least 1 input key is needed for '${cmd}' command`,
  sortScores: "ERR One or more scores can't be converted into double",
  /** processCommand's text: args are echoed while the echo is under 128 chars, each cut to fit. */
  unknownCommand: (name: string, args: readonly string[]) => {
    let echo = '';
    for (let i = 0; i < args.length && echo.length < 128; i++) echo += `'${args[i]!.slice(0, 128 - echo.length)}' `;
    return `ERR unknown command '${truncate(name, 128)}', with args beginning with: ${echo}`;
  },
  unknownSubcommand: (sub: string, cmd: string) =>
    `ERR unknown subcommand '${truncate(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  wrongArity: (name: string) => `ERR wrong number of arguments for '${name}' command`,
  protocol: (what: string) => `ERR Protocol error: ${what}`,
  notAllowedInSubscribe: (cmd: string) =>
    `ERR Can't execute '${cmd}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`,
  // connection / CLIENT / HELLO / COMMAND / DEBUG (networking.c, server.c, debug.c)
  resetNotNormal: 'ERR can only reset normal client connections',
  helloProtoNotInt: 'ERR Protocol version is not an integer or out of range',
  helloSyntax: (opt: string) => `ERR Syntax error in HELLO option '${opt}'`,
  helloNoAuth:
    'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
  badClientName: 'ERR Client names cannot contain spaces, newlines or special characters.',
  unknownClientType: (t: string) => `ERR Unknown client type '${t}'`,
  invalidClientId: 'ERR Invalid client ID',
  clientIdNotPositive: 'ERR client-id should be greater than 0',
  noSuchUser: (u: string) => `ERR No such user '${u}'`,
  noSuchClient: 'ERR No such client',
  unblockReason: 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR',
  unblocked: 'UNBLOCKED client unblocked via CLIENT UNBLOCK',
  getkeysInvalidCommand: 'ERR Invalid command specified',
  getkeysNoKeys: 'ERR The command has no key arguments',
  getkeysBadArity: 'ERR Invalid number of arguments specified for command',
  getkeysBadArgs: 'ERR Invalid arguments specified for command',
  debugNotAllowed: (what: string) =>
    `ERR ${what} command not allowed. If the enable-${what.toLowerCase()}-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.`,
  shutdownErrors: 'ERR Errors trying to SHUTDOWN. Check logs.',
  noShutdownInProgress: 'ERR No shutdown in progress.',
  denied:
    "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.",
  // Transactions, pub/sub, client-side caching, MONITOR, CLIENT PAUSE (multi.c, pubsub.c,
  // networking.c, tracking.c, replication.c).
  multiNested: 'ERR MULTI calls can not be nested',
  subcommandSyntax: (sub: string, cmd: string) =>
    `ERR unknown subcommand or wrong number of arguments for '${truncate(sub, 128)}'. Try ${cmd.toUpperCase()} HELP.`,
  execWithoutMulti: 'ERR EXEC without MULTI',
  discardWithoutMulti: 'ERR DISCARD without MULTI',
  watchInMulti: 'ERR WATCH inside MULTI is not allowed',
  notAllowedInMulti: 'ERR Command not allowed inside a transaction',
  execAbortBecause: (why: string) => `EXECABORT Transaction discarded because of: ${why}`,
  subscribeDenyBlocking: (cmd: string) => `ERR ${cmd} isn't allowed for a DENY BLOCKING client`,
  monitorDenyBlocking: "ERR MONITOR isn't allowed for DENY BLOCKING client",
  pauseMode: 'ERR CLIENT PAUSE mode must be WRITE or ALL',
  timeoutNotInteger: 'ERR timeout is not an integer or out of range',
  trackingRedirectSingle: 'ERR A client can only redirect to a single other client',
  trackingRedirectMissing: 'ERR The client ID you want redirect to does not exist',
  trackingPrefixNeedsBcast: 'ERR PREFIX option requires BCAST mode to be enabled',
  trackingBcastSwitch:
    "ERR You can't switch BCAST mode on/off before disabling tracking for this client, and then re-enabling it with a different mode.",
  trackingOptBcast: 'ERR OPTIN and OPTOUT are not compatible with BCAST',
  trackingOptBoth: "ERR You can't specify both OPTIN mode and OPTOUT mode",
  trackingOptSwitch:
    "ERR You can't switch OPTIN/OPTOUT mode before disabling tracking for this client, and then re-enabling it with a different mode.",
  trackingPrefixOverlapExisting: (p: string, q: string) =>
    `ERR Prefix '${p}' overlaps with an existing prefix '${q}'. Prefixes for a single client must not overlap.`,
  trackingPrefixOverlapOther: (p: string, q: string) =>
    `ERR Prefix '${p}' overlaps with another provided prefix '${q}'. Prefixes for a single client must not overlap.`,
  cachingNotTracking:
    'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled',
  cachingYes: 'ERR CLIENT CACHING YES is only valid when tracking is enabled in OPTIN mode.',
  cachingNo: 'ERR CLIENT CACHING NO is only valid when tracking is enabled in OPTOUT mode.',
  // Streams (t_stream.c)
  streamInvalidId: 'ERR Invalid stream ID specified as stream command argument',
  xaddIdTooSmall: 'ERR The ID specified in XADD is equal or smaller than the target stream top item',
  xaddIdZero: 'ERR The ID specified in XADD must be greater than 0-0',
  xaddExhausted: 'ERR The stream has exhausted the last possible ID, unable to add more items',
  xaddTooLarge: 'ERR Elements are too large to be stored',
  xtrimMaxlenNegative: 'ERR The MAXLEN argument must be >= 0.',
  xtrimLimitNegative: 'ERR The LIMIT argument must be >= 0.',
  xtrimBothStrategies: 'ERR syntax error, MAXLEN and MINID options at the same time are not compatible',
  xtrimLimitNoStrategy: 'ERR syntax error, LIMIT cannot be used without specifying a trimming strategy',
  xtrimNoStrategy: 'ERR syntax error, XTRIM must be called with a trimming strategy',
  xtrimLimitNoApprox: 'ERR syntax error, LIMIT cannot be used without the special ~ option',
  streamInvalidStart: 'ERR invalid start ID for the interval',
  streamInvalidEnd: 'ERR invalid end ID for the interval',
  xreadBlockInScript: (cmd: string) => `ERR ${cmd} command is not allowed with BLOCK option from scripts`,
  xreadUnbalanced: "ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.",
  xreadGroupOnlyXreadgroup: 'ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.',
  xreadNoackOnlyXreadgroup: 'ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.',
  xreadgroupMissingGroup: 'ERR Missing GROUP option for XREADGROUP',
  xreadgroupNoGroup: (key: string, group: string) => `NOGROUP No such key '${key}' or consumer group '${group}' in XREADGROUP with GROUP option`,
  xreadgroupDollar:
    'ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.',
  xreadGtOnlyGroup: 'ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.',
  xreadgroupGroupGone: 'NOGROUP the consumer group this client was blocked on no longer exists',
  xreadgroupKeyGone: 'UNBLOCKED the stream key no longer exists',
  xgroupEntriesRead: 'ERR value for ENTRIESREAD must be positive or -1',
  xgroupNoKey:
    'ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.',
  xgroupNoGroup: (group: string, key: string) => `NOGROUP No such consumer group '${group}' for key name '${key}'`,
  busyGroup: 'BUSYGROUP Consumer Group name already exists',
  xsetidEntriesAddedNegative: 'ERR entries_added must be positive',
  xsetidMaxDeletedTooBig: 'ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id',
  xsetidTooSmall: 'ERR The ID specified in XSETID is smaller than the target stream top item',
  xsetidEntriesAddedTooSmall: 'ERR The entries_added specified in XSETID is smaller than the target stream length',
  streamNoGroup: (key: string, group: string) => `NOGROUP No such key '${key}' or consumer group '${group}'`,
  xclaimMinIdle: 'ERR Invalid min-idle-time argument for XCLAIM',
  xclaimIdle: 'ERR Invalid IDLE option argument for XCLAIM',
  xclaimTime: 'ERR Invalid TIME option argument for XCLAIM',
  xclaimRetryCount: 'ERR Invalid RETRYCOUNT option argument for XCLAIM',
  xclaimUnknownOption: (opt: string) => `ERR Unrecognized XCLAIM option '${opt}'`,
  xautoclaimMinIdle: 'ERR Invalid min-idle-time argument for XAUTOCLAIM',
  xautoclaimCount: 'ERR COUNT must be > 0',
  // HyperLogLog (hyperloglog.c)
  hllWrongType: 'WRONGTYPE Key is not a valid HyperLogLog string value.',
  hllInvalid: 'INVALIDOBJ Corrupted HLL object detected',
  pfdebugNoKey: 'ERR The specified key does not exist',
  pfdebugNotSparse: 'ERR HLL encoding is not sparse',
  pfdebugUnknown: (sub: string) => `ERR Unknown PFDEBUG subcommand '${sub}'`,
  // Geo (geo.c)
  geoInvalidLonLat: (lon: string, lat: string) => `ERR invalid longitude,latitude pair ${lon},${lat}`,
  geoUnit: 'ERR unsupported unit provided. please use M, KM, FT, MI',
  geoNeedRadius: 'ERR need numeric radius',
  geoNeedWidth: 'ERR need numeric width',
  geoNeedHeight: 'ERR need numeric height',
  geoRadiusNegative: 'ERR radius cannot be negative',
  geoBoxNegative: 'ERR height or width cannot be negative',
  geoMemberDecode: 'ERR could not decode requested zset member',
  geoCountPositive: 'ERR COUNT must be > 0',
  geoStoreWith: (what: string) => `ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`,
  geoFromOne: (cmd: string) => `ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${cmd}`,
  geoByOne: (cmd: string) => `ERR exactly one of BYRADIUS and BYBOX can be specified for ${cmd}`,
  geoAnyNeedsCount: 'ERR the ANY argument requires COUNT argument',
} as const;

/** Redis truncates user-supplied text echoed in errors (unknown command names and args). */
function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) : s;
}

/** Throws a ReplyError with the given line. Typed `never` so callers can use it in expressions. */
export function fail(line: string): never {
  throw new ReplyError(line);
}
