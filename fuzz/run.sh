#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) and runs each for SECONDS (default 20).
#   fuzz/run.sh [SECONDS] [BUILD_DIR]
# Seed corpora come from the example articles; crashes are written to fuzz/crashes/ and make the
# script fail. A crash becomes a regression test: add the input to tests/data/fuzz-regressions/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs="${1:-20}"
build="${2:-$root/build-fuzz}"
cd "$root"
if [ ! -f "$build/CMakeCache.txt" ]; then
  gen=()
  command -v ninja >/dev/null && gen=(-G Ninja)
  CC=clang CXX=clang++ cmake -S . -B "$build" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DMOSAIC_FUZZ=ON -DMOSAIC_SANITIZE=ON -DMOSAIC_BUILD_TESTS=OFF -DMOSAIC_BUILD_BENCH=OFF >/dev/null
fi
targets=$(cd fuzz && ls *_fuzzer.cc | sed 's/\.cc$//')
cmake --build "$build" -j"$(nproc)" --target $targets mosaic
export MOSAIC_RESOURCES="$root/build"   # models and gazetteer of the release build, when present
corpus="$build/corpus"
mkdir -p "$corpus" "$root/fuzz/crashes"
# Seeds: each example article as text, as one JSONL line and as its HTML.
python3 - "$root" "$corpus" <<'PY'
import json, os, sys
root, out = sys.argv[1], sys.argv[2]
arts = [json.loads(l) for l in open(os.path.join(root, "examples", "articles.jsonl"), encoding="utf-8")]
for name in ("reader_fuzzer", "text_fuzzer", "dates_fuzzer", "extract_fuzzer", "crawl_fuzzer", "graph_fuzzer"):
    os.makedirs(os.path.join(out, name), exist_ok=True)
for i, a in enumerate(arts):
    t = a["text"].encode("utf-8")
    paras = a["text"].split("\n\n")
    open(os.path.join(out, "text_fuzzer", f"ex{i}"), "wb").write(t)
    open(os.path.join(out, "extract_fuzzer", f"ex{i}"), "wb").write("\n\n".join(paras[:3]).encode("utf-8"))
    for j, p in enumerate(paras[:4]):
        open(os.path.join(out, "dates_fuzzer", f"ex{i}_{j}"), "wb").write(b"\x01" + p.encode("utf-8"))
    open(os.path.join(out, "reader_fuzzer", f"txt{i}"), "wb").write(b"\x00" + t)
    open(os.path.join(out, "reader_fuzzer", f"jsonl{i}"), "wb").write(b"\x02" + json.dumps(a).encode("utf-8"))
# The crawl fuzzer: the test crawls (first byte even = WARC) and feeds (odd).
for sub, tag in (("warc", b"\x00"), ("feeds", b"\x01")):
    d = os.path.join(root, "tests", "data", sub)
    for f in sorted(os.listdir(d)):
        if not f.endswith(".py"):
            open(os.path.join(out, "crawl_fuzzer", f), "wb").write(tag + open(os.path.join(d, f), "rb").read())
# The graph fuzzer: one small graph in the store's binary form (store/graph_codec.cc's layout).
def u(v):
    b = bytearray()
    while v >= 0x80:
        b.append((v & 0x7f) | 0x80)
        v >>= 7
    return bytes(b + bytes([v]))
def s(x):
    x = x.encode("utf-8")
    return u(len(x)) + x
import struct
text = "Drones hit Kyiv on Monday."
body = b"".join(s(x) for x in ("d1", "https://example.org/a", "Kyiv", "2024-05-10", "", "", "2024-05-10", "published"))
body += u(1) + u(0) + u(len(text))
body += u(1) + s("e1") + s("place") + s("") + s("Kyiv") + u(0) + u(1) + u(11) + u(4) + u(0) + u(0)
body += b"\x01" + struct.pack("<dd", 50.45, 30.52) + s("geonames:703448") + s("city") + s("UA") + s("") + b"\x00" + u(0) + s("")
body += u(0) + u(0)
body += u(1) + s("v1") + s("attack") + s("drone_strike") + s("ASSAULT") + u(7) + u(3) + u(0) + u(0) + u(0)
body += u(0) + u(0) + u(1) + s("e1") + b"\x00" + u(0) + s("") + s("") + s("asserted") + s("")
body += u(0)
open(os.path.join(out, "graph_fuzzer", "seed0"), "wb").write(struct.pack("<H", len(text)) + text.encode() + body)
html_dir = os.path.join(root, "examples", "html")
for i, f in enumerate(sorted(os.listdir(html_dir))):
    open(os.path.join(out, "reader_fuzzer", f"html{i}"), "wb").write(b"\x01" + open(os.path.join(html_dir, f), "rb").read())
PY
status=0
for t in $targets; do
  echo "fuzz: $t for ${secs}s"
  if ! "$build/fuzz/$t" "$corpus/$t" -max_total_time="$secs" -max_len=65536 -rss_limit_mb=2048 \
       -timeout=20 -artifact_prefix="$root/fuzz/crashes/$t-" -print_final_stats=1 2> "$build/$t.log"; then
    echo "fuzz: $t FAILED (see $build/$t.log and fuzz/crashes/)"
    tail -30 "$build/$t.log"
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$build/$t.log" | sed "s/^/  $t /"
done
exit $status
