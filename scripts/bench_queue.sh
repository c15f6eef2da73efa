#!/usr/bin/env bash
# Throughput of `mosaic worker` with 1 and 2 workers (docs/BENCHMARKS.md, "Queue and workers").
#
#   scripts/bench_queue.sh [ARTICLES] [ROUNDS] [-- WORKER OPTIONS...]
#
# Generates ARTICLES (default 2000) articles with scripts/gen_store_corpus.py (short template
# articles: merge-bound), or takes the first ARTICLES lines of $MOSAIC_BENCH_CORPUS (a JSONL file,
# e.g. from bench/make_corpus.py: news-length articles), then ROUNDS times
# (default 3), alternating: a fresh PostgreSQL schema, `mosaic enqueue` of all of them, N workers
# started at once with --drain, wall time until the last one exits. Prints each run and the ratio
# of the medians. Uses $MOSAIC_TEST_PG / $MOSAIC_TEST_REDIS when set, else starts throwaway
# servers with scripts/pg_test_server.sh and scripts/redis_test_server.sh. Needs build/mosaic.
set -euo pipefail
cd "$(dirname "$0")/.."
articles="${1:-2000}"
rounds="${2:-3}"
shift $(( $# > 2 ? 2 : $# ))
if [ "${1:-}" = "--" ]; then shift; fi
extra=("$@")

started_pg="" started_redis=""
cleanup() {
  if [ -n "$started_pg" ]; then bash scripts/pg_test_server.sh --stop "$started_pg" >/dev/null 2>&1 || true; fi
  if [ -n "$started_redis" ]; then bash scripts/redis_test_server.sh --stop "$started_redis" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
tmp="$(mktemp -d /tmp/mosaic-bench-queue.XXXXXX)"
trap cleanup EXIT
pg="${MOSAIC_TEST_PG:-}"
redis="${MOSAIC_TEST_REDIS:-}"
if [ -z "$pg" ]; then pg="$(bash scripts/pg_test_server.sh)"; started_pg="$pg"; fi
if [ -z "$redis" ]; then redis="$(bash scripts/redis_test_server.sh)"; started_redis="$redis"; fi

if [ -n "${MOSAIC_BENCH_CORPUS:-}" ]; then
  head -n "$articles" "$MOSAIC_BENCH_CORPUS" >"$tmp/corpus.jsonl"
else
  python3 scripts/gen_store_corpus.py "$articles" >"$tmp/corpus.jsonl"
fi

run() {  # run WORKERS ROUND -> prints docs/s
  local n="$1" round="$2"
  local schema="bench_queue_${n}_${round}_$$" stream="bench-queue-${n}-${round}-$$"
  psql "$pg" -qc "DROP SCHEMA IF EXISTS $schema CASCADE; CREATE SCHEMA $schema" >/dev/null 2>&1
  local db="$pg?options=-csearch_path%3D$schema"
  # Create the tables before timing (the first open migrates).
  build/mosaic entities --db "$db" >/dev/null 2>&1 || true
  build/mosaic ingest --quiet --db "$db" /dev/null >/dev/null 2>&1 || true
  build/mosaic enqueue --quiet --queue "$redis/$stream" "$tmp/corpus.jsonl"
  local t0 t1 pids=()
  t0=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    build/mosaic worker --quiet --queue "$redis/$stream" --db "$db" --drain --block-ms 100 \
      "${extra[@]}" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
  t1=$(date +%s.%N)
  local docs
  docs=$(psql "$db" -tAc "SELECT COUNT(*) FROM documents")
  psql "$pg" -qc "DROP SCHEMA $schema CASCADE" >/dev/null 2>&1
  redis-cli -u "$redis" DEL "$stream" >/dev/null 2>&1 || true
  python3 -c "print(f'{$docs / ($t1 - $t0):.1f}')"
}

echo "articles=$(wc -l <"$tmp/corpus.jsonl") ($(wc -c <"$tmp/corpus.jsonl") bytes) rounds=$rounds worker options: ${extra[*]:-(defaults)}; $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
one=() two=()
for r in $(seq 1 "$rounds"); do
  a=$(run 1 "$r"); b=$(run 2 "$r")
  one+=("$a"); two+=("$b")
  echo "round $r: 1 worker $a docs/s, 2 workers $b docs/s (load $(cut -d' ' -f1 /proc/loadavg))"
done
python3 - "${one[*]}" "${two[*]}" <<'EOF'
import statistics, sys
one = [float(x) for x in sys.argv[1].split()]
two = [float(x) for x in sys.argv[2].split()]
m1, m2 = statistics.median(one), statistics.median(two)
print(f"median: 1 worker {m1:.1f} docs/s, 2 workers {m2:.1f} docs/s, ratio {m2 / m1:.2f}x")
EOF
