// Precision and recall of the cross-document person-name decision (ComparePersonNames == kSame) on
// the project's own name-pair set (tests/data/name_pairs.tsv), with the floors, and as an
// extra, unasserted check on the OpenSanctions nomenklatura benchmark when ../shared has it.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "link/name_keys.h"

namespace mosaic::link {
namespace {

struct Pair {
  std::string a, b;
  bool same = false;
};

struct Score {
  int tp = 0, fp = 0, fn = 0, tn = 0;
  double Precision() const { return tp + fp ? static_cast<double>(tp) / (tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? static_cast<double>(tp) / (tp + fn) : 1.0; }
};

Score Evaluate(const std::vector<Pair>& pairs, bool print_misses) {
  Score s;
  for (const Pair& p : pairs) {
    NameMatch m = ComparePersonNames(p.a, p.b);
    bool said = m.relation == NameRelation::kSame;
    if (said && p.same) ++s.tp;
    if (said && !p.same) ++s.fp;
    if (!said && p.same) ++s.fn;
    if (!said && !p.same) ++s.tn;
    if (print_misses && said != p.same) {
      std::printf("  %s: '%s' / '%s' -> %s (%s)\n", said ? "FP" : "FN", p.a.c_str(), p.b.c_str(),
                  NameRelationName(m.relation), m.evidence.c_str());
    }
  }
  return s;
}

TEST(NamePairsTest, ProjectSetMeetsFloors) {
  std::ifstream in(MOSAIC_SOURCE_DIR "/tests/data/name_pairs.tsv");
  ASSERT_TRUE(in) << "tests/data/name_pairs.tsv missing";
  std::vector<Pair> pairs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    std::string c;
    while (std::getline(ss, c, '\t')) cols.push_back(c);
    ASSERT_GE(cols.size(), 3u) << line;
    pairs.push_back({cols[0], cols[1], cols[2] == "1"});
  }
  ASSERT_GE(pairs.size(), 300u);
  Score s = Evaluate(pairs, true);
  std::printf("name pairs: %zu (same %d, different %d): precision %.3f recall %.3f\n", pairs.size(),
              s.tp + s.fn, s.fp + s.tn, s.Precision(), s.Recall());
  EXPECT_GE(s.Precision(), 0.98);
  EXPECT_GE(s.Recall(), 0.90);
}

// Splits one CSV line with optional double quotes.
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char ch = line[i];
    if (ch == '"') {
      if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
        out.back().push_back('"');
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (ch == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back().push_back(ch);
    }
  }
  return out;
}

TEST(NamePairsTest, NomenklaturaPersonsReported) {
  std::ifstream in(MOSAIC_SOURCE_DIR "/../shared/data/names/nomenklatura-cases.csv");
  if (!in) GTEST_SKIP() << "../shared/data/names/nomenklatura-cases.csv not available";
  std::vector<Pair> pairs;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> c = SplitCsv(line);
    if (c.size() < 5 || c[1] != "Person") continue;
    pairs.push_back({c[2], c[3], c[4] == "true"});
  }
  ASSERT_GT(pairs.size(), 100u);
  Score s = Evaluate(pairs, std::getenv("MOSAIC_PRINT_NOMENKLATURA") != nullptr);
  // Not asserted against the floors: the benchmark includes cases a spelling rule cannot decide
  // (nicknames, reordered names, other scripts); it guards against gross precision regressions.
  std::printf("nomenklatura persons: %zu pairs: precision %.3f recall %.3f\n", pairs.size(),
              s.Precision(), s.Recall());
  EXPECT_GE(s.Precision(), 0.95);
}

}  // namespace
}  // namespace mosaic::link
