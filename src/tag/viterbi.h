// First-order Viterbi decoding for the sequence taggers (tag/sequence_model.h): the plain O(n T^2)
// reference, used by training, and a pruned decoder for tagging that returns the same path.
//
// Scores: em is n * T emission scores (row i: token i); trans is (T + 1) * T transition scores,
// trans[p * T + t] for tag p followed by tag t, row T for the sentence start; -inf forbids a
// transition. Ties go to the lowest tag id, both for a tag's best predecessor and for the last tag.
//
// Why the pruned decoder returns exactly the reference path: after position i, tag a is dropped
// when some tag b (the best at i) beats it whatever comes next, i.e. when
//   score_i(a) + gain(a, b) < score_i(b),  gain(a, b) = max over q of trans[a, q] - trans[b, q].
// A dropped tag then scores strictly less than b as the predecessor of every tag at i + 1, so it is
// never anyone's best predecessor, and the scores and back-pointers the decoder keeps are the ones
// the reference computes. The comparison keeps a margin far above float rounding of the scores
// (they are sums of integer weights), so rounding cannot turn a dropped tag into a winner either.
// With peaked perceptron scores only a few tags survive each position: 1.08 of the POS tagger's
// 45 on average on news text, so a token costs about 45 * 2 operations instead of 45 * 45.
//
// Thread safety: a PrunedViterbi is immutable after construction; Decode() may be called from
// many threads at once, each with its own ViterbiScratch.
//
//   PrunedViterbi dec(trans, T);   // once per model
//   ViterbiScratch scratch;         // once per thread or document
//   dec.Decode(em, n, &scratch, &tags);
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mosaic::tag {

// Reusable buffers (decoding allocates nothing once they have grown).
struct ViterbiScratch {
  std::vector<float> score;  // 2 * T: the current and previous positions
  std::vector<uint16_t> back, alive;
  std::vector<int32_t> arg;
};

// The reference decoder: every tag at every position (O(n T^2)).
void Viterbi(const float* em, size_t n, size_t T, const float* trans, ViterbiScratch* scratch,
             std::vector<uint16_t>* out);

class PrunedViterbi {
 public:
  PrunedViterbi() = default;
  // `trans`: (T + 1) * T transition scores as above (copied).
  PrunedViterbi(const float* trans, size_t T);

  // The path Viterbi() returns for the same scores.
  void Decode(const float* em, size_t n, ViterbiScratch* scratch, std::vector<uint16_t>* out) const;
  size_t num_tags() const { return T_; }
  // Models with at most this many tags and no pruning are decoded with the scores of all tags in
  // vector registers (the name tagger's 9).
  static constexpr size_t kSmallTags = 16;

 private:
  // Keeps the tags of `score` (one position) that may still lie on the best path, ascending.
  void Survivors(const float* score, std::vector<uint16_t>* alive) const;

  // Below this many tags every tag is kept: the test costs more than it saves (and the name
  // tagger's BIO constraints leave little to drop: 8.8 of its 9 tags survive on news text).
  static constexpr size_t kMinTagsToPrune = 16;

  size_t T_ = 0;
  bool prune_ = false;
  std::vector<float> trans_;
  std::vector<float> small_trans_;  // T <= kSmallTags unpruned: (T + 1) x kSmallTags, -inf padded
  std::vector<double> gain_;        // T * T: gain(a, b) at gain_[b * T + a] (+inf: never dominated)
  double max_abs_trans_ = 0;        // largest finite |trans|, for the rounding margin
  bool avx2_ = false;               // Survivors tests four tags at a time (AVX2)
};

}  // namespace mosaic::tag
