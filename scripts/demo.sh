#!/usr/bin/env bash
# The README's first command: set up, build, ingest the bundled example articles into the embedded
# SQLite store, show what was found, and serve the web UI (when run from a terminal).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)
[ -f build/CMakeCache.txt ] || cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target mosaic gazetteer
echo
rm -f build/demo.db build/demo.db-wal build/demo.db-shm
build/mosaic ingest --db build/demo.db examples/
echo
build/mosaic entities --db build/demo.db --limit 15
echo
build/mosaic events --db build/demo.db --limit 8
ui/build.sh >/dev/null
if [ -t 1 ] && [ -z "${CI:-}" ]; then
  echo
  echo "web UI at http://127.0.0.1:${MOSAIC_PORT:-8080}/  (Ctrl-C stops it)"
  exec build/mosaic serve --db build/demo.db --port "${MOSAIC_PORT:-8080}"
else
  echo
  echo "web UI: build/mosaic serve --db build/demo.db   -> http://127.0.0.1:8080/"
fi
