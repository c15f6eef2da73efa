#!/usr/bin/env bash
# Mosaic against compromise (npm; people, places, organisations + compromise-dates) on the same
# corpus, in one run, alternating, each pinned to one core. Reports MB/s, words/s, peak RSS and the
# ratio. Mosaic runs twice: restricted to the work compromise does (names, places, dates) and the
# full extract (events, relations and claims too).
#   bench/side_by_side.sh [MB] [ROUNDS]     (default 5 MB, 2 rounds)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb="${1:-5}"
rounds="${2:-2}"
corpus="$root/bench/corpus/c${mb}_s7.jsonl"
[ -f "$corpus" ] || python3 "$root/bench/make_corpus.py" --mb "$mb" --seed 7 --out "$corpus"
if [ ! -d "$root/bench/peer/node_modules/compromise-dates" ]; then
  (cd "$root/bench/peer" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
bin="$root/build/mosaic"
bytes=$(stat -c %s "$corpus")
words=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1])))" "$corpus")
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
run() {  # label command... -> "label seconds rss_kb"
  local label=$1; shift
  local out
  out=$( { /usr/bin/time -f "%e %M" "${pin[@]}" "$@" > /tmp/mosaic-bench-$label.out; } 2>&1 | tail -1)
  echo "$label $out"
}
results=$(mktemp)
for r in $(seq 1 "$rounds"); do
  run mosaic_ner_geo_dates "$bin" extract --stages names,coreference,places,dates "$corpus" >> "$results"
  run compromise node "$root/bench/peer/peer.mjs" "$corpus" >> "$results"
  run mosaic_full "$bin" extract "$corpus" >> "$results"
done
echo "corpus: $corpus ($bytes bytes, $words words), $rounds rounds, one core each"
echo "compromise found: $(cat /tmp/mosaic-bench-compromise.out)"
python3 - "$results" "$bytes" "$words" <<'PY'
import sys, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, secs, rss = line.split()
    rows[label].append((float(secs), int(rss)))
b, w = int(sys.argv[2]), int(sys.argv[3])
best = {k: min(v)[0] for k, v in rows.items()}
print(f"{'system':<22}{'best s':>9}{'MB/s':>9}{'words/s':>12}{'peak RSS MB':>13}")
for k, v in rows.items():
    s = best[k]
    print(f"{k:<22}{s:>9.2f}{b / s / 1048576:>9.2f}{w / s:>12.0f}{max(r for _, r in v) / 1024:>13.1f}")
c = best.get("compromise")
if c:
    for k in ("mosaic_ner_geo_dates", "mosaic_full"):
        if k in best:
            print(f"ratio {k} / compromise: {c / best[k]:.1f}x")
PY
rm -f "$results"
