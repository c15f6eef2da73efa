#include "tag/viterbi.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace mosaic::tag {
namespace {

constexpr float kNeg = -std::numeric_limits<float>::infinity();

// For t < T: if (sp + tr[t] > cur[t]) { cur[t] = sp + tr[t]; arg[t] = p; }. Four tags at a time
// with compiler vector types (GCC and Clang; SSE2 or NEON), as -O2 does not vectorize the
// conditional update by itself; the same comparisons, so the same results.
void Relax(float sp, const float* __restrict tr, int32_t p, size_t T, float* __restrict cur,
           int32_t* __restrict arg) {
  typedef float F4 __attribute__((vector_size(16)));
  typedef int32_t I4 __attribute__((vector_size(16)));
  size_t t = 0;
  for (; t + 4 <= T; t += 4) {
    F4 v, c;
    I4 a;
    std::memcpy(&v, tr + t, sizeof(v));
    std::memcpy(&c, cur + t, sizeof(c));
    std::memcpy(&a, arg + t, sizeof(a));
    v += sp;
    const I4 gt = v > c;  // all ones where v wins
    c = reinterpret_cast<F4>((reinterpret_cast<I4>(v) & gt) | (reinterpret_cast<I4>(c) & ~gt));
    a = (p & gt) | (a & ~gt);
    std::memcpy(cur + t, &c, sizeof(c));
    std::memcpy(arg + t, &a, sizeof(a));
  }
  for (; t < T; ++t) {
    const float v = sp + tr[t];
    if (v > cur[t]) {
      cur[t] = v;
      arg[t] = p;
    }
  }
}

// A position whose only surviving predecessor is p (score sp, transitions tr): for t < T,
// v = sp + tr[t]; cur[t] = (v > -inf ? v : -inf) + e[t]; b[t] = v > -inf ? p : 0, which is what
// Relax from -inf gives. Four tags at a time with compiler vector types (the same operations per
// lane, so the same results).
void OneSurvivor(float sp, const float* __restrict tr, const float* __restrict e, uint16_t p,
                 size_t T, float* __restrict cur, uint16_t* __restrict b) {
  typedef float F4 __attribute__((vector_size(16)));
  typedef int32_t I4 __attribute__((vector_size(16)));
  const F4 neg = {kNeg, kNeg, kNeg, kNeg};
  size_t t = 0;
  for (; t + 4 <= T; t += 4) {
    F4 v, x;
    std::memcpy(&v, tr + t, sizeof(v));
    std::memcpy(&x, e + t, sizeof(x));
    v += sp;
    const I4 better = v > neg;
    const F4 c = reinterpret_cast<F4>((reinterpret_cast<I4>(v) & better) |
                                      (reinterpret_cast<I4>(neg) & ~better)) +
                 x;
    std::memcpy(cur + t, &c, sizeof(c));
    const I4 a = better & static_cast<int32_t>(p);
    for (int j = 0; j < 4; ++j) b[t + j] = static_cast<uint16_t>(a[j]);
  }
  for (; t < T; ++t) {
    const float v = sp + tr[t];
    const bool better = v > kNeg;
    cur[t] = (better ? v : kNeg) + e[t];
    b[t] = better ? p : 0;
  }
}

// Traces the back-pointers from the best last tag (the lowest id among equals).
void Backtrack(const float* last, size_t n, size_t T, const std::vector<uint16_t>& back,
               std::vector<uint16_t>* out) {
  uint16_t best = 0;
  for (size_t t = 1; t < T; ++t) {
    if (last[t] > last[best]) best = static_cast<uint16_t>(t);
  }
  for (size_t i = n; i-- > 0;) {
    (*out)[i] = best;
    best = back[i * T + best];
  }
}

using V8f = float __attribute__((vector_size(32)));
using V8i = int32_t __attribute__((vector_size(32)));

// target_clones dispatches through an ifunc resolver, which the dynamic loader runs before
// ThreadSanitizer's runtime is up; an instrumented resolver crashes there. TSan builds take the
// portable code (the same results).
#if defined(__SANITIZE_THREAD__)
#define MOSAIC_THREAD_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define MOSAIC_THREAD_SANITIZER 1
#endif
#endif
#if defined(__x86_64__) && !defined(MOSAIC_THREAD_SANITIZER)
#define MOSAIC_VITERBI_CLONES [[gnu::target_clones("avx2", "default")]]
#else
#define MOSAIC_VITERBI_CLONES
#endif

// The full update (every tag kept) for T <= kSmallTags tags, the scores of all tags in two 8-lane
// vectors: for each predecessor p in ascending order, the tags whose score through p beats their
// best so far take it (a strict comparison), as Relax does, so the scores and back-pointers are
// the same. `trans` is the padded (T + 1) x kSmallTags table (-inf in the padding).
MOSAIC_VITERBI_CLONES void DecodeSmall(const float* __restrict em, size_t n, size_t T,
                                       const float* __restrict trans, uint16_t* __restrict back,
                                       float* __restrict last) {
  constexpr size_t W = PrunedViterbi::kSmallTags;
  static_assert(W == 16, "two vectors of 8");
  float prev[W], e[W] = {};
  for (size_t t = 0; t < W; ++t) prev[t] = t < T ? trans[T * W + t] + em[t] : kNeg;
  for (size_t i = 1; i < n; ++i) {
    const V8f neg = {kNeg, kNeg, kNeg, kNeg, kNeg, kNeg, kNeg, kNeg};
    V8f c0 = neg, c1 = neg;
    V8i a0 = {}, a1 = {};
    for (size_t p = 0; p < T; ++p) {
      V8f v0, v1;
      std::memcpy(&v0, trans + p * W, sizeof(v0));
      std::memcpy(&v1, trans + p * W + 8, sizeof(v1));
      v0 += prev[p];
      v1 += prev[p];
      const V8i g0 = v0 > c0, g1 = v1 > c1;
      const int32_t pi = static_cast<int32_t>(p);
      c0 = reinterpret_cast<V8f>((reinterpret_cast<V8i>(v0) & g0) |
                                 (reinterpret_cast<V8i>(c0) & ~g0));
      c1 = reinterpret_cast<V8f>((reinterpret_cast<V8i>(v1) & g1) |
                                 (reinterpret_cast<V8i>(c1) & ~g1));
      a0 = (pi & g0) | (a0 & ~g0);
      a1 = (pi & g1) | (a1 & ~g1);
    }
    std::memcpy(e, em + i * T, T * sizeof(float));
    V8f e0, e1;
    std::memcpy(&e0, e, sizeof(e0));
    std::memcpy(&e1, e + 8, sizeof(e1));
    c0 += e0;
    c1 += e1;
    std::memcpy(prev, &c0, sizeof(c0));
    std::memcpy(prev + 8, &c1, sizeof(c1));
    int32_t a[W];
    std::memcpy(a, &a0, sizeof(a0));
    std::memcpy(a + 8, &a1, sizeof(a1));
    uint16_t* b = back + i * T;
    for (size_t t = 0; t < T; ++t) b[t] = static_cast<uint16_t>(a[t]);
  }
  std::memcpy(last, prev, T * sizeof(float));
}

}  // namespace

