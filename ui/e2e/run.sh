#!/usr/bin/env bash
# End-to-end test of the web UI: builds the UI, ingests the example articles (plus a hostile one)
# into a temporary SQLite store, serves it with `mosaic serve` on a free loopback port, runs the
# Chromium test (ui.test.mjs), then stops the server. Screenshots go to tests/artifacts/.
#   ui/e2e/run.sh [BUILD_DIR]      (default: $MOSAIC_BUILD_DIR or ./build; needs BUILD_DIR/mosaic)
# Exit codes: 0 passed, 1 failed, 77 skipped (no Chromium or no Node.js: CTest SKIP_RETURN_CODE).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:-${MOSAIC_BUILD_DIR:-$root/build}}" && pwd)"
bin="$build/mosaic"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then echo "e2e: skipped: no Chromium at $chromium (apt-get install chromium)"; exit 77; fi
if ! command -v node >/dev/null; then echo "e2e: skipped: no node"; exit 77; fi
if [ ! -x "$bin" ]; then echo "e2e: no mosaic binary at $bin (build it first)" >&2; exit 1; fi

tmp="$(mktemp -d "${TMPDIR:-/tmp}/mosaic-e2e-XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

"$root/ui/build.sh" "$tmp/ui" >/dev/null
"$bin" ingest --quiet --db "$tmp/e2e.db" "$root/examples" "$root/ui/e2e/fixtures/hostile.jsonl"

# --port 0: the kernel picks a free port; serve prints the address it got.
"$bin" serve --db "$tmp/e2e.db" --ui "$tmp/ui" --port 0 >"$tmp/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.log" | head -1 || true)"
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$tmp/serve.log" >&2; exit 1; }
  sleep 0.1
done
[ -n "$url" ] || { echo "e2e: the server did not start" >&2; cat "$tmp/serve.log" >&2; exit 1; }
echo "e2e: serving at $url"

cd "$root/ui"
BASE_URL="$url" ARTIFACTS="${ARTIFACTS:-$root/tests/artifacts}" CHROMIUM="$chromium" node e2e/ui.test.mjs
