#!/usr/bin/env bash
# Starts a throwaway redis-server for the tests: a fresh temp dir, listening on loopback only, no
# RDB snapshots, nothing kept beyond the run. Prints one line, the URL, on stdout; everything else
# goes to stderr. Mirrors scripts/pg_test_server.sh.
#
#   export MOSAIC_TEST_REDIS="$(scripts/redis_test_server.sh)"     # start
#   scripts/redis_test_server.sh --stop "$MOSAIC_TEST_REDIS"        # stop and delete (optional)
#
#   scripts/redis_test_server.sh --aof               # start one with an append-only file (fsync
#                                                    # always) in its temp dir, for restart tests
#   scripts/redis_test_server.sh --restart URL       # stop it (as a crash would: SHUTDOWN NOSAVE)
#                                                    # and start it again on the same port and dir
#
# Port: $REDISTEST_PORT, else a free one from 63790 on. The URL has no stream name: append one
# (redis://127.0.0.1:PORT/STREAM).
set -euo pipefail

find_bin() {
  local name="$1"
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  if [ -x "/usr/bin/$name" ]; then echo "/usr/bin/$name"; return; fi
  echo "redis_test_server: $name not found (install the Debian package redis-server)" >&2
  exit 1
}

port_of() { echo "$1" | sed 's/.*:\([0-9]*\).*/\1/'; }
dir_file() { echo "/tmp/mosaic-redistest-$1.dir"; }

start() {  # start DIR PORT: runs the server described by DIR/redis.conf
  local dir="$1" port="$2"
  "$(find_bin redis-server)" "$dir/redis.conf" >&2 || { cat "$dir/server.log" >&2 || true; exit 1; }
  local i
  for i in $(seq 1 100); do
    if "$(find_bin redis-cli)" -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then return; fi
    sleep 0.1
  done
  echo "redis_test_server: the server on port $port did not answer" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
}

stop() {  # stop PORT [nosave]
  "$(find_bin redis-cli)" -h 127.0.0.1 -p "$1" shutdown nosave >/dev/null 2>&1 || true
  local i
  for i in $(seq 1 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return; fi
    sleep 0.1
  done
}

case "${1:-}" in
  --stop)
    url="${2:?usage: redis_test_server.sh --stop URL}"
    port="$(port_of "$url")"
    dir="$(cat "$(dir_file "$port")" 2>/dev/null || true)"
    stop "$port"
    if [ -n "$dir" ] && [ -d "$dir" ]; then rm -rf "$dir"; fi
    rm -f "$(dir_file "$port")"
    exit 0
    ;;
  --restart)
    url="${2:?usage: redis_test_server.sh --restart URL}"
    port="$(port_of "$url")"
    dir="$(cat "$(dir_file "$port")")"
    stop "$port"
    start "$dir" "$port"
    exit 0
    ;;
esac

aof=no
if [ "${1:-}" = "--aof" ]; then aof=yes; fi

dir="$(mktemp -d /tmp/mosaic-redistest.XXXXXX)"
port="${REDISTEST_PORT:-}"
if [ -z "$port" ]; then
  for p in $(seq 63790 63890); do
    if [ ! -e "$(dir_file "$p")" ] && ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      port="$p"; break
    fi
  done
fi
cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $port
protected-mode yes
daemonize yes
dir $dir
pidfile $dir/redis.pid
logfile $dir/server.log
save ""
appendonly $aof
appendfsync always
EOF
echo "$dir" >"$(dir_file "$port")"
start "$dir" "$port"
echo "redis://127.0.0.1:$port"
