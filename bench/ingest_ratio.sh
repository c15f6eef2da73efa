#!/usr/bin/env bash
# Ingest's speed as a share of extract's on one corpus and thread count (issue #8's floor: 80%).
# Runs N alternating pairs (extract to /dev/null, then ingest into a fresh SQLite store), so that
# the machine's drift falls on both alike, and prints each pair and the median ratio of wall times.
#
# Usage: bench/ingest_ratio.sh CORPUS.jsonl [THREADS] [PAIRS]     (default 2 threads, 5 pairs)
#   python3 bench/news_corpus.py && bench/ingest_ratio.sh bench/corpus/news_lgl_geovirus.jsonl
#   head -6000 bench/corpus/c50_s1.jsonl > /tmp/c6k.jsonl && bench/ingest_ratio.sh /tmp/c6k.jsonl
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:?usage: bench/ingest_ratio.sh CORPUS.jsonl [THREADS] [PAIRS]}"
threads="${2:-2}"
pairs="${3:-5}"
bin="${MOSAIC_BIN:-$root/build/mosaic}"
timed="$root/bench/timed.py"  # wall time to the millisecond (/usr/bin/time: 10 ms)
[ -f "$corpus" ] || { echo "ingest_ratio.sh: $corpus: no such file" >&2; exit 2; }
[ -x "$bin" ] || { echo "ingest_ratio.sh: $bin: not built (cmake --build build)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "corpus: $corpus ($(wc -l < "$corpus") documents), --threads $threads, $pairs pairs"
ratios=()
for i in $(seq "$pairs"); do
  e=$("$timed" "$bin" extract --threads "$threads" "$corpus" 2>&1 | tail -1)
  rm -f "$work"/s.db*
  g=$("$timed" "$bin" ingest --quiet --threads "$threads" --db "$work/s.db" "$corpus" 2>&1 | tail -1)
  r=$(python3 -c "
e=[float(x) for x in '$e'.split()]; g=[float(x) for x in '$g'.split()]
print(f'{e[0]/g[0]:.4f} extract {e[0]:.3f} s (cpu {e[1]+e[2]:.2f})  ingest {g[0]:.3f} s (cpu {g[1]+g[2]:.2f})  cpu ratio {(g[1]+g[2])/(e[1]+e[2]):.2f}')")
  ratios+=("${r%% *}")
  echo "pair $i: ${r#* }  speed ratio $(python3 -c "print(f'{100*${r%% *}:.1f}%')")"
done
python3 -c "
import statistics; r=[float(x) for x in '${ratios[*]}'.split()]
print(f'median {100*statistics.median(r):.1f}% (min {100*min(r):.1f}%, max {100*max(r):.1f}%)')"
