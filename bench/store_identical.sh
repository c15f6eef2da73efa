#!/usr/bin/env bash
# Do two mosaic binaries store the same thing? Ingests one DocGraph JSONL file (`mosaic extract
# --with-text` output) into a fresh SQLite store with each, and prints one md5 per binary over
# every export format, the entity listing and a sorted dump of the graph's tables. Equal sums:
# the same rows and the same exports (speed work on the merge must leave them so).
#
# Usage: bench/store_identical.sh BIN_A BIN_B GRAPHS.dg.jsonl
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: bench/store_identical.sh BIN_A BIN_B GRAPHS.dg.jsonl" >&2; exit 2; }
command -v sqlite3 > /dev/null || { echo "store_identical.sh: needs the sqlite3 shell" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for bin in "$1" "$2"; do
  db="$work/s.db"
  rm -f "$db" "$db"-*
  "$bin" ingest --quiet --docgraphs --threads 1 --db "$db" "$3"
  sum=$({
    for f in jsonl csv geojson graphml ftm; do "$bin" export --db "$db" --format "$f"; done
    "$bin" entities --db "$db" --json --limit 1000000
    for t in "entities ORDER BY id" "entity_keys ORDER BY type, key" \
             "aliases ORDER BY entity_id, text" "entity_names ORDER BY entity_id, name" \
             "entity_docs ORDER BY doc, entity_id, local_id" "events ORDER BY id" \
             "event_args ORDER BY event_id, ord" "relations ORDER BY id" \
             "roles ORDER BY entity_id, doc, start_pos, title"; do
      sqlite3 "$db" "SELECT * FROM $t"
    done
  } | md5sum | cut -d' ' -f1)
  echo "$sum  $bin"
done
