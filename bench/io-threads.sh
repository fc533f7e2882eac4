#!/usr/bin/env bash
# bench/io-threads.sh — redis-benchmark against respite with io-threads 1 and 4, and against
# redis-server with io-threads 4, in the same run; prints requests/s and the ratios.
#
# redis-server with io-threads 1 runs too, as a reference.
# Knobs (environment): PORT_BASE (7255: uses PORT_BASE..PORT_BASE+3), N (requests per test,
# 100000), C (clients, 50), PIPES ("1 16"), TESTS ("set,get"), DO_READS (yes),
# BENCH_SKIP_BUILD=1 to skip tsc.
# On a 2-core machine expect threads to lose (as Redis's own io-threads do there): the main
# thread, the workers and redis-benchmark share two cores. The gain needs free cores.
# Measured on the shared, loaded 2-core dev machine (n=50000, c=50, do-reads yes): respite
# t4/t1 = 0.41–0.80; redis-server t4/t1 = 0.02–0.06 (its I/O threads busy-wait for cores).
set -euo pipefail
cd "$(dirname "$0")/.."
PORT_BASE=${PORT_BASE:-7255}
N=${N:-100000}
C=${C:-50}
PIPES=${PIPES:-"1 16"}
TESTS=${TESTS:-set,get}
DO_READS=${DO_READS:-yes}
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then npx tsc -p tsconfig.json 1>&2 || true; fi

P1=$PORT_BASE; P4=$((PORT_BASE + 1)); PR=$((PORT_BASE + 2)); PR1=$((PORT_BASE + 3))
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
}
trap cleanup EXIT

common=(--save "" --appendonly no --maxmemory 1gb --bind 127.0.0.1)
node dist/cli.js --port "$P1" "${common[@]}" >/dev/null 2>&1 & PIDS+=($!)
node dist/cli.js --port "$P4" "${common[@]}" --io-threads 4 --io-threads-do-reads "$DO_READS" >/dev/null 2>&1 & PIDS+=($!)
redis-server --port "$PR" "${common[@]}" --io-threads 4 --io-threads-do-reads "$DO_READS" >/dev/null 2>&1 & PIDS+=($!)
redis-server --port "$PR1" "${common[@]}" >/dev/null 2>&1 & PIDS+=($!)
for p in "$P1" "$P4" "$PR" "$PR1"; do
  for _ in $(seq 1 100); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
done

# rps <port> <pipeline> <test> → requests per second
rps() {
  redis-benchmark -p "$1" -n "$N" -c "$C" -P "$2" -t "$3" -q --csv 2>/dev/null \
    | awk -F'","' 'NR>1 {gsub(/"/,"",$2); print $2; exit}'
}

echo "# io-threads benchmark: n=$N c=$C do-reads=$DO_READS, $(nproc) cores, $(date -u +%FT%TZ)"
echo
echo "| test | P | respite t=1 | respite t=4 | redis t=4 | redis t=1 | respite t4/t1 | respite t4/redis t4 | redis t4/t1 |"
echo "|---|---|---|---|---|---|---|---|---|"
IFS=',' read -ra TL <<< "$TESTS"
for t in "${TL[@]}"; do
  for p in $PIPES; do
    a=$(rps "$P1" "$p" "$t"); b=$(rps "$P4" "$p" "$t"); r=$(rps "$PR" "$p" "$t"); r1=$(rps "$PR1" "$p" "$t")
    awk -v t="$t" -v p="$p" -v a="$a" -v b="$b" -v r="$r" -v r1="$r1" \
      'function q(x, y) { return y > 0 ? sprintf("%.2f", x / y) : "n/a" }
       BEGIN { printf "| %s | %s | %.0f | %.0f | %.0f | %.0f | %s | %s | %s |\n", t, p, a, b, r, r1, q(b, a), q(b, r), q(r, r1) }'
  done
done
