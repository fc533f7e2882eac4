#!/usr/bin/env bash
# bench/io-threads.sh — builds, then runs bench/io-threads.mjs: redis-benchmark against respite
# with io-threads 1 and N and against redis-server with io-threads 1 and N, side by side, with
# requests/s and the CPU time per request of the main thread and of the whole process.
# Knobs (environment, see the .mjs): PORT_BASE (7660), THREADS (4), N (50000), C (50),
# PIPES ("1 16"), TESTS ("set,get"), DO_READS (yes), ROUNDS (1), RUN_TIMEOUT (90); BENCH_SKIP_BUILD=1 skips tsc.
# On a 2-core machine expect threads to lose (as Redis's own io-threads do there): the main
# thread, the I/O thread and redis-benchmark share two cores. Look at the main thread's µs per
# request for what more cores would give.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then npx tsc -p tsconfig.json 1>&2 || true; fi
exec node bench/io-threads.mjs
