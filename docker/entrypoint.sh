#!/bin/sh
# docker/entrypoint.sh — the image's ENTRYPOINT, shaped like the official redis image's:
#   (no args)                 respite-server --bind 0.0.0.0 --protected-mode no
#   --flag value ...          the same defaults, then the flags (later flags win)
#   /path/file.conf [flags]   the config file decides bind/protected-mode itself
#   anything else             run as a command (e.g. `sh`)
# exec keeps node as PID 1 so that it receives SIGTERM directly (src/cli.ts shuts down cleanly).
set -e
APP="${RESPITE_HOME:-/app}"
if [ $# -eq 0 ] || [ "${1#-}" != "$1" ]; then
  exec node "$APP/dist/cli.js" --bind 0.0.0.0 --protected-mode no "$@"
fi
if [ "${1%.conf}" != "$1" ]; then
  exec node "$APP/dist/cli.js" "$@"
fi
exec "$@"
