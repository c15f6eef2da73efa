#!/usr/bin/env bash
# Builds with ThreadSanitizer and runs the tests that exercise threads: parallel extract, the
# ordered pool under extract and ingest, and ingest with its workers and merging thread.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
build="${1:-build-tsan}"
gen=()
command -v ninja >/dev/null && gen=(-G Ninja)
[ -f "$build/CMakeCache.txt" ] || CC=clang CXX=clang++ cmake -S . -B "$build" "${gen[@]}" \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMOSAIC_TSAN=ON -DMOSAIC_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j"$(nproc)" --target mosaic extract_cli_test ordered_pool_test ingest_test
export MOSAIC_RESOURCES="$root/build"
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1"
cd "$build"
ctest --output-on-failure --timeout 900 \
  -R "Threads|Parallel|Concurren|OrderedMap|IngestTest"
