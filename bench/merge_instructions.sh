#!/usr/bin/env bash
# Instructions the store's merge executes (SqlStore::Begin/Put/Commit/Close), counted by callgrind
# on a merge-only ingest of finished DocGraphs into a fresh SQLite store. Wall-clock A/B runs on
# this machine move by 3-5% from run to run; this count moves by less than 0.1%, so changes of
# 1-2% of the merge can be told apart.
#
# The merging thread builds its own ICU transliterator the first time a name needs one (entity
# keys); in a merge-only run that thread also pays ICU's one-time registry set-up (about 150 M
# instructions), which a real ingest pays in an extraction worker, as extract does. The second
# figure leaves that out (GetTransliterator's inclusive count).
#
# Usage: bench/merge_instructions.sh DOCGRAPHS.jsonl [BIN]
#   build/mosaic extract --with-text --threads 2 bench/corpus/news_lgl_geovirus.jsonl > /tmp/dg.jsonl
#   bench/merge_instructions.sh /tmp/dg.jsonl
#   bench/merge_instructions.sh /tmp/dg.jsonl /tmp/other/mosaic
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
graphs="${1:?usage: bench/merge_instructions.sh DOCGRAPHS.jsonl [BIN]}"
bin="${2:-$root/build/mosaic}"
[ -f "$graphs" ] || { echo "merge_instructions.sh: $graphs: no such file" >&2; exit 2; }
[ -x "$bin" ] || { echo "merge_instructions.sh: $bin: not built (cmake --build build)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "merge_instructions.sh: valgrind is not installed" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" \
  --toggle-collect='*SqlStore::Begin(*' --toggle-collect='*SqlStore::Put(*' \
  --toggle-collect='*SqlStore::Commit(*' --toggle-collect='*SqlStore::Close(*' \
  "$bin" ingest --docgraphs --quiet --threads 1 --db "$work/s.db" "$graphs" >/dev/null 2>"$work/log" ||
  { grep -v '^==' "$work/log" | head -3 >&2; echo "merge_instructions.sh: the ingest failed" >&2; exit 1; }
total=$(sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' "$work/log")
icu=$(callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null |
  awk '/GetTransliterator/ && !n { gsub(",", "", $1); print $1; n = 1 }')
python3 -c "
t = int('$total'); i = int('${icu:-0}' or 0)
print(f'merge instructions: {t/1e6:.1f} M; without the transliterator set-up: {(t-i)/1e6:.1f} M')"
