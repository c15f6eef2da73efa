#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests: a fresh data directory in a temp dir, listening
# on loopback only (and a Unix socket in the same dir), trust authentication, no persistence beyond the
# run. Prints one line, the connection URL, on stdout; everything else goes to stderr.
#
#   export MOSAIC_TEST_PG="$(scripts/pg_test_server.sh)"     # start
#   scripts/pg_test_server.sh --stop "$MOSAIC_TEST_PG"        # stop and delete (optional)
#
# PostgreSQL refuses to run as root, so under root the cluster is owned by the `postgres` system user
# (created by the Debian `postgresql` package). Port: $PGTEST_PORT, else a free one from 54330 on.
set -euo pipefail

find_bin() {
  local name="$1"
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return; fi
  local d
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/$name" ]; then echo "$d/$name"; return; fi
  done
  echo "pg_test_server: $name not found (install the Debian package postgresql)" >&2
  exit 1
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "${1:-}" = "--stop" ]; then
  url="${2:?usage: pg_test_server.sh --stop URL}"
  dir="$(cat "/tmp/mosaic-pgtest-$(echo "$url" | sed 's/.*:\([0-9]*\)\/.*/\1/').dir" 2>/dev/null || true)"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    as_owner "$(find_bin pg_ctl)" -D "$dir/data" -m immediate stop >&2 || true
    rm -rf "$dir"
    rm -f "/tmp/mosaic-pgtest-$(echo "$url" | sed 's/.*:\([0-9]*\)\/.*/\1/').dir"
  fi
  exit 0
fi

INITDB="$(find_bin initdb)"
PG_CTL="$(find_bin pg_ctl)"

dir="$(mktemp -d /tmp/mosaic-pgtest.XXXXXX)"
chmod 755 "$dir"
if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi

port="${PGTEST_PORT:-}"
if [ -z "$port" ]; then
  for p in $(seq 54330 54400); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port="$p"; break; fi
  done
fi

as_owner "$INITDB" -D "$dir/data" -U mosaic -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
  { cat "$dir/initdb.log" >&2; exit 1; }
# Tests need no durability: fsync off makes the suite fast.
as_owner "$PG_CTL" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >&2 || { cat "$dir/server.log" >&2; exit 1; }
echo "$dir" >"/tmp/mosaic-pgtest-$port.dir"
echo "postgresql://mosaic@127.0.0.1:$port/postgres"
