/**
 * commands/list-hash-docs.ts — COMMAND DOCS metadata (since, summary, complexity) of the list
 * and hash commands, as redis-server 7.0.15 prints them (wire-visible text, taken from
 * `COMMAND DOCS` of the reference server).
 */

export interface CommandDocs {
  readonly since: string;
  readonly summary: string;
  readonly complexity: string;
}

const LIST_HASH_DOCS: Readonly<Record<string, CommandDocs>> = {
  lpush: { since: "1.0.0", summary: "Prepend one or multiple elements to a list", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments." },
  rpush: { since: "1.0.0", summary: "Append one or multiple elements to a list", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments." },
  lpushx: { since: "2.2.0", summary: "Prepend an element to a list, only if the list exists", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments." },
  rpushx: { since: "2.2.0", summary: "Append an element to a list, only if the list exists", complexity: "O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments." },
  lpop: { since: "1.0.0", summary: "Remove and get the first elements in a list", complexity: "O(N) where N is the number of elements returned" },
  rpop: { since: "1.0.0", summary: "Remove and get the last elements in a list", complexity: "O(N) where N is the number of elements returned" },
  llen: { since: "1.0.0", summary: "Get the length of a list", complexity: "O(1)" },
  lrange: { since: "1.0.0", summary: "Get a range of elements from a list", complexity: "O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range." },
  lindex: { since: "1.0.0", summary: "Get an element from a list by its index", complexity: "O(N) where N is the number of elements to traverse to get to the element at index. This makes asking for the first or the last element of the list O(1)." },
  lset: { since: "1.0.0", summary: "Set the value of an element in a list by its index", complexity: "O(N) where N is the length of the list. Setting either the first or the last element of the list is O(1)." },
  linsert: { since: "2.2.0", summary: "Insert an element before or after another element in a list", complexity: "O(N) where N is the number of elements to traverse before seeing the value pivot. This means that inserting somewhere on the left end on the list (head) can be considered O(1) and inserting somewhere on the right end (tail) is O(N)." },
  lrem: { since: "1.0.0", summary: "Remove elements from a list", complexity: "O(N+M) where N is the length of the list and M is the number of elements removed." },
  ltrim: { since: "1.0.0", summary: "Trim a list to the specified range", complexity: "O(N) where N is the number of elements to be removed by the operation." },
  lpos: { since: "6.0.6", summary: "Return the index of matching elements on a list", complexity: "O(N) where N is the number of elements in the list, for the average case. When searching for elements near the head or the tail of the list, or when the MAXLEN option is provided, the command may run in constant time." },
  rpoplpush: { since: "1.2.0", summary: "Remove the last element in a list, prepend it to another list and return it", complexity: "O(1)" },
  lmove: { since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it", complexity: "O(1)" },
  lmpop: { since: "7.0.0", summary: "Pop elements from a list", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned." },
  blpop: { since: "2.0.0", summary: "Remove and get the first element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys." },
  brpop: { since: "2.0.0", summary: "Remove and get the last element in a list, or block until one is available", complexity: "O(N) where N is the number of provided keys." },
  brpoplpush: { since: "2.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)" },
  blmove: { since: "6.2.0", summary: "Pop an element from a list, push it to another list and return it; or block until one is available", complexity: "O(1)" },
  blmpop: { since: "7.0.0", summary: "Pop elements from a list, or block until one is available", complexity: "O(N+M) where N is the number of provided keys and M is the number of elements returned." },
  hset: { since: "2.0.0", summary: "Set the string value of a hash field", complexity: "O(1) for each field/value pair added, so O(N) to add N field/value pairs when the command is called with multiple field/value pairs." },
  hsetnx: { since: "2.0.0", summary: "Set the value of a hash field, only if the field does not exist", complexity: "O(1)" },
  hget: { since: "2.0.0", summary: "Get the value of a hash field", complexity: "O(1)" },
  hmget: { since: "2.0.0", summary: "Get the values of all the given hash fields", complexity: "O(N) where N is the number of fields being requested." },
  hmset: { since: "2.0.0", summary: "Set multiple hash fields to multiple values", complexity: "O(N) where N is the number of fields being set." },
  hdel: { since: "2.0.0", summary: "Delete one or more hash fields", complexity: "O(N) where N is the number of fields to be removed." },
  hlen: { since: "2.0.0", summary: "Get the number of fields in a hash", complexity: "O(1)" },
  hstrlen: { since: "3.2.0", summary: "Get the length of the value of a hash field", complexity: "O(1)" },
  hexists: { since: "2.0.0", summary: "Determine if a hash field exists", complexity: "O(1)" },
  hkeys: { since: "2.0.0", summary: "Get all the fields in a hash", complexity: "O(N) where N is the size of the hash." },
  hvals: { since: "2.0.0", summary: "Get all the values in a hash", complexity: "O(N) where N is the size of the hash." },
  hgetall: { since: "2.0.0", summary: "Get all the fields and values in a hash", complexity: "O(N) where N is the size of the hash." },
  hincrby: { since: "2.0.0", summary: "Increment the integer value of a hash field by the given number", complexity: "O(1)" },
  hincrbyfloat: { since: "2.6.0", summary: "Increment the float value of a hash field by the given amount", complexity: "O(1)" },
  hrandfield: { since: "6.2.0", summary: "Get one or multiple random fields from a hash", complexity: "O(N) where N is the number of fields returned" },
  hscan: { since: "2.8.0", summary: "Incrementally iterate hash fields and associated values", complexity: "O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection.." },
};

/** The docs fields of one command, to spread into its CommandSpec. */
export function lhDocs(name: string): CommandDocs {
  const d = LIST_HASH_DOCS[name];
  if (d === undefined) throw new Error(`no docs for ${name}`);
  return d;
}
