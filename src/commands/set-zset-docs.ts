/**
 * commands/set-zset-docs.ts — COMMAND DOCS metadata (since, summary, complexity) of the set,
 * sorted-set and SORT commands, as redis-server 7.0.15 prints them (wire-visible text).
 */

export interface CommandDocs {
  readonly since: string;
  readonly summary: string;
  readonly complexity: string;
}

export const SET_ZSET_DOCS: Readonly<Record<string, CommandDocs>> = {
  sadd: { since: "1.0.0", summary: "Add one or more members to a set", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments." },
  srem: { since: "1.0.0", summary: "Remove one or more members from a set", complexity: "O(N) where N is the number of members to be removed." },
  smembers: { since: "1.0.0", summary: "Get all the members in a set", complexity: "O(N) where N is the set cardinality." },
  sismember: { since: "1.0.0", summary: "Determine if a given value is a member of a set", complexity: "O(1)" },
  smismember: { since: "6.2.0", summary: "Returns the membership associated with the given elements for a set", complexity: "O(N) where N is the number of elements being checked for membership" },
  scard: { since: "1.0.0", summary: "Get the number of members in a set", complexity: "O(1)" },
  spop: { since: "1.0.0", summary: "Remove and return one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the value of the passed count." },
  srandmember: { since: "1.0.0", summary: "Get one or multiple random members from a set", complexity: "Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count." },
  smove: { since: "1.0.0", summary: "Move a member from one set to another", complexity: "O(1)" },
  sinter: { since: "1.0.0", summary: "Intersect multiple sets", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets." },
  sintercard: { since: "7.0.0", summary: "Intersect multiple sets and return the cardinality of the result", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets." },
  sinterstore: { since: "1.0.0", summary: "Intersect multiple sets and store the resulting set in a key", complexity: "O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets." },
  sunion: { since: "1.0.0", summary: "Add multiple sets", complexity: "O(N) where N is the total number of elements in all given sets." },
  sunionstore: { since: "1.0.0", summary: "Add multiple sets and store the resulting set in a key", complexity: "O(N) where N is the total number of elements in all given sets." },
  sdiff: { since: "1.0.0", summary: "Subtract multiple sets", complexity: "O(N) where N is the total number of elements in all given sets." },
  sdiffstore: { since: "1.0.0", summary: "Subtract multiple sets and store the resulting set in a key", complexity: "O(N) where N is the total number of elements in all given sets." },
  sscan: { since: "2.8.0", summary: "Incrementally iterate Set elements", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.." },
  zadd: { since: "1.2.0", summary: "Add one or more members to a sorted set, or update its score if it already exists", complexity: "O(log(N)) for each item added, where N is the number of elements in the sorted set." },
  zincrby: { since: "1.2.0", summary: "Increment the score of a member in a sorted set", complexity: "O(log(N)) where N is the number of elements in the sorted set." },
  zscore: { since: "1.2.0", summary: "Get the score associated with the given member in a sorted set", complexity: "O(1)" },
  zmscore: { since: "6.2.0", summary: "Get the score associated with the given members in a sorted set", complexity: "O(N) where N is the number of members being requested." },
  zcard: { since: "1.2.0", summary: "Get the number of members in a sorted set", complexity: "O(1)" },
  zcount: { since: "2.0.0", summary: "Count the members in a sorted set with scores within the given values", complexity: "O(log(N)) with N being the number of elements in the sorted set." },
  zlexcount: { since: "2.8.9", summary: "Count the number of members in a sorted set between a given lexicographical range", complexity: "O(log(N)) with N being the number of elements in the sorted set." },
  zrange: { since: "1.2.0", summary: "Return a range of members in a sorted set", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned." },
  zrangestore: { since: "6.2.0", summary: "Store a range of members from sorted set into another key", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key." },
  zrangebyscore: { since: "1.0.5", summary: "Return a range of members in a sorted set, by score", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))." },
  zrevrangebyscore: { since: "2.2.0", summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))." },
  zrangebylex: { since: "2.8.9", summary: "Return a range of members in a sorted set, by lexicographical range", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))." },
  zrevrangebylex: { since: "2.8.9", summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 elements with LIMIT), you can consider it O(log(N))." },
  zrevrange: { since: "1.2.0", summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned." },
  zrank: { since: "2.0.0", summary: "Determine the index of a member in a sorted set", complexity: "O(log(N))" },
  zrevrank: { since: "2.0.0", summary: "Determine the index of a member in a sorted set, with scores ordered from high to low", complexity: "O(log(N))" },
  zrem: { since: "1.2.0", summary: "Remove one or more members from a sorted set", complexity: "O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed." },
  zremrangebyrank: { since: "2.0.0", summary: "Remove all members in a sorted set within the given indexes", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation." },
  zremrangebyscore: { since: "1.2.0", summary: "Remove all members in a sorted set within the given scores", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation." },
  zremrangebylex: { since: "2.8.9", summary: "Remove all members in a sorted set between the given lexicographical range", complexity: "O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements removed by the operation." },
  zpopmin: { since: "5.0.0", summary: "Remove and return members with the lowest scores in a sorted set", complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped." },
  zpopmax: { since: "5.0.0", summary: "Remove and return members with the highest scores in a sorted set", complexity: "O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped." },
  zmpop: { since: "7.0.0", summary: "Remove and return members with scores in a sorted set", complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped." },
  bzpopmin: { since: "5.0.0", summary: "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available", complexity: "O(log(N)) with N being the number of elements in the sorted set." },
  bzpopmax: { since: "5.0.0", summary: "Remove and return the member with the highest score from one or more sorted sets, or block until one is available", complexity: "O(log(N)) with N being the number of elements in the sorted set." },
  bzmpop: { since: "7.0.0", summary: "Remove and return members with scores in a sorted set or block until one is available", complexity: "O(K) + O(M*log(N)) where K is the number of provided keys, N being the number of elements in the sorted set, and M being the number of elements popped." },
  zunion: { since: "6.2.0", summary: "Add multiple sorted sets", complexity: "O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set." },
  zinter: { since: "6.2.0", summary: "Intersect multiple sorted sets", complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set." },
  zdiff: { since: "6.2.0", summary: "Subtract multiple sorted sets", complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set." },
  zunionstore: { since: "2.0.0", summary: "Add multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set." },
  zinterstore: { since: "2.0.0", summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(N*K)+O(M*log(M)) worst case with N being the smallest input sorted set, K being the number of input sorted sets and M being the number of elements in the resulting sorted set." },
  zdiffstore: { since: "6.2.0", summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key", complexity: "O(L + (N-K)log(N)) worst case where L is the total number of elements in all the sets, N is the size of the first set, and K is the size of the result set." },
  zintercard: { since: "7.0.0", summary: "Intersect multiple sorted sets and return the cardinality of the result", complexity: "O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets." },
  zrandmember: { since: "6.2.0", summary: "Get one or multiple random elements from a sorted set", complexity: "O(N) where N is the number of elements returned" },
  zscan: { since: "2.8.0", summary: "Incrementally iterate sorted sets elements and associated scores", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.." },
  sort: { since: "1.0.0", summary: "Sort the elements in a list, set or sorted set", complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)." },
  "sort_ro": { since: "7.0.0", summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", complexity: "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N)." },
};

/** The docs fields of one command, to spread into its CommandSpec. */
export function docs(name: string): CommandDocs {
  const d = SET_ZSET_DOCS[name];
  if (d === undefined) throw new Error(`no docs for ${name}`);
  return d;
}
