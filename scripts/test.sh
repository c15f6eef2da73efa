#!/usr/bin/env bash
# Set up, build and run every test: the README's second command.
#   scripts/test.sh [BUILD_DIR]        (default build/)
#   MOSAIC_SANITIZE=1 scripts/test.sh build-asan    ASan+UBSan build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${1:-build}"
bash scripts/setup.sh
extra=()
if [ "${MOSAIC_SANITIZE:-0}" = 1 ]; then
  extra+=(-DMOSAIC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_BUILD_BENCH=OFF)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
else
  extra+=(-DCMAKE_BUILD_TYPE=Release)
fi
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" "${generator[@]}" "${extra[@]}" >/dev/null
else
  cmake -S . -B "$build" "${extra[@]}" >/dev/null
fi
cmake --build "$build" -j"$(nproc)"

# The PostgreSQL-backend and queue tests run against real servers on loopback: started here
# (and stopped on exit) unless the caller gave their urls (.ci/run starts its own). A server that
# cannot start is said in one line, and its tests skip.
started_pg="" started_redis=""
stop_servers() {
  if [ -n "$started_pg" ]; then bash "$root/scripts/pg_test_server.sh" --stop "$started_pg" >/dev/null 2>&1 || true; fi
  if [ -n "$started_redis" ]; then bash "$root/scripts/redis_test_server.sh" --stop "$started_redis" >/dev/null 2>&1 || true; fi
}
trap stop_servers EXIT
# start_server NAME SCRIPT VAR: starts SCRIPT's server unless VAR names one already; exports VAR.
start_server() {
  local url
  [ -z "${!3:-}" ] || return 0
  if url="$(bash "$root/scripts/$2" 2>/dev/null)" && [ -n "$url" ]; then
    export "$3=$url"
    printf -v "started_$1" '%s' "$url"
  else
    echo "test.sh: could not start a $1 test server (scripts/$2): its tests skip" >&2
  fi
}
start_server pg pg_test_server.sh MOSAIC_TEST_PG
start_server redis redis_test_server.sh MOSAIC_TEST_REDIS

cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 900
