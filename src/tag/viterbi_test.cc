#include "tag/viterbi.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>

namespace mosaic::tag {
namespace {

constexpr float kNeg = -std::numeric_limits<float>::infinity();

struct Case {
  size_t T, n;
  int trans_range, em_range, peak;  // integer scores in [-range, range]; `peak` added to one tag
  bool forbid;                      // some transitions forbidden (-inf), as BIO constraints are
};

// The pruned decoder against the reference on random integer scores (the models' scores are
// integers too). Small ranges give many ties, which must go to the same tags.
void Compare(const Case& c, uint32_t seed) {
  std::mt19937 rng(seed);
  auto uniform = [&](int r) {
    return static_cast<float>(static_cast<int>(rng() % (2 * r + 1)) - r);
  };
  std::vector<float> trans((c.T + 1) * c.T);
  for (float& x : trans) x = uniform(c.trans_range);
  if (c.forbid) {
    for (size_t p = 0; p <= c.T; ++p) {
      for (size_t t = 1; t < c.T; t += 2) {
        if (p != t && p + 1 != t) trans[p * c.T + t] = kNeg;  // odd t only after t - 1 or t
      }
    }
  }
  std::vector<float> em(c.n * c.T);
  for (size_t i = 0; i < c.n; ++i) {
    for (size_t t = 0; t < c.T; ++t) em[i * c.T + t] = uniform(c.em_range);
    em[i * c.T + rng() % c.T] += static_cast<float>(c.peak);
  }
  PrunedViterbi dec(trans.data(), c.T);
  ViterbiScratch s1, s2;
  std::vector<uint16_t> want, got;
  Viterbi(em.data(), c.n, c.T, trans.data(), &s1, &want);
  dec.Decode(em.data(), c.n, &s2, &got);
  ASSERT_EQ(got, want) << "T " << c.T << " n " << c.n << " seed " << seed;
}

TEST(ViterbiTest, PrunedDecoderReturnsTheReferencePath) {
  const Case cases[] = {
      {1, 5, 3, 3, 0, false},
      {2, 7, 1, 1, 0, false},
      {9, 30, 5, 5, 0, true},
      {9, 30, 200, 2000, 5000, true},
      {45, 40, 2, 2, 0, false},
      {45, 40, 300, 1000, 4000, false},
      {45, 60, 3000, 20, 50, false},
      {45, 1, 10, 10, 10, false},
      {17, 25, 1, 0, 0, true},
      // The register decoder of unpruned models (fewer than 16 tags), up to 15 tags.
      {16, 30, 5, 5, 0, true},
      {16, 30, 1, 1, 0, false},
      {8, 30, 200, 2000, 5000, true},
      {12, 1, 3, 3, 0, false},
      {15, 40, 1, 0, 0, true},
  };
  for (const Case& c : cases) {
    for (uint32_t seed = 1; seed <= 200; ++seed) {
      Compare(c, seed);
      if (HasFatalFailure()) return;
    }
  }
}

TEST(ViterbiTest, LargeScoresBeyondFloatPrecision) {
  // Sums past 2^24 round; the decoder must still agree with the reference.
  for (uint32_t seed = 1; seed <= 100; ++seed) {
    Compare({45, 200, 1 << 20, 1 << 22, 1 << 23, false}, seed);
    if (HasFatalFailure()) return;
  }
}

TEST(ViterbiTest, EmptyAndForbiddenEverywhere) {
  std::vector<float> trans(3 * 2, kNeg);
  PrunedViterbi dec(trans.data(), 2);
  ViterbiScratch s;
  std::vector<uint16_t> want, got;
  dec.Decode(nullptr, 0, &s, &got);
  EXPECT_TRUE(got.empty());
  std::vector<float> em = {1, 2, 3, 4, 5, 6};
  Viterbi(em.data(), 3, 2, trans.data(), &s, &want);
  dec.Decode(em.data(), 3, &s, &got);
  EXPECT_EQ(got, want);
}

}  // namespace
}  // namespace mosaic::tag
