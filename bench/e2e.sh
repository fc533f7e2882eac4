#!/usr/bin/env bash
# bench/e2e.sh — build respite, then compare it with redis-server using redis-benchmark.
# Quick run (~2-3 min) by default; BENCH_FULL=1 for the long one (15-30 min). See bench/e2e.mjs for knobs.
set -euo pipefail
cd "$(dirname "$0")/.."
# Same settings for both servers; raise the descriptor limit for the 1000-client test.
ulimit -n 16384 2>/dev/null || true
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  # Compiler diagnostics go to stderr so that stdout stays the markdown report.
  npx tsc -p tsconfig.json 1>&2 || true
fi
exec node bench/e2e.mjs "$@"