void Viterbi(const float* em, size_t n, size_t T, const float* trans, ViterbiScratch* scratch,
             std::vector<uint16_t>* out) {
  out->assign(n, 0);
  if (n == 0) return;
  scratch->score.assign(2 * T, kNeg);
  scratch->back.assign(n * T, 0);
  float* cur = scratch->score.data();
  float* prev = cur + T;
  for (size_t t = 0; t < T; ++t) cur[t] = trans[T * T + t] + em[t];
  for (size_t i = 1; i < n; ++i) {
    std::swap(cur, prev);
    const float* e = em + i * T;
    uint16_t* b = scratch->back.data() + i * T;
    for (size_t t = 0; t < T; ++t) {
      float best = kNeg;
      uint16_t arg = 0;
      for (size_t p = 0; p < T; ++p) {
        // Forbidden transitions carry -inf: no branch needed.
        float v = prev[p] + trans[p * T + t];
        if (v > best) {
          best = v;
          arg = static_cast<uint16_t>(p);
        }
      }
      cur[t] = best + e[t];
      b[t] = arg;
    }
  }
  Backtrack(cur, n, T, scratch->back, out);
}

PrunedViterbi::PrunedViterbi(const float* trans, size_t T)
    : T_(T), prune_(T >= kMinTagsToPrune), trans_(trans, trans + (T + 1) * T), gain_(T * T) {
#if defined(__x86_64__)
  avx2_ = __builtin_cpu_supports("avx2");
#endif
  if (!prune_ && T <= kSmallTags) {
    small_trans_.assign((T + 1) * kSmallTags, kNeg);
    for (size_t p = 0; p <= T; ++p) {
      std::memcpy(&small_trans_[p * kSmallTags], &trans_[p * T], T * sizeof(float));
    }
  }
  for (size_t i = 0; i < trans_.size(); ++i) {
    if (std::isfinite(trans_[i]))
      max_abs_trans_ = std::max(max_abs_trans_, double{std::fabs(trans_[i])});
  }
  constexpr double kInf = std::numeric_limits<double>::infinity();
  for (size_t a = 0; a < T; ++a) {
    for (size_t b = 0; b < T; ++b) {
      double g = -kInf;  // a has no successor at all: any b dominates it
      for (size_t q = 0; q < T; ++q) {
        const float ta = trans_[a * T + q], tb = trans_[b * T + q];
        if (ta == kNeg) continue;  // a cannot go to q: no gain there
        if (tb == kNeg) {          // only a can go to q: b never dominates a
          g = kInf;
          break;
        }
        g = std::max(g, double{ta} - double{tb});
      }
      gain_[b * T + a] = g;
    }
  }
}

