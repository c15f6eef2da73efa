#include "tag/features.h"

#include <unicode/utf8.h>
// Inlined: feature hashing calls XXH3 on short strings millions of times (same hash values).
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cassert>
#include <unordered_map>

#include "text/char_class.h"

namespace mosaic::tag {

uint64_t HashString(std::string_view s, uint64_t seed) {
  return XXH3_64bits_withSeed(s.data(), s.size(), seed);
}

void FlatTableBuilder::Add(uint64_t hash, uint32_t value, bool merge_or) {
  keys_.push_back(hash);
  values_.push_back(value | (merge_or ? 0x80000000u : 0u));
}

std::vector<uint64_t> FlatTableBuilder::Build() const {
  // De-duplicate first (a key added twice ORs or keeps the first value), in insertion order so the
  // table is a deterministic function of the additions.
  std::unordered_map<uint64_t, uint32_t> merged;
  std::vector<uint64_t> order;
  for (size_t i = 0; i < keys_.size(); ++i) {
    uint32_t v = values_[i] & 0x7fffffffu;
    auto [it, inserted] = merged.emplace(keys_[i], v);
    if (inserted) {
      order.push_back(keys_[i]);
    } else if (values_[i] & 0x80000000u) {
      it->second |= v;
    }
  }
  size_t cap = 16;
  while (cap < order.size() * 2) cap <<= 1;
  std::vector<uint64_t> slots(cap, 0);
  const uint64_t mask = cap - 1;
  for (uint64_t k : order) {
    uint64_t v = merged[k] & FlatTable::kMaxValue;
    if (v == 0) continue;
    uint64_t i = k & mask;
    while (slots[i] != 0 && (slots[i] >> 24) != (k >> 24)) i = (i + 1) & mask;
    slots[i] = ((k >> 24) << 24) | v;
  }
  return slots;
}

uint64_t HashPhraseStart() { return 0x6a09e667f3bcc908ULL; }

uint64_t HashPhraseNext(uint64_t h, std::string_view token) {
  char buf[64];
  size_t n = std::min(token.size(), sizeof(buf));
  for (size_t i = 0; i < n; ++i) {
    char c = token[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return MixHash(h, XXH3_64bits(buf, n));
}

void AsciiLower(std::string_view in, std::string* out) {
  out->resize(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    (*out)[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
}

namespace {

// Character class for shapes: X upper, x lower, d digit, other bytes kept.
char ShapeClass(UChar32 c) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return 'X';
    if (c >= 'a' && c <= 'z') return 'x';
    if (c >= '0' && c <= '9') return 'd';
    return static_cast<char>(c);
  }
  if (text::IsUpper(c)) return 'X';
  if (text::IsLetter(c)) return 'x';
  if (text::IsDigit(c)) return 'd';
  return '~';
}

}  // namespace

void WordShape(std::string_view w, std::string* out) {
  out->clear();
  const auto* p = reinterpret_cast<const uint8_t*>(w.data());
  int32_t i = 0, n = static_cast<int32_t>(w.size());
  char last = 0;
  while (i < n && out->size() < 12) {
    UChar32 c;
    if (p[i] < 0x80) {
      c = p[i++];
    } else {
      U8_NEXT(p, i, n, c);
    }
    char k = ShapeClass(c);
    if (k != last) out->push_back(k);
    last = k;
  }
}

bool StartsUpper(std::string_view w) {
  if (w.empty()) return false;
  const auto* p = reinterpret_cast<const uint8_t*>(w.data());
  if (p[0] < 0x80) return p[0] >= 'A' && p[0] <= 'Z';
  int32_t i = 0;
  UChar32 c;
  U8_NEXT(p, i, static_cast<int32_t>(w.size()), c);
  return text::IsUpper(c);
}

namespace {

bool HasLetter(std::string_view w) {
  for (char c : w) {
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return true;
  }
  return false;
}
bool HasLowerAscii(std::string_view w) {
  for (char c : w) {
    if (c >= 'a' && c <= 'z') return true;
  }
  return false;
}

// A sentence in capitals throughout (a headline): capitalisation carries no information there.
bool IsCapsSentence(const SentenceInput& s) {
  int words = 0;
  for (auto w : s.words) {
    if (!HasLetter(w)) continue;
    if (HasLowerAscii(w)) return false;
    ++words;
  }
  return words >= 2;
}

// Feature templates. The numbers are part of the model format: never renumber, only append.
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kLower,
  kShape,
  kPrefix,
  kSuffix,
  kLowerPrev,
  kLowerNext,
  kLowerPrev2,
  kLowerNext2,
  kShapePrevCur,
  kShapeCurNext,
  kShape3,
  kLowerPrevCur,
  kLowerCurNext,
  kInitialShape,
  kCapsShape,
  kGazBegin,
  kGazInside,
  kGazPrev,
  kGazNext,
  kCluster,
  kClusterPrev,
  kClusterNext,
  kDocCap,
  kPos,
  kPosPrevCur,
  kPosCurNext,
  kPosPrev,
  kPosNext,
  kWordPrev,
  kWordNext,
  kLength,
  kCapsLower,
  kGazBeginCap,
  kPosLower,
  kPrior,
  kPriorPrev,
  kPriorNext,
  kPriorTri,
  kHistType,
  kHistMajority,
  kHistPrev,
  kHistNext,
};

inline uint64_t F(uint64_t t, uint64_t a) { return MixHash(t * 0x100000001b3ULL, a); }
inline uint64_t F(uint64_t t, uint64_t a, uint64_t b) { return MixHash(F(t, a), b); }
inline uint64_t F(uint64_t t, uint64_t a, uint64_t b, uint64_t c) { return MixHash(F(t, a, b), c); }

constexpr uint64_t kBoundary = 0x5bd1e9955bd1e995ULL;  // the value of a feature past the sentence

// The most features Extract() gives one token: 4 core + 17 local context + 4 + 1 capitals + 35
// gazetteer (7 types x 5) + 8 clusters + 1 document + 6 POS + 15 second stage = 91.
constexpr size_t kMaxFeaturesPerToken = 96;

}  // namespace

std::vector<uint8_t> StageCodes(const std::vector<std::string_view>& tag_names) {
  std::vector<std::string_view> types;
  for (auto t : tag_names) {
    if (t.size() > 2 && t[1] == '-') types.push_back(t.substr(2));
  }
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  std::vector<uint8_t> codes;
  for (auto t : tag_names) {
    uint8_t c = 0;
    if (t.size() > 2 && t[1] == '-') {
      size_t type = std::lower_bound(types.begin(), types.end(), t.substr(2)) - types.begin();
      if (type < 8) c = static_cast<uint8_t>(2 * type + (t[0] == 'B' ? 1 : 2));
    }
    codes.push_back(c);
  }
  return codes;
}

const FeatureExtractor::TypeCounts* FeatureExtractor::Hist(uint64_t lower) const {
  if (hist_.empty()) return nullptr;
  const uint64_t mask = hist_.size() - 1;
  for (uint64_t i = lower & mask; hist_[i].used; i = (i + 1) & mask) {
    if (hist_[i].hash == lower) return &hist_[i].counts;
  }
  return nullptr;
}

void FeatureExtractor::BeginDocument(std::span<const SentenceInput> sentences,
                                     const std::vector<std::vector<uint16_t>>* prior,
                                     std::span<const uint8_t> codes) {
  doc_seen_.clear();
  hist_.clear();
  prior_ = (flags_ & kFeatStage1) ? prior : nullptr;
  codes_ = codes;
  // With a token information cache, the lower-case hashes come from it (filled now: the features
  // need it anyway); without one they are computed here.
  if (cache_) {
    if (cache_->size() < sentences.size()) cache_->resize(sentences.size());
    for (size_t s = 0; s < sentences.size(); ++s) {
      if ((*cache_)[s].size() == sentences[s].words.size()) continue;
      ComputeTokenInfo(sentences[s]);
      (*cache_)[s] = info_;
    }
  }
  auto lower_hash = [&](size_t s, size_t i) {
    if (cache_) return (*cache_)[s][i].lower;
    AsciiLower(sentences[s].words[i], &scratch_);
    return HashString(scratch_);
  };
  if (prior_) {
    size_t words = 0;
    for (size_t s = 0; s < sentences.size() && s < prior_->size(); ++s) {
      words += sentences[s].words.size();
    }
    size_t cap = 16;
    while (cap < 2 * words) cap <<= 1;
    hist_.assign(cap, HistSlot{});
    const uint64_t mask = cap - 1;
    for (size_t s = 0; s < sentences.size() && s < prior_->size(); ++s) {
      const auto& ws = sentences[s].words;
      const auto& tags = (*prior_)[s];
      for (size_t i = 0; i < ws.size() && i < tags.size(); ++i) {
        if (!HasLetter(ws[i])) continue;
        uint8_t c = tags[i] < codes_.size() ? codes_[tags[i]] : 0;
        const uint64_t h = lower_hash(s, i);
        uint64_t k = h & mask;
        while (hist_[k].used && hist_[k].hash != h) k = (k + 1) & mask;
        hist_[k].used = true;
        hist_[k].hash = h;
        ++hist_[k].counts.n[c ? (c + 1) / 2 : 0];
      }
    }
  }
  if (!(flags_ & kFeatDocument)) return;
  // An open-addressing table (load <= 1/2) of lower-case word hash -> kSeenCap | kSeenLower: a
  // token's evidence is one probe or two.
  size_t tokens = 0;
  for (const auto& s : sentences) tokens += s.words.size();
  size_t cap = 16;
  while (cap < 2 * tokens) cap <<= 1;
  doc_seen_.assign(cap, SeenSlot{});
  auto mark = [&](uint64_t h, uint8_t bit) {
    const uint64_t mask = doc_seen_.size() - 1;
    uint64_t i = h & mask;
    while (doc_seen_[i].seen && doc_seen_[i].hash != h) i = (i + 1) & mask;
    doc_seen_[i].hash = h;
    doc_seen_[i].seen |= bit;
  };
  for (size_t si = 0; si < sentences.size(); ++si) {
    const SentenceInput& s = sentences[si];
    if (IsCapsSentence(s)) continue;
    for (size_t i = 0; i < s.words.size(); ++i) {
      std::string_view w = s.words[i];
      if (!HasLetter(w)) continue;
      uint64_t h = lower_hash(si, i);
      if (StartsUpper(w)) {
        // Mid-sentence capitals are evidence of a name; a sentence's first word is not.
        if (i > 0 && HasLetter(s.words[i - 1])) mark(h, kSeenCap);
      } else {
        mark(h, kSeenLower);
      }
    }
  }
}

uint8_t FeatureExtractor::DocEvidence(uint64_t lower) const {
  if (doc_seen_.empty()) return 0;
  const uint64_t mask = doc_seen_.size() - 1;
  for (uint64_t i = lower & mask; doc_seen_[i].seen; i = (i + 1) & mask) {
    if (doc_seen_[i].hash == lower) return doc_seen_[i].seen;
  }
  return 0;
}

void FeatureExtractor::ComputeTokenInfo(const SentenceInput& s) {
  const size_t n = s.words.size();
  info_.assign(n, TokenInfo{});
  const bool use_pos = (flags_ & kFeatPos) && s.pos.size() == n;
  const bool clusters = (flags_ & kFeatClusters) && !lex_->clusters.empty();
  const bool gazetteer = (flags_ & kFeatGazetteer) && !lex_->gazetteer.empty();
  std::string shape;
  // Hashes first, prefetching the lexicon slots; the lookups follow in a second pass so that
  // their cache misses overlap.
  phrase_.resize(n);
  for (size_t i = 0; i < n; ++i) {
    TokenInfo& t = info_[i];
    std::string_view w = s.words[i];
    t.word = HashString(w);
    AsciiLower(w, &scratch_);
    t.lower = HashString(scratch_);
    WordShape(w, &shape);
    t.shape = HashString(shape);
    t.cap = StartsUpper(w);
    if (use_pos) t.pos = HashString(s.pos[i]);
    if (clusters) lex_->clusters.Prefetch(t.word);
    if (gazetteer) {
      // HashPhraseNext's token hash is the lower-case hash unless the token is cut at 64 bytes.
      phrase_[i] = w.size() <= 64 ? MixHash(HashPhraseStart(), t.lower)
                                  : HashPhraseNext(HashPhraseStart(), w);
      lex_->gazetteer.Prefetch(phrase_[i]);
    }
  }
  if (clusters) {
    for (TokenInfo& t : info_) {
      t.cluster = lex_->clusters.Find(t.word);
      if (t.cluster == 0) t.cluster = lex_->clusters.Find(t.lower);
    }
  }
  if (gazetteer) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t h = phrase_[i];
      for (size_t j = i; j < n && j < i + kGazMaxTokens; ++j) {
        if (j > i) h = HashPhraseNext(h, s.words[j]);
        uint32_t v = lex_->gazetteer.Find(h);
        if (v == 0) break;
        uint32_t types = v & ~static_cast<uint32_t>(kGazPrefix);
        if (types) {
          info_[i].gaz_begin |= types;
          for (size_t k = i + 1; k <= j; ++k) info_[k].gaz_inside |= types;
        }
        if (!(v & kGazPrefix)) break;
      }
    }
  }
}

