// WARC reader throughput (Google Benchmark). MB/s are of COMPRESSED input.
//
//   BM_WarcRecords:   inflate + record framing (what "WARC reading" means in the floor)
//   BM_WarcDocuments: the above + HTTP, charset, HTML to text (Documents out)
// on an in-memory generated crawl written to a temporary file; and, when MOSAIC_WARC_FILE names a
// file (e.g. made by bench/make_warc.py), BM_WarcFile{Records,Documents} read it once and report
// the process's peak RSS (run them alone with --benchmark_filter=WarcFile to see the reader's own).
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "readers/warc_reader.h"

namespace mosaic::readers {
namespace {

std::string GzipMember(const std::string& s) {
  z_stream z{};
  deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, s.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(s.data()));
  z.avail_in = static_cast<uInt>(s.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

// A crawl of `n` HTML responses (gzip per record), written once to a temporary file.
const std::string& SyntheticCrawl() {
  static const std::string path = [] {
    static const char* kWords[] = {"troops", "border",   "the",      "said",    "regional",
                                   "of",     "drone",    "minister", "village", "a",
                                   "and",    "governor", "attack",   "in",      "volunteers"};
    std::mt19937 rng(7);
    std::string file;
    for (int r = 0; r < 400; ++r) {
      std::string html =
          "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Story</title></head><body>"
          "<nav><a href=\"/\">Home</a></nav><article><h1>Story</h1>";
      for (int p = 0; p < 30; ++p) {
        html += "<p>";
        for (int w = 0; w < 60; ++w) {
          html += kWords[rng() % 15];
          html += ' ';
        }
        html += "</p>";
      }
      html += "</article></body></html>";
      std::string block =
          "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html;
      std::string rec = "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://e.org/" +
                        std::to_string(r) +
                        "\r\nWARC-Date: 2023-05-24T08:00:00Z\r\nContent-Type: application/http; "
                        "msgtype=response\r\nContent-Length: " +
                        std::to_string(block.size()) + "\r\n\r\n" + block + "\r\n\r\n";
      file += GzipMember(rec);
    }
    std::string p = "/tmp/mosaic_warc_bench_" + std::to_string(getpid()) + ".warc.gz";
    std::FILE* f = std::fopen(p.c_str(), "wb");
    std::fwrite(file.data(), 1, file.size(), f);
    std::fclose(f);
    std::atexit([] { std::remove(SyntheticCrawl().c_str()); });
    return p;
  }();
  return path;
}

void ReportPeakRss(benchmark::State& state) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  state.counters["peak_rss_MB"] = static_cast<double>(ru.ru_maxrss) / 1024.0;
}

void ReadRecords(benchmark::State& state, const std::string& path) {
  uint64_t bytes = 0, records = 0;
  for (auto _ : state) {
    auto r = WarcReader::Open(path, {});
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    while (auto rec = r.value()->NextRecord()) {
      if (rec->ok()) benchmark::DoNotOptimize(rec->value().block.data());
      ++records;
    }
    bytes += r.value()->bytes_read();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["records"] =
      benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
  ReportPeakRss(state);
}

void ReadDocuments(benchmark::State& state, const std::string& path) {
  uint64_t bytes = 0, docs = 0;
  for (auto _ : state) {
    auto r = WarcReader::Open(path, {});
    if (!r.ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    while (auto d = r.value()->Next()) {
      if (d->ok()) benchmark::DoNotOptimize(d->value().text.data());
      ++docs;
    }
    bytes += r.value()->bytes_read();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["docs"] =
      benchmark::Counter(static_cast<double>(docs), benchmark::Counter::kIsRate);
  ReportPeakRss(state);
}

void BM_WarcRecords(benchmark::State& state) { ReadRecords(state, SyntheticCrawl()); }
void BM_WarcDocuments(benchmark::State& state) { ReadDocuments(state, SyntheticCrawl()); }
BENCHMARK(BM_WarcRecords)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_WarcDocuments)->Unit(benchmark::kMillisecond);

const char* WarcFile() { return std::getenv("MOSAIC_WARC_FILE"); }

void BM_WarcFileRecords(benchmark::State& state) {
  if (!WarcFile()) {
    state.SkipWithError("set MOSAIC_WARC_FILE to a .warc(.gz) file");
    return;
  }
  ReadRecords(state, WarcFile());
}
void BM_WarcFileDocuments(benchmark::State& state) {
  if (!WarcFile()) {
    state.SkipWithError("set MOSAIC_WARC_FILE to a .warc(.gz) file");
    return;
  }
  ReadDocuments(state, WarcFile());
}
BENCHMARK(BM_WarcFileRecords)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_WarcFileDocuments)->Iterations(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace mosaic::readers
