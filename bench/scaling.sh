#!/usr/bin/env bash
# Cost against corpus size: `mosaic extract` on generated corpora of the given sizes (MB; default
# 10 100 1000), one thread, then two. For each: wall seconds, CPU seconds (user + sys: steadier
# than wall on a shared machine), CPU-seconds per MB (flat = linear) and peak RSS. Then the
# start-up time: the median wall time of 11 runs of `mosaic extract` on an empty input.
#   bench/scaling.sh [MB ...]          MOSAIC_BIN=/path/to/mosaic bench/scaling.sh 1000
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${MOSAIC_BIN:-$root/build/mosaic}"  # MOSAIC_BIN: another build (or a copy kept while this tree rebuilds)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)
printf "%-6s %-7s %9s %9s %11s %9s %12s\n" MB threads wall_s cpu_s cpu_s/MB MB/s_wall peak_RSS_MB
for mb in "${sizes[@]}"; do
  corpus="$root/bench/corpus/c${mb}_s3.jsonl"
  [ -f "$corpus" ] || python3 "$root/bench/make_corpus.py" --mb "$mb" --seed 3 --out "$corpus" >&2
  bytes=$(stat -c %s "$corpus")
  for t in 1 2; do
    out=$( { /usr/bin/time -f "%e %U %S %M" "$bin" extract --threads "$t" "$corpus" >/dev/null; } 2>&1 | tail -1)
    python3 - "$bytes" "$mb" "$t" $out <<'PY'
import sys
b, mb, t = int(sys.argv[1]), sys.argv[2], sys.argv[3]
wall, user, sys_, rss = float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), int(sys.argv[7])
cpu = user + sys_
m = b / 1048576
print(f"{mb:<6} {t:<7} {wall:>9.2f} {cpu:>9.2f} {cpu / m:>11.4f} {m / wall:>9.2f} {rss / 1024:>12.1f}")
PY
  done
done
: > /tmp/mosaic-empty.jsonl
python3 - "$bin" <<'PY'
import statistics, subprocess, sys, time
runs = []
for _ in range(11):
    t0 = time.perf_counter()
    subprocess.run([sys.argv[1], "extract", "-"], stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    runs.append((time.perf_counter() - t0) * 1000)
print(f"start-up (extract on empty input, median of 11): {statistics.median(runs):.1f} ms "
      f"(min {min(runs):.1f}, max {max(runs):.1f})")
PY