void FeatureExtractor::Extract(const SentenceInput& s, size_t index, std::vector<uint64_t>* feats,
                               std::vector<uint32_t>* offsets, std::vector<uint32_t>* gazetteer) {
  const size_t n = s.words.size();
  feats->clear();
  offsets->clear();
  // Features are written through a pointer into uninitialised room for the most a sentence can
  // have, then copied out once (growing `feats` token by token zero-filled it: a measurable share
  // of tagging).
  if (buffer_size_ < n * kMaxFeaturesPerToken) {
    buffer_size_ = n * kMaxFeaturesPerToken;
    buffer_.reset(new uint64_t[buffer_size_]);
  }
  uint64_t* const start = buffer_.get();
  uint64_t* out = start;
  if (gazetteer) gazetteer->clear();
  offsets->reserve(n + 1);
  const bool caps = IsCapsSentence(s);
  const bool use_pos = (flags_ & kFeatPos) && s.pos.size() == n;
  // The token information is read in place: from the shared cache when another stage computed
  // it, else from info_ (stored into the cache for the next stage).
  const std::vector<TokenInfo>* cached = nullptr;
  if (cache_ && index < cache_->size() && (*cache_)[index].size() == n) {
    cached = &(*cache_)[index];
  } else {
    ComputeTokenInfo(s);
    if (cache_) {
      if (cache_->size() <= index) cache_->resize(index + 1);
      (*cache_)[index] = info_;
    }
  }
  const std::vector<TokenInfo>& info = cached ? *cached : info_;

  auto lower_at = [&](long i) {
    return i < 0 || i >= static_cast<long>(n) ? kBoundary : info[i].lower;
  };
  auto word_at = [&](long i) {
    return i < 0 || i >= static_cast<long>(n) ? kBoundary : info[i].word;
  };
  auto shape_at = [&](long i) {
    return i < 0 || i >= static_cast<long>(n) ? kBoundary : info[i].shape;
  };
  auto pos_at = [&](long i) {
    return i < 0 || i >= static_cast<long>(n) ? kBoundary : info[i].pos;
  };
  const std::vector<uint16_t>* prior =
      prior_ && index < prior_->size() && (*prior_)[index].size() == n ? &(*prior_)[index]
                                                                       : nullptr;
  auto code_at = [&](long i) -> uint64_t {
    if (i < 0 || i >= static_cast<long>(n)) return 99;
    uint16_t t = (*prior)[i];
    return t < codes_.size() ? codes_[t] : 0;
  };
  // Each token's first-stage history, looked up once (its neighbours' features use it too).
  hist_at_.clear();
  if (prior) {
    for (size_t i = 0; i < n; ++i) hist_at_.push_back(Hist(info[i].lower));
  }
  // The type most of a word's occurrences got in the first stage (0 = none), and whether all did.
  auto majority = [&](long i, bool* unanimous) -> uint64_t {
    if (unanimous) *unanimous = false;
    if (i < 0 || i >= static_cast<long>(n)) return 99;
    const TypeCounts* h = hist_at_[i];
    if (!h) return 98;
    int best = 0, total = 0;
    for (int t = 0; t < 9; ++t) {
      total += h->n[t];
      if (h->n[t] > h->n[best]) best = t;
    }
    if (unanimous) *unanimous = h->n[best] == total;
    return static_cast<uint64_t>(best);
  };

  for (size_t ui = 0; ui < n; ++ui) {
    const long i = static_cast<long>(ui);
    const TokenInfo& t = info[ui];
    // Written through a pointer into room for the most a token can have (push_back per feature
    // was a measurable share of tagging).
    [[maybe_unused]] const uint64_t* const base = out;  // for the assertion
    offsets->push_back(static_cast<uint32_t>(out - start));
    auto add = [&](uint64_t f) { *out++ = f; };
    std::string_view w = s.words[ui];
    add(F(kBias, 0));
    add(F(kWord, t.word));
    add(F(kLower, t.lower));
    add(F(kShape, t.shape));
    // A second stage sees the first stage's tags; it needs only the core local features, which
    // halves its cost.
    if (!prior) {
      AsciiLower(w, &scratch_);
      // Affixes up to 4 bytes (a cut inside a UTF-8 sequence is harmless: it is only a hash).
      for (size_t k = 1; k <= 4 && k < scratch_.size(); ++k) {
        add(F(kPrefix, k, HashString(std::string_view(scratch_).substr(0, k))));
        add(F(kSuffix, k, HashString(std::string_view(scratch_).substr(scratch_.size() - k))));
      }
      add(F(kLength, std::min<size_t>(w.size(), 12)));
      add(F(kLowerPrev2, lower_at(i - 2)));
      add(F(kLowerNext2, lower_at(i + 2)));
      add(F(kWordPrev, word_at(i - 1)));
      add(F(kWordNext, word_at(i + 1)));
      add(F(kShapePrevCur, shape_at(i - 1), t.shape));
      add(F(kShapeCurNext, t.shape, shape_at(i + 1)));
      add(F(kLowerPrevCur, lower_at(i - 1), t.lower));
      add(F(kLowerCurNext, t.lower, lower_at(i + 1)));
    }
    add(F(kLowerPrev, lower_at(i - 1)));
    add(F(kLowerNext, lower_at(i + 1)));
    add(F(kShape3, shape_at(i - 1), t.shape, shape_at(i + 1)));
    add(F(kInitialShape, i == 0 ? 1 : 0, caps ? 1 : 0, t.shape));
    if (caps) add(F(kCapsLower, t.lower));
    if (gazetteer) gazetteer->push_back(static_cast<uint32_t>(out - start));
    if (flags_ & kFeatGazetteer) {
      uint32_t gb = t.gaz_begin, gi = t.gaz_inside;
      for (uint32_t bit = 1; bit < kGazPrefix; bit <<= 1) {
        if (gb & bit) {
          add(F(kGazBegin, bit));
          add(F(kGazBeginCap, bit, t.cap ? 1 : 0, caps ? 1 : 0));
        }
        if (gi & bit) add(F(kGazInside, bit));
        if (prior) continue;
        if (i > 0 && ((info[ui - 1].gaz_begin | info[ui - 1].gaz_inside) & bit))
          add(F(kGazPrev, bit));
        if (ui + 1 < n && ((info[ui + 1].gaz_begin | info[ui + 1].gaz_inside) & bit)) {
          add(F(kGazNext, bit));
        }
      }
    }
    if (gazetteer) gazetteer->push_back(static_cast<uint32_t>(out - start));
    if (flags_ & kFeatClusters) {
      static constexpr int kDepths[] = {5, 13, 4, 8};
      auto prefix = [](uint32_t c, int d) -> uint64_t {
        if (c == 0) return 0;
        int depth = 31 - __builtin_clz(c);
        if (depth <= d) return c;
        return (c >> (depth - d)) | 0x80000000u;
      };
      for (int d : kDepths) {
        if (!prior || d == 5 || d == 13) add(F(kCluster, d, prefix(t.cluster, d)));
      }
      uint32_t cp = i > 0 ? info[ui - 1].cluster : 0, cn = ui + 1 < n ? info[ui + 1].cluster : 0;
      if (!prior) add(F(kClusterPrev, 5, prefix(cp, 5)));
      add(F(kClusterPrev, 13, prefix(cp, 13)));
      if (!prior) add(F(kClusterNext, 5, prefix(cn, 5)));
      add(F(kClusterNext, 13, prefix(cn, 13)));
    }
    if ((flags_ & kFeatDocument) && HasLetter(w)) {
      bool uninformative = i == 0 || caps || !HasLetter(s.words[ui - 1]);
      const uint8_t seen = DocEvidence(t.lower);
      bool cap_elsewhere = seen & kSeenCap;
      bool lower_elsewhere = seen & kSeenLower;
      add(F(kDocCap, (uninformative ? 4 : 0) | (cap_elsewhere ? 2 : 0) | (lower_elsewhere ? 1 : 0),
            t.cap ? 1 : 0));
    }
    if (use_pos) {
      add(F(kPos, t.pos));
      add(F(kPosPrev, pos_at(i - 1)));
      add(F(kPosNext, pos_at(i + 1)));
      add(F(kPosPrevCur, pos_at(i - 1), t.pos));
      add(F(kPosCurNext, t.pos, pos_at(i + 1)));
      add(F(kPosLower, t.pos, t.lower));
    }
    if (prior) {
      uint64_t c = code_at(i);
      add(F(kPrior, c));
      add(F(kPriorPrev, code_at(i - 1), c));
      add(F(kPriorNext, c, code_at(i + 1)));
      add(F(kPriorTri, code_at(i - 1), c, code_at(i + 1)));
      if (const TypeCounts* h = hist_at_[ui]) {
        int total = 0;
        for (int k = 0; k < 9; ++k) total += h->n[k];
        for (int k = 1; k < 9; ++k) {
          if (h->n[k] == 0) continue;
          int share = 3 * h->n[k] >= 2 * total ? 2 : 3 * h->n[k] >= total ? 1 : 0;
          add(F(kHistType, static_cast<uint64_t>(k), static_cast<uint64_t>(share), t.cap ? 1 : 0));
        }
      }
      bool unanimous = false;
      uint64_t m = majority(i, &unanimous);
      add(F(kHistMajority, m, unanimous ? 1 : 0, c));
      add(F(kHistPrev, majority(i - 1, nullptr), m));
      add(F(kHistNext, m, majority(i + 1, nullptr)));
    }
    assert(static_cast<size_t>(out - base) <= kMaxFeaturesPerToken);
  }
  offsets->push_back(static_cast<uint32_t>(out - start));
  feats->assign(start, out);
}

}  // namespace mosaic::tag
