#!/usr/bin/env bash
# Web UI benchmarks (docs/BENCHMARKS.md, "Web UI"): the example store served on loopback, then
#   - the entity API's own time (Server-Timing) and round trip, 50 sequential requests (curl);
#   - a bounded wrk run against the entity endpoint: 2 threads, 8 connections, 10 s, with latency
#     percentiles (p99) and the error count.
#   ui/e2e/bench.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="$(cd "${1:-${MOSAIC_BUILD_DIR:-$root/build}}" && pwd)"
bin="$build/mosaic"
command -v wrk >/dev/null || { echo "bench: needs wrk (apt-get install wrk)" >&2; exit 1; }
tmp="$(mktemp -d "${TMPDIR:-/tmp}/mosaic-uibench-XXXXXX")"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
"$bin" ingest --quiet --db "$tmp/b.db" "$root/examples"
"$bin" serve --db "$tmp/b.db" --no-ui --port 0 >"$tmp/serve.log" 2>&1 &
server=$!
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$tmp/serve.log" | head -1 || true)"
  [ -n "$url" ] && break
  sleep 0.1
done
[ -n "$url" ] || { cat "$tmp/serve.log" >&2; exit 1; }
# The entity the analyst looks up first in the e2e test, by any spelling.
id="$(curl -s "${url}api/entities?q=Lukashenko&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
endpoint="${url}api/entity/$id"
doc="$(curl -s "$endpoint" | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents_list"][0]["doc_id"])')"
# What the entity page asks for: the profile, the graph, and (for its map) its documents.
for path in "api/entity/$id" "api/graph/$id" "api/documents/$doc" "api/search?q=Lukashenka"; do
  for _ in $(seq 1 50); do
    curl -s -o /dev/null -D - -w 'total=%{time_total}\n' "$url$path" | grep -o 'dur=[0-9.]*\|total=[0-9.]*' | tr '\n' ' '
    echo
  done | python3 -c '
import sys, statistics
srv, rt = [], []
for line in sys.stdin:
    kv = dict(p.split("=") for p in line.split())
    srv.append(float(kv["dur"])); rt.append(float(kv["total"]) * 1000)
srv.sort(); rt.sort()
print(f"/{sys.argv[1]}: server time median {statistics.median(srv):.2f} ms, max {srv[-1]:.2f} ms; "
      f"round trip (curl) median {statistics.median(rt):.2f} ms, max {rt[-1]:.2f} ms (n={len(srv)})")' "$path"
done
echo "bench: wrk against /api/entity/$id"
wrk -t2 -c8 -d10s --timeout 5s --latency "$endpoint"
