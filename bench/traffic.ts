/**
 * bench/traffic.ts — request traffic shared by the microbenchmarks: what redis-benchmark and
 * typical ioredis pipelines send (short keys, small values, a few wide commands).
 */
export function encode(args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return s;
}

/** `count` commands: GET/SET/INCR/HSET/LPUSH/ZADD/MSET mix with `valueSize`-byte values. */
export function typicalTraffic(count: number, valueSize: number): Buffer {
  const parts: string[] = [];
  const v = 'x'.repeat(valueSize);
  for (let i = 0; i < count; i++) {
    const k = `key:${String(i % 100000).padStart(12, '0')}`;
    switch (i % 8) {
      case 0:
      case 1:
      case 2:
        parts.push(encode(['GET', k]));
        break;
      case 3:
      case 4:
        parts.push(encode(['SET', k, v]));
        break;
      case 5:
        parts.push(encode(['INCR', 'counter:rand_int']));
        break;
      case 6:
        parts.push(encode(['HSET', 'myhash', `element:${i}`, v]));
        break;
      default:
        parts.push(encode(['MSET', ...Array.from({ length: 10 }, (_, j) => [`key:${j}`, v]).flat()]));
    }
  }
  return Buffer.from(parts.join(''), 'latin1');
}

/** Cuts a buffer into socket-read-sized chunks (Node reads up to 64 KB at a time). */
export function chunked(buf: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) out.push(buf.subarray(i, i + size));
  return out;
}
