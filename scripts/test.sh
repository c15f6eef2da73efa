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
cd "$build"
ctest --output-on-failure -j"$(nproc)" --timeout 900
