#!/usr/bin/env python3
"""Times the store's query commands on an ingested database (docs/BENCHMARKS.md, "Store").

Each command is a fresh `mosaic` process, as an analyst runs it, so the times include process start
and opening the database. Entities: the 10 most mentioned of each type plus 20 drawn at random;
places for --near: 30 geocoded places drawn at random (radius 50 km). Each is run 3 times; the
median per query is kept and the median, 95th percentile and maximum over queries are printed.

  scripts/bench_store.py build/mosaic /tmp/b100k.db
"""
import json
import random
import statistics
import subprocess
import sys
import time


def run(cmd):
    t = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    dt = (time.perf_counter() - t) * 1000
    if p.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}: {p.stderr.decode()}")
    return dt, p.stdout


def timed(cmd, reps=3):
    return statistics.median(run(cmd)[0] for _ in range(reps))


def report(name, times):
    times = sorted(times)
    p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
    print(f"{name}: n={len(times)} median={statistics.median(times):.1f} ms "
          f"p95={p95:.1f} ms max={times[-1]:.1f} ms")


def main():
    mosaic, db = sys.argv[1], sys.argv[2]
    rng = random.Random(7)
    _, out = run([mosaic, "entities", "--db", db, "--limit", "0", "--json"])
    ents = [json.loads(l) for l in out.decode().splitlines()]
    picks = []
    for t in sorted({e["type"] for e in ents}):
        picks += [e for e in ents if e["type"] == t][:10]
    picks += rng.sample(ents, min(20, len(ents)))
    report("entity", [timed([mosaic, "entity", "--db", db, "#%d" % e["id"]]) for e in picks])
    report("entity --json", [timed([mosaic, "entity", "--db", db, "--json", "#%d" % e["id"]])
                             for e in picks[:10]])
    places = [e for e in ents if e.get("geo")]
    near = rng.sample(places, min(30, len(places)))
    times, counts = [], []
    for e in near:
        arg = "%f,%f,50" % (e["geo"]["lat"], e["geo"]["lon"])
        times.append(timed([mosaic, "events", "--db", db, "--near", arg]))
        counts.append(len(run([mosaic, "events", "--db", db, "--near", arg, "--json"])[1].splitlines()))
    report("events --near (50 km)", times)
    print(f"  events returned per query: median {statistics.median(counts)} max {max(counts)}")
    report("search", [timed([mosaic, "search", "--db", db, w]) for w in
                      ["killed", "governor denied", "Militia trained", "positions Brigade"]])
    report("process start (mosaic --version)", [timed([mosaic, "--version"]) for _ in range(5)])


if __name__ == "__main__":
    main()