#if defined(__x86_64__)
namespace {
// The pruning test of Survivors four tags at a time (AVX2): the same double sums in the same order
// and the same comparison (a NaN sum keeps its tag), so the same survivors.
[[gnu::target("avx2")]] void KeepAvx2(const float* score, const double* gain, size_t T, double top,
                                      double margin, std::vector<uint16_t>* alive) {
  const __m256d topv = _mm256_set1_pd(top), marginv = _mm256_set1_pd(margin);
  size_t t = 0;
  for (; t + 4 <= T; t += 4) {
    const __m256d v = _mm256_add_pd(
        _mm256_add_pd(_mm256_cvtps_pd(_mm_loadu_ps(score + t)), _mm256_loadu_pd(gain + t)),
        marginv);
    unsigned keep = static_cast<unsigned>(_mm256_movemask_pd(_mm256_cmp_pd(v, topv, _CMP_NLT_UQ)));
    while (keep) {
      alive->push_back(static_cast<uint16_t>(t + __builtin_ctz(keep)));
      keep &= keep - 1;
    }
  }
  for (; t < T; ++t) {
    if (double{score[t]} + gain[t] + margin < top) continue;
    alive->push_back(static_cast<uint16_t>(t));
  }
}
// The best tag of Survivors (the first of the highest scores), eight tags at a time; SIZE_MAX when
// a score is NaN (the caller's loop decides then).
[[gnu::target("avx2")]] size_t BestAvx2(const float* score, size_t T) {
  if (T < 8) return SIZE_MAX;
  __m256 m = _mm256_loadu_ps(score);
  __m256 nan = _mm256_cmp_ps(m, m, _CMP_UNORD_Q);
  size_t t = 8;
  for (; t + 8 <= T; t += 8) {
    const __m256 x = _mm256_loadu_ps(score + t);
    nan = _mm256_or_ps(nan, _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
    m = _mm256_max_ps(m, x);
  }
  if (_mm256_movemask_ps(nan) != 0) return SIZE_MAX;
  float top[8];
  _mm256_storeu_ps(top, m);
  float best = top[0];
  for (int j = 1; j < 8; ++j) best = top[j] > best ? top[j] : best;
  for (; t < T; ++t) {
    if (score[t] != score[t]) return SIZE_MAX;
    best = score[t] > best ? score[t] : best;
  }
  for (size_t i = 0; i < T; ++i) {
    if (score[i] == best) return i;
  }
  return SIZE_MAX;
}

}  // namespace
#endif

void PrunedViterbi::Survivors(const float* score, std::vector<uint16_t>* alive) const {
  const size_t T = T_;
  size_t best = SIZE_MAX;
#if defined(__x86_64__)
  if (avx2_) best = BestAvx2(score, T);
#endif
  if (best == SIZE_MAX) {
    best = 0;
    for (size_t t = 1; t < T; ++t) {
      if (score[t] > score[best]) best = t;
    }
  }
  alive->clear();
  const double top = score[best];
  // Scores are exact integers below 2^24 in practice; the margin (a few units in the last place
  // of the largest sum the next step forms, plus one) keeps the test safe beyond that too.
  const double margin = (std::fabs(top) + max_abs_trans_) * 0x1p-20 + 1;
  const double* gain = gain_.data() + best * T;
#if defined(__x86_64__)
  if (avx2_) return KeepAvx2(score, gain, T, top, margin, alive);
#endif
  for (size_t t = 0; t < T; ++t) {
    // NaN (-inf + inf) compares false: such a tag is kept, which is always safe.
    if (double{score[t]} + gain[t] + margin < top) continue;
    alive->push_back(static_cast<uint16_t>(t));
  }
}

void PrunedViterbi::Decode(const float* em, size_t n, ViterbiScratch* scratch,
                           std::vector<uint16_t>* out) const {
  const size_t T = T_;
  out->assign(n, 0);
  if (n == 0) return;
  scratch->score.resize(2 * T);
  scratch->back.resize(n * T);
  scratch->arg.resize(T);
  float* cur = scratch->score.data();
  float* prev = cur + T;
  if (!small_trans_.empty()) {
    DecodeSmall(em, n, T, small_trans_.data(), scratch->back.data(), cur);
    Backtrack(cur, n, T, scratch->back, out);
    return;
  }
  int32_t* arg = scratch->arg.data();
  const float* start = trans_.data() + T * T;
  for (size_t t = 0; t < T; ++t) cur[t] = start[t] + em[t];
  if (!prune_) {
    scratch->alive.resize(T);
    for (size_t t = 0; t < T; ++t) scratch->alive[t] = static_cast<uint16_t>(t);
  }
  for (size_t i = 1; i < n; ++i) {
    if (prune_) Survivors(cur, &scratch->alive);
    std::swap(cur, prev);
    const float* e = em + i * T;
    uint16_t* b = scratch->back.data() + i * T;
    if (scratch->alive.size() == 1) {
      // One survivor (most positions of the POS tagger): what Relax from -inf would give, in one
      // pass with the emissions.
      const uint16_t p = scratch->alive[0];
      OneSurvivor(prev[p], trans_.data() + size_t{p} * T, e, p, T, cur, b);
      continue;
    }
    // Best predecessor of every tag among the survivors, taken in ascending order with a strict
    // comparison: the same first maximum the reference finds.
    std::fill(cur, cur + T, kNeg);
    std::fill(arg, arg + T, 0);
    for (uint16_t p : scratch->alive) {
      Relax(prev[p], trans_.data() + size_t{p} * T, p, T, cur, arg);
    }
    for (size_t t = 0; t < T; ++t) {
      cur[t] += e[t];
      b[t] = static_cast<uint16_t>(arg[t]);
    }
  }
  Backtrack(cur, n, T, scratch->back, out);
}

}  // namespace mosaic::tag
