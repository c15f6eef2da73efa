#!/usr/bin/env bash
# Compares the ingest speed of several mosaic binaries on one corpus, alternating them round by
# round so that the machine's drift falls on all alike: each round runs `extract` (with the first
# binary), then `ingest` into a fresh SQLite store with each binary. Prints the median wall time,
# ratio to extract and CPU of each, and the ratio of each round's ingest to that round's extract.
#
# Usage: bench/ingest_ab.sh CORPUS.jsonl ROUNDS THREADS BIN [BIN...]
#   bench/ingest_ab.sh bench/corpus/news_all.jsonl 7 2 build/mosaic /tmp/old/build/mosaic
# A binary built elsewhere needs the same resources (resources/node_modules, gazetteer.bin beside
# it or in its build directory), or it extracts less and the comparison means nothing.
set -euo pipefail
corpus="${1:?usage: bench/ingest_ab.sh CORPUS.jsonl ROUNDS THREADS BIN [BIN...]}"
rounds="${2:?rounds}"
threads="${3:?threads}"
shift 3
[ "$#" -ge 1 ] || { echo "ingest_ab.sh: give at least one binary" >&2; exit 2; }
[ -f "$corpus" ] || { echo "ingest_ab.sh: $corpus: no such file" >&2; exit 2; }
for b in "$@"; do [ -x "$b" ] || { echo "ingest_ab.sh: $b: not executable" >&2; exit 2; }; done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# Wall, user and system seconds, the wall to the millisecond (/usr/bin/time's is to 10 ms).
timed() { "$(dirname "${BASH_SOURCE[0]}")/timed.py" "$@" 2>&1 | tail -1; }
declare -A res
for _ in $(seq "$rounds"); do
  res[extract]+="$(timed "$1" extract --threads "$threads" "$corpus");"
  for i in $(seq "$#"); do
    rm -f "$work"/s.db*
    res[$i]+="$(timed "${!i}" ingest --quiet --threads "$threads" --db "$work/s.db" "$corpus");"
  done
done
report() {  # label, runs, extract's median wall, extract's runs
  python3 -c "
import statistics, sys
v = [list(map(float, x.split())) for x in sys.argv[2].split(';') if x]
e = [float(x.split()[0]) for x in sys.argv[4].split(';') if x]
w = statistics.median(a[0] for a in v)
cpu = statistics.median(a[1] + a[2] for a in v)
# Each round's ingest against the extract run just before it: the machine's drift from round to
# round (several points an hour here) falls on both alike.
paired = sorted(100 * x / a[0] for x, a in zip(e, v))
print(f'{sys.argv[1]}: wall median {w:.3f} s ({100 * float(sys.argv[3]) / w:.1f}% of extract), '
      f'cpu median {cpu:.2f} s, walls {[a[0] for a in v]}')
print(f'  per round, % of that round\'s extract: median {statistics.median(paired):.1f}, '
      f'range {paired[0]:.1f}-{paired[-1]:.1f}, {sum(p >= 80 for p in paired)} of {len(paired)} at 80 or more')" "$@"
}
ex=$(python3 -c "
import statistics, sys
print(statistics.median(float(x.split()[0]) for x in sys.argv[1].split(';') if x))" "${res[extract]}")
echo "corpus: $corpus ($(wc -l < "$corpus") documents), --threads $threads, $rounds rounds"
report extract "${res[extract]}" "$ex" "${res[extract]}"
for i in $(seq "$#"); do report "ingest ${!i}" "${res[$i]}" "$ex" "${res[extract]}"; done
