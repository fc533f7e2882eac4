#!/usr/bin/env bash
# Side-by-side eviction quality: `redis-cli --lru-test` against respite and a real
# redis-server 7.0.15 at the same maxmemory / policy.
#
# Usage: bench/lru-test.sh [maxmemory] [seconds] [keyspace] [policy]
#   defaults: 30mb 40 1000000 allkeys-lru
# (at 50mb redis-server holds the whole working set of --lru-test 1000000 for
# 40s and evicts nothing; 30mb makes both servers evict.)
# ONLY=respite|redis runs just one of them (e.g. to match the number of keys held).
# Ports: respite 7290, redis-server 7291 (override with RESPITE_PORT / REDIS_PORT).
# RESPITE_CLI=path/to/cli.js runs another build than dist/cli.js (e.g. a copy, to compare).
# Prints the last steady-state lines of each run plus used_memory / evicted_keys.
set -u
cd "$(dirname "$0")/.."
MAXMEM=${1:-30mb}
SECS=${2:-40}
KEYS=${3:-1000000}
POLICY=${4:-allkeys-lru}
RP=${RESPITE_PORT:-7290}
SP=${REDIS_PORT:-7291}
OUT=${OUT:-/tmp/lru-test-$$}
mkdir -p "$OUT"

node "${RESPITE_CLI:-dist/cli.js}" --port "$RP" --save "" --appendonly no --maxmemory "$MAXMEM" \
  --maxmemory-policy "$POLICY" >"$OUT/respite.log" 2>&1 &
RPID=$!
redis-server --port "$SP" --save "" --appendonly no --maxmemory "$MAXMEM" \
  --maxmemory-policy "$POLICY" --daemonize yes --pidfile "$OUT/redis.pid" \
  --logfile "$OUT/redis.log"
cleanup() {
  kill "$RPID" 2>/dev/null
  [ -f "$OUT/redis.pid" ] && kill "$(cat "$OUT/redis.pid")" 2>/dev/null
}
trap cleanup EXIT
for p in "$RP" "$SP"; do
  for _ in $(seq 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.2; done
done

run() { # name port
  local name=$1 port=$2
  echo "== $name (port $port) maxmemory=$MAXMEM policy=$POLICY keyspace=$KEYS ${SECS}s"
  timeout "$SECS" stdbuf -oL redis-cli -p "$port" --lru-test "$KEYS" >"$OUT/$name.out" 2>&1
  # redis-cli prints one line per second; show the last 8 (steady state)
  tr '\r' '\n' <"$OUT/$name.out" | grep -a 'Gets/sec' | tail -n 8
  redis-cli -p "$port" info memory | grep -E '^(used_memory|used_memory_rss|maxmemory):' | tr -d '\r'
  redis-cli -p "$port" info stats | grep -E '^(evicted_keys|keyspace_hits|keyspace_misses):' | tr -d '\r'
  redis-cli -p "$port" dbsize | sed 's/^/dbsize:/'
  redis-cli -p "$port" info stats | tr -d '\r' | awk -F: '/^keyspace_hits:/{h=$2} /^keyspace_misses:/{m=$2}
    END{if (h+m) printf "overall hit rate (whole run incl. warm-up): %.2f%%\n", 100*h/(h+m)}'
}
[ "${ONLY:-}" != redis ] && run respite "$RP"
[ "${ONLY:-}" != respite ] && run redis "$SP"
echo "raw output in $OUT"
