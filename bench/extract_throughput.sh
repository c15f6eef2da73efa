#!/usr/bin/env bash
# Throughput of `mosaic extract` on a generated corpus: MB/s, documents/s and peak RSS, with 1 and 2
# threads. Usage: bench/extract_throughput.sh [MB] [SEED]   (default 50 MB, seed 1)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mb="${1:-50}"
seed="${2:-1}"
corpus="$root/bench/corpus/c${mb}_s${seed}.jsonl"
[ -f "$corpus" ] || python3 "$root/bench/make_corpus.py" --mb "$mb" --seed "$seed" --out "$corpus"
bytes=$(stat -c %s "$corpus")
docs=$(wc -l < "$corpus")
bin="$root/build/mosaic"
echo "corpus: $corpus ($docs documents, $bytes bytes)"
printf "%-8s %10s %10s %12s %12s\n" threads seconds MB/s docs/s peak_RSS_MB
for t in 1 2; do
  out=$( { /usr/bin/time -f "%e %M" "$bin" extract --threads "$t" "$corpus" > /dev/null; } 2>&1 | tail -1)
  secs=${out% *}
  rss=${out#* }
  python3 -c "b=$bytes; d=$docs; s=$secs; r=$rss
print(f'{$t:<8} {s:>10.2f} {b/s/1048576:>10.2f} {d/s:>12.0f} {r/1024:>12.1f}')"
done
