#include "tag/sequence_model.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bitset>
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <random>
#include <unordered_map>

#include "tag/viterbi.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace mosaic::tag {
namespace {

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t flags;
  uint32_t num_tags;
  uint32_t num_rows;
  uint32_t feature_slots;
  uint32_t gaz_slots;
  uint32_t cluster_slots;
  uint32_t names_bytes;
  float scale;
  char task[16];
  uint32_t stage1_bytes;  // size of an embedded first-stage model image (0: single stage)
};
static_assert(sizeof(Header) == 64, "the header is part of the file format");

constexpr uint32_t kMaxTags = 1024;

struct Layout {
  size_t features, gazetteer, clusters, transitions, weights, names, stage1, total;
};

size_t Align8(size_t x) { return (x + 7) & ~size_t{7}; }

Layout ComputeLayout(const Header& h) {
  Layout l;
  l.features = sizeof(Header);
  l.gazetteer = l.features + size_t{h.feature_slots} * 8;
  l.clusters = l.gazetteer + size_t{h.gaz_slots} * 8;
  l.transitions = l.clusters + size_t{h.cluster_slots} * 8;
  l.weights = Align8(l.transitions + size_t{h.num_tags + 1} * h.num_tags * 4);
  l.names = Align8(l.weights + size_t{h.num_rows} * h.num_tags * 2);
  l.stage1 = Align8(l.names + h.names_bytes);
  l.total = l.stage1 + h.stage1_bytes;
  return l;
}

bool PowerOfTwoOrZero(uint32_t x) { return (x & (x - 1)) == 0; }

// How many features ahead of the lookup the feature table's slots are prefetched: enough to
// overlap the cache misses, few enough that the lines are still in L1 when the lookup comes.
constexpr size_t kSlotAhead = 48;

// Weights per row as tagging reads them: a row of T int16 weights padded to a multiple of 8 (so
// SumRows has no scalar tail) when that costs little memory (45 tags -> 48: 7%) and makes a row
// touch fewer cache lines. Padding never changes a sum.
uint32_t RowStride(uint32_t T) {
  uint32_t padded = (T + 7) & ~uint32_t{7};
  return padded * 100 <= T * 110 ? padded : T;
}

// One token's emission scores: the sum of its feature rows (`rows`: row numbers, 0 = the zero
// row; each row `stride` int16 weights at w + r * stride), as floats in em[0, T). With a stride
// known at compile time the sums stay in vector registers across the rows instead of being loaded
// and stored once per row (SumRowsAvx2 below does the same with AVX2 when the processor has it).
// Integer sums: the same whatever the order or width.
using V8i32 = int32_t __attribute__((vector_size(32)));
using V8i16 = int16_t __attribute__((vector_size(16)));
using V8f32 = float __attribute__((vector_size(32)));

template <size_t kBlocks, size_t kTail>
[[gnu::always_inline]] inline void SumRowsFixed(const int16_t* __restrict w, const uint32_t* rows,
                                                size_t count, size_t T, float* __restrict em) {
  constexpr size_t kStride = kBlocks * 8 + kTail;
  V8i32 acc[kBlocks] = {};
  int32_t tail[kTail + 1] = {};
  for (size_t k = 0; k < count; ++k) {
    const int16_t* __restrict row = w + size_t{rows[k]} * kStride;
#pragma GCC unroll 8
    for (size_t b = 0; b < kBlocks; ++b) {
      V8i16 x;
      std::memcpy(&x, row + 8 * b, sizeof(x));
      acc[b] += __builtin_convertvector(x, V8i32);
    }
#pragma GCC unroll 8
    for (size_t t = 0; t < kTail; ++t) tail[t] += row[8 * kBlocks + t];
  }
  float out[kStride];
#pragma GCC unroll 8
  for (size_t b = 0; b < kBlocks; ++b) {
    V8f32 f = __builtin_convertvector(acc[b], V8f32);
    std::memcpy(out + 8 * b, &f, sizeof(f));
  }
  for (size_t t = 0; t < kTail; ++t) out[8 * kBlocks + t] = static_cast<float>(tail[t]);
  std::memcpy(em, out, T * sizeof(float));
}

#if defined(__x86_64__)
// SumRowsFixed with AVX2 intrinsics: each block of 8 weights is widened and loaded in one
// instruction (GCC 12 splits __builtin_convertvector's widening into halves).
template <size_t kBlocks, size_t kTail>
[[gnu::target("avx2"), gnu::always_inline]] inline void SumRowsAvx2Fixed(
    const int16_t* __restrict w, const uint32_t* rows, size_t count, size_t T,
    float* __restrict em) {
  constexpr size_t kStride = kBlocks * 8 + kTail;
  __m256i acc[kBlocks];
#pragma GCC unroll 8
  for (size_t b = 0; b < kBlocks; ++b) acc[b] = _mm256_setzero_si256();
  int32_t tail[kTail + 1] = {};
  for (size_t k = 0; k < count; ++k) {
    const int16_t* __restrict row = w + size_t{rows[k]} * kStride;
#pragma GCC unroll 8
    for (size_t b = 0; b < kBlocks; ++b) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(row + 8 * b));
      acc[b] = _mm256_add_epi32(acc[b], _mm256_cvtepi16_epi32(x));
    }
#pragma GCC unroll 8
    for (size_t t = 0; t < kTail; ++t) tail[t] += row[8 * kBlocks + t];
  }
  float out[kStride];
#pragma GCC unroll 8
  for (size_t b = 0; b < kBlocks; ++b) _mm256_storeu_ps(out + 8 * b, _mm256_cvtepi32_ps(acc[b]));
  for (size_t t = 0; t < kTail; ++t) out[8 * kBlocks + t] = static_cast<float>(tail[t]);
  std::memcpy(em, out, T * sizeof(float));
}

// False for a stride it has no code for (the caller uses SumRows then).
[[gnu::target("avx2")]] bool SumRowsAvx2(const int16_t* __restrict w, size_t stride,
                                         const uint32_t* rows, size_t count, size_t T,
                                         float* __restrict em) {
  if (stride == 48) return SumRowsAvx2Fixed<6, 0>(w, rows, count, T, em), true;
  if (stride == 9) return SumRowsAvx2Fixed<1, 1>(w, rows, count, T, em), true;
  if (stride == 20) return SumRowsAvx2Fixed<2, 4>(w, rows, count, T, em), true;
  return false;
}
#endif

void SumRows(const int16_t* __restrict w, size_t stride, const uint32_t* rows, size_t count,
             size_t T, int32_t* acc, float* __restrict em) {
  if (stride == 48) return SumRowsFixed<6, 0>(w, rows, count, T, em);  // POS tagger
  if (stride == 9) return SumRowsFixed<1, 1>(w, rows, count, T, em);   // name tagger
  if (stride == 20) return SumRowsFixed<2, 4>(w, rows, count, T, em);  // chunker
  std::fill(acc, acc + stride, 0);
  for (size_t k = 0; k < count; ++k) {
    const int16_t* __restrict row = w + size_t{rows[k]} * stride;
    for (size_t t = 0; t < stride; ++t) acc[t] += row[t];
  }
  for (size_t t = 0; t < T; ++t) em[t] = static_cast<float>(acc[t]);
}

std::string TypeOfTag(std::string_view t) {
  return t.size() > 2 && t[1] == '-' ? std::string(t.substr(2)) : std::string();
}

// allowed[p * T + t]: may tag t follow tag p (p == T: sentence start)? Only the BIO rule is
// enforced: I-X continues a B-X or I-X.
std::vector<uint8_t> BioConstraints(const std::vector<std::string_view>& names) {
  const size_t T = names.size();
  std::vector<uint8_t> allowed((T + 1) * T, 1);
  for (size_t t = 0; t < T; ++t) {
    if (!(names[t].size() > 2 && names[t][0] == 'I' && names[t][1] == '-')) continue;
    std::string type = TypeOfTag(names[t]);
    for (size_t p = 0; p <= T; ++p) {
      bool ok = p < T && names[p].size() > 2 && (names[p][0] == 'B' || names[p][0] == 'I') &&
                names[p][1] == '-' && TypeOfTag(names[p]) == type;
      allowed[p * T + t] = ok ? 1 : 0;
    }
  }
  return allowed;
}

// Transitions as floats with the forbidden ones at -inf.
std::vector<float> MaskTransitions(const float* trans, const std::vector<uint8_t>& allowed) {
  std::vector<float> out(allowed.size());
  for (size_t i = 0; i < allowed.size(); ++i) {
    out[i] = allowed[i] ? trans[i] : -std::numeric_limits<float>::infinity();
  }
  return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------------

Result<std::unique_ptr<SequenceModel>> SequenceModel::Load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::NotFound(path + ": cannot open model");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(path + ": cannot stat model");
  }
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(Header)) {
    ::close(fd);
    return Status::Corruption(path + ": model file too short");
  }
  void* p = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (p == MAP_FAILED) return Status::IoError(path + ": cannot map model");
  std::unique_ptr<SequenceModel> m(new SequenceModel());
  m->data_ = static_cast<const uint8_t*>(p);
  m->size_ = size;
  m->mapped_ = true;
  if (Status s = m->Init(); !s.ok()) return s.WithContext(path);
  return m;
}

Result<std::unique_ptr<SequenceModel>> SequenceModel::FromBytes(std::string bytes) {
  std::unique_ptr<SequenceModel> m(new SequenceModel());
  m->owned_ = std::move(bytes);
  // std::string storage is suitably aligned for 8-byte reads on every platform we build for.
  m->data_ = reinterpret_cast<const uint8_t*>(m->owned_.data());
  m->size_ = m->owned_.size();
  if (m->size_ < sizeof(Header)) return Status::Corruption("model image too short");
  if (Status s = m->Init(); !s.ok()) return s;
  return m;
}

SequenceModel::~SequenceModel() {
  if (mapped_ && data_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

Status SequenceModel::Init() {
  Header h;
  std::memcpy(&h, data_, sizeof(h));
  if (std::memcmp(h.magic, kSequenceModelMagic, 8) != 0) {
    return Status::Corruption("not a Mosaic sequence model (bad magic)");
  }
  if (h.version != kSequenceModelVersion) {
    return Status::Corruption("model version " + std::to_string(h.version) + ", expected " +
                              std::to_string(kSequenceModelVersion));
  }
  if (h.num_tags == 0 || h.num_tags > kMaxTags || !PowerOfTwoOrZero(h.feature_slots) ||
      !PowerOfTwoOrZero(h.gaz_slots) || !PowerOfTwoOrZero(h.cluster_slots) ||
      h.num_rows > FlatTable::kMaxValue || !(h.scale > 0) || !std::isfinite(h.scale)) {
    return Status::Corruption("model header out of range");
  }
  Layout l = ComputeLayout(h);
  if (l.total != size_) return Status::Corruption("model size does not match its header");
  auto slots = [&](size_t off, uint32_t n) {
    return std::span<const uint64_t>(reinterpret_cast<const uint64_t*>(data_ + off), n);
  };
  features_ = FlatTable(slots(l.features, h.feature_slots));
  lexicons_.gazetteer = FlatTable(slots(l.gazetteer, h.gaz_slots));
  lexicons_.clusters = FlatTable(slots(l.clusters, h.cluster_slots));
  transitions_ = reinterpret_cast<const int32_t*>(data_ + l.transitions);
  weights_ = reinterpret_cast<const int16_t*>(data_ + l.weights);
  row_stride_ = RowStride(h.num_tags);
#if defined(__x86_64__)
  avx2_ = __builtin_cpu_supports("avx2");
#endif
  {
    // The rows in a 64-byte aligned copy, row value r (the feature table's 1-based row numbers) at
    // r * row_stride_ and row 0 all zeros, so that a feature without a row adds a zero row instead
    // of taking a branch. Rows are padded with zeros to row_stride_ weights: every padded row then
    // starts at a fixed place in a cache line and spans as few lines as its size allows.
    const size_t bytes = (size_t{h.num_rows} + 1) * row_stride_ * sizeof(int16_t);
    padded_weights_.reset(
        static_cast<int16_t*>(std::aligned_alloc(64, (bytes + 63) & ~size_t{63})));
    if (!padded_weights_) return Status::Internal("out of memory for model weights");
    std::fill(padded_weights_.get(), padded_weights_.get() + row_stride_, int16_t{0});
    for (size_t r = 0; r < h.num_rows; ++r) {
      int16_t* out = padded_weights_.get() + (r + 1) * row_stride_;
      std::memcpy(out, weights_ + r * h.num_tags, size_t{h.num_tags} * sizeof(int16_t));
      std::fill(out + h.num_tags, out + row_stride_, int16_t{0});
    }
    weights_ = padded_weights_.get();
  }
  flags_ = h.flags;
  num_rows_ = h.num_rows;
  scale_ = h.scale;
  const char* names = reinterpret_cast<const char*>(data_ + l.names);
  const char* names_end = names + h.names_bytes;
  tag_names_.clear();
  for (const char* q = names; q < names_end && tag_names_.size() < h.num_tags;) {
    const char* z = static_cast<const char*>(std::memchr(q, 0, names_end - q));
    if (!z) break;
    tag_names_.emplace_back(q, z - q);
    q = z + 1;
  }
  if (tag_names_.size() != h.num_tags) return Status::Corruption("model tag names truncated");
  size_t task_len = strnlen(h.task, sizeof(h.task));
  task_ = std::string_view(reinterpret_cast<const char*>(data_) + offsetof(Header, task), task_len);
  // Feature rows must point inside the weight table: checked once here so tagging needs no checks.
  for (uint64_t s : features_.slots()) {
    if (s != 0 && (s & FlatTable::kMaxValue) > h.num_rows) {
      return Status::Corruption("model feature table points past its weights");
    }
  }
  if (h.stage1_bytes > 0) {
    std::unique_ptr<SequenceModel> inner(new SequenceModel());
    inner->data_ = data_ + l.stage1;
    inner->size_ = h.stage1_bytes;
    if (h.stage1_bytes < sizeof(Header)) return Status::Corruption("first-stage model too short");
    Header ih;
    std::memcpy(&ih, inner->data_, sizeof(ih));
    if (ih.stage1_bytes != 0) return Status::Corruption("nested first-stage models");
    if (Status st = inner->Init(); !st.ok()) return st;
    stage1_codes_ = StageCodes(inner->tag_names_);
    // Token information is shared between the stages when it cannot differ.
    constexpr uint32_t kInfoFlags = kFeatGazetteer | kFeatClusters | kFeatPos;
    auto same = [](const FlatTable& a, const FlatTable& b) {
      return a.slots().size() == b.slots().size() &&
             (a.slots().empty() ||
              std::memcmp(a.slots().data(), b.slots().data(), a.slots().size() * 8) == 0);
    };
    same_lexicons_ = (inner->flags_ & kInfoFlags) == (h.flags & kInfoFlags) &&
                     same(inner->lexicons_.gazetteer, lexicons_.gazetteer) &&
                     same(inner->lexicons_.clusters, lexicons_.clusters);
    stage1_ = std::move(inner);
  }
  clusters_digest_ =
      HashString(std::string_view(reinterpret_cast<const char*>(lexicons_.clusters.slots().data()),
                                  lexicons_.clusters.slots().size() * sizeof(uint64_t)));
  allowed_ = BioConstraints(tag_names_);
  const size_t T = h.num_tags;
  // Name types with both a B- and an I- tag, for the document consistency pass.
  type_of_tag_.assign(T, -1);
  for (size_t b = 0; b < T; ++b) {
    std::string_view nb = tag_names_[b];
    if (!(nb.size() > 2 && nb[0] == 'B' && nb[1] == '-')) continue;
    for (size_t i = 0; i < T; ++i) {
      std::string_view ni = tag_names_[i];
      if (ni.size() > 2 && ni[0] == 'I' && ni[1] == '-' && ni.substr(2) == nb.substr(2)) {
        int type = static_cast<int>(span_types_.size());
        span_types_.push_back({static_cast<uint16_t>(b), static_cast<uint16_t>(i)});
        type_of_tag_[b] = type_of_tag_[i] = type;
      }
    }
  }
  std::vector<float> raw((T + 1) * T);
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = static_cast<float>(transitions_[i]);
  std::vector<float> trans = MaskTransitions(raw.data(), allowed_);
  decoder_ = PrunedViterbi(trans.data(), T);
  return Status::Ok();
}

void SequenceModel::TagDocument(std::span<const SentenceInput> sentences,
                                std::vector<std::vector<uint16_t>>* tags,
                                SharedFeatures* shared) const {
  TagWithCache(sentences, tags, nullptr, shared);
}

void SequenceModel::TagWithCache(std::span<const SentenceInput> sentences,
                                 std::vector<std::vector<uint16_t>>* tags,
                                 FeatureExtractor::TokenInfoCache* cache,
                                 SharedFeatures* shared) const {
  const size_t T = tag_names_.size();
  // Reuse another model's features (SharedFeatures), or keep this model's for another.
  bool reuse = shared && shared->filled_ && shared->flags_ == flags_ &&
               shared->clusters_digest_ == clusters_digest_ &&
               shared->feats_.size() == sentences.size();
  for (size_t s = 0; reuse && s < sentences.size(); ++s) {
    reuse = shared->offsets_[s].size() == sentences[s].words.size() + 1;
  }
  const bool keep = shared && !shared->filled_ && (flags_ & kFeatGazetteer) &&
                    !(flags_ & (kFeatPos | kFeatStage1));
  if (keep) {
    shared->flags_ = flags_ & ~uint32_t{kFeatGazetteer};
    shared->clusters_digest_ = clusters_digest_;
    shared->feats_.assign(sentences.size(), {});
    shared->offsets_.assign(sentences.size(), {});
  }
  FeatureExtractor fx(&lexicons_, flags_);
  FeatureExtractor::TokenInfoCache own_cache;
  if (!cache) cache = &own_cache;  // document evidence and features share token information
  if (cache) fx.ShareTokenInfo(cache);
  std::vector<std::vector<uint16_t>> prior;
  if (stage1_) {
    stage1_->TagWithCache(sentences, &prior, same_lexicons_ ? cache : nullptr, shared);
    fx.BeginDocument(sentences, &prior, stage1_codes_);
  } else if (!reuse) {
    fx.BeginDocument(sentences);
  }
  std::vector<uint64_t> own_feats;
  std::vector<uint32_t> own_offsets, gazetteer;
  std::vector<float> em;
  const size_t stride = row_stride_;
  std::vector<int32_t> acc(stride);
  ViterbiScratch scratch;
  std::vector<uint32_t> rows, pending;
  tags->resize(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    const SentenceInput& in = sentences[s];
    const size_t n = in.words.size();
    const std::vector<uint64_t>* sentence_feats = &own_feats;
    const std::vector<uint32_t>* sentence_offsets = &own_offsets;
    if (reuse) {
      sentence_feats = &shared->feats_[s];
      sentence_offsets = &shared->offsets_[s];
    } else {
      fx.Extract(in, s, &own_feats, &own_offsets, keep ? &gazetteer : nullptr);
    }
    if (keep) {  // this sentence's features without the gazetteer's
      std::vector<uint64_t>& kf = shared->feats_[s];
      std::vector<uint32_t>& ko = shared->offsets_[s];
      kf.reserve(own_feats.size());
      ko.reserve(n + 1);
      for (size_t i = 0; i < n; ++i) {
        ko.push_back(static_cast<uint32_t>(kf.size()));
        kf.insert(kf.end(), own_feats.begin() + own_offsets[i],
                  own_feats.begin() + gazetteer[2 * i]);
        kf.insert(kf.end(), own_feats.begin() + gazetteer[2 * i + 1],
                  own_feats.begin() + own_offsets[i + 1]);
      }
      ko.push_back(static_cast<uint32_t>(kf.size()));
    }
    const std::vector<uint64_t>& feats = *sentence_feats;
    const std::vector<uint32_t>& offsets = *sentence_offsets;
    em.resize(n * T);
    // Two passes so that the memory loads of a sentence's features overlap instead of waiting
    // for one another: find the rows (prefetching the slots kSlotAhead features ahead, and both
    // ends of each row found: a 45-tag row spans two cache lines), then add.
    const size_t nf = feats.size();
    for (size_t k = 0; k < nf && k < kSlotAhead; ++k) features_.Prefetch(feats[k]);
    rows.resize(nf);
    pending.resize(nf);
    size_t num_pending = 0;
    const std::span<const uint64_t> slots = features_.slots();
    if (slots.empty()) {
      std::fill(rows.begin(), rows.end(), 0);
    } else {
      // FlatTable::Find without branches for the two slots a key probes first (a mispredicted
      // branch on a slot that is still loading would stop the loads after it): the first slot
      // that is empty or holds the key's fingerprint decides; keys that need more probes (a few
      // percent) are looked up with Find afterwards.
      const uint64_t mask = slots.size() - 1;
      for (size_t k = 0; k < nf; ++k) {
        if (k + kSlotAhead < nf) features_.Prefetch(feats[k + kSlotAhead]);
        const uint64_t h = feats[k];
        const uint64_t fp = h >> 24;
        const uint64_t s0 = slots[h & mask];
        const uint64_t s1 = slots[(h + 1) & mask];
        const bool first = s0 == 0 || (s0 >> 24) == fp;
        const bool second = s1 == 0 || (s1 >> 24) == fp;
        const uint32_t r = static_cast<uint32_t>((first ? s0 : s1) & FlatTable::kMaxValue);
        rows[k] = r;
        pending[num_pending] = static_cast<uint32_t>(k);
        num_pending += !first && !second;
        const int16_t* row = weights_ + size_t{r} * stride;
        __builtin_prefetch(row);
        __builtin_prefetch(row + stride - 1);
      }
      for (size_t q = 0; q < num_pending; ++q) {
        const uint32_t k = pending[q];
        rows[k] = features_.Find(feats[k]);
      }
    }
    for (size_t i = 0; i < n; ++i) {
      const uint32_t* token_rows = rows.data() + offsets[i];
      const size_t count = offsets[i + 1] - offsets[i];
#if defined(__x86_64__)
      if (avx2_ && SumRowsAvx2(weights_, stride, token_rows, count, T, em.data() + i * T)) continue;
#endif
      SumRows(weights_, stride, token_rows, count, T, acc.data(), em.data() + i * T);
    }
    decoder_.Decode(em.data(), n, &scratch, &(*tags)[s]);
  }
  if (keep) shared->filled_ = true;
  if ((flags_ & kFeatDocument) && !span_types_.empty()) MakeConsistent(sentences, tags);
}

// Document consistency (the second pass): a name is one thing throughout an article. Every string
// tagged as a name gets the type most of its occurrences got, and untagged occurrences of a
// multi-word name, or of a capitalised one-word name, are tagged too.
void SequenceModel::MakeConsistent(std::span<const SentenceInput> sentences,
                                   std::vector<std::vector<uint16_t>>* tags) const {
  struct Occ {
    uint32_t s, first, last;
    int type;
  };
  std::vector<Occ> occs;
  std::unordered_map<std::string, std::vector<int>> votes;  // key -> count per type
  std::string key;
  auto make_key = [&](const SentenceInput& in, uint32_t a, uint32_t b) {
    key.clear();
    for (uint32_t i = a; i < b; ++i) {
      if (i > a) key.push_back(' ');
      key.append(in.words[i]);
    }
  };
  const int num_types = static_cast<int>(span_types_.size());
  for (uint32_t s = 0; s < sentences.size(); ++s) {
    const auto& tg = (*tags)[s];
    for (uint32_t i = 0; i < tg.size();) {
      int type = type_of_tag_[tg[i]];
      if (type < 0) {
        ++i;
        continue;
      }
      uint32_t j = i + 1;
      while (j < tg.size() && type_of_tag_[tg[j]] == type && tg[j] == span_types_[type].inside) ++j;
      occs.push_back({s, i, j, type});
      make_key(sentences[s], i, j);
      auto& v = votes[key];
      v.resize(num_types, 0);
      ++v[type];
      i = j;
    }
  }
  if (occs.empty()) return;
  auto majority = [&](const std::vector<int>& v) {
    int best = 0;
    for (int t = 1; t < num_types; ++t) {
      if (v[t] > v[best]) best = t;
    }
    for (int t = 0; t < num_types; ++t) {
      if (t != best && v[t] == v[best]) return -1;  // a tie: leave each occurrence as tagged
    }
    return best;
  };
  auto write = [&](uint32_t s, uint32_t a, uint32_t b, int type) {
    auto& tg = (*tags)[s];
    tg[a] = span_types_[type].begin;
    for (uint32_t i = a + 1; i < b; ++i) tg[i] = span_types_[type].inside;
  };
  for (const Occ& o : occs) {
    make_key(sentences[o.s], o.first, o.last);
    int m = majority(votes[key]);
    if (m >= 0 && m != o.type) write(o.s, o.first, o.last, m);
  }
  // Untagged occurrences. Index names by first word.
  std::unordered_map<std::string_view, std::vector<std::pair<std::string, int>>> by_first;
  for (const auto& [k, v] : votes) {
    int m = majority(v);
    if (m < 0) continue;
    size_t sp = k.find(' ');
    std::string_view first = std::string_view(k).substr(0, sp);
    if (sp == std::string::npos && !StartsUpper(first)) continue;
    by_first[first].emplace_back(k, m);
  }
  if (by_first.empty()) return;
  // First bytes of the indexed words: most tokens (lower-case words, punctuation) skip the lookup.
  std::bitset<256> first_bytes;
  for (const auto& entry : by_first) {
    if (!entry.first.empty()) first_bytes.set(static_cast<unsigned char>(entry.first[0]));
  }
  for (uint32_t s = 0; s < sentences.size(); ++s) {
    const auto& in = sentences[s];
    auto& tg = (*tags)[s];
    for (uint32_t i = 0; i < tg.size(); ++i) {
      if (type_of_tag_[tg[i]] >= 0) continue;
      if (!in.words[i].empty() && !first_bytes[static_cast<unsigned char>(in.words[i][0])]) {
        continue;
      }
      auto it = by_first.find(in.words[i]);
      if (it == by_first.end()) continue;
      uint32_t best_len = 0;
      int best_type = -1;
      for (const auto& [k, type] : it->second) {
        // Count the words of k and match them against the sentence.
        uint32_t len = 1 + static_cast<uint32_t>(std::count(k.begin(), k.end(), ' '));
        if (i + len > tg.size() || len <= best_len) continue;
        make_key(in, i, i + len);
        if (key != k) continue;
        bool all_o = true;
        for (uint32_t q = i; q < i + len; ++q) all_o = all_o && type_of_tag_[tg[q]] < 0;
        // A name inside a longer capitalised run is a different name ("Bank" in "Bank of X").
        bool free_left = i == 0 || !StartsUpper(in.words[i - 1]);
        bool free_right = i + len == tg.size() || !StartsUpper(in.words[i + len]);
        if (all_o && free_left && free_right) {
          best_len = len;
          best_type = type;
        }
      }
      if (best_type >= 0) {
        write(s, i, i + best_len, best_type);
        i += best_len - 1;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Training
// ---------------------------------------------------------------------------------------------
namespace {

struct Image {
  Header header{};
  std::vector<uint64_t> feature_slots;
  const std::vector<uint64_t>* gaz = nullptr;
  const std::vector<uint64_t>* clusters = nullptr;
  std::vector<int32_t> transitions;
  std::vector<int16_t> weights;
  std::string names;
  const std::string* stage1 = nullptr;
};

std::string Serialize(Image& im) {
  Header& h = im.header;
  std::memcpy(h.magic, kSequenceModelMagic, 8);
  h.version = kSequenceModelVersion;
  h.feature_slots = static_cast<uint32_t>(im.feature_slots.size());
  h.gaz_slots = static_cast<uint32_t>(im.gaz->size());
  h.cluster_slots = static_cast<uint32_t>(im.clusters->size());
  h.names_bytes = static_cast<uint32_t>(im.names.size());
  h.stage1_bytes = static_cast<uint32_t>(im.stage1 ? im.stage1->size() : 0);
  Layout l = ComputeLayout(h);
  std::string out(l.total, '\0');
  auto put = [&](size_t off, const void* p, size_t n) {
    if (n) std::memcpy(out.data() + off, p, n);
  };
  put(0, &h, sizeof(h));
  put(l.features, im.feature_slots.data(), im.feature_slots.size() * 8);
  put(l.gazetteer, im.gaz->data(), im.gaz->size() * 8);
  put(l.clusters, im.clusters->data(), im.clusters->size() * 8);
  put(l.transitions, im.transitions.data(), im.transitions.size() * 4);
  put(l.weights, im.weights.data(), im.weights.size() * 2);
  put(l.names, im.names.data(), im.names.size());
  if (im.stage1) put(l.stage1, im.stage1->data(), im.stage1->size());
  return out;
}

class Trainer {
 public:
  Trainer(const std::vector<TrainDocument>& docs, const TrainOptions& o) : docs_(docs), o_(o) {}

  Result<std::string> Run() {
    if (Status s = Prepare(); !s.ok()) return s;
    std::vector<uint32_t> order(sents_.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<uint32_t>(i);
    std::mt19937_64 rng(o_.seed);
    std::string image;
    for (int epoch = 1; epoch <= o_.epochs; ++epoch) {
      auto t0 = std::chrono::steady_clock::now();
      // Fisher-Yates with our own index draw: std::shuffle's algorithm differs between libraries.
      for (size_t i = order.size(); i > 1; --i) {
        size_t j = static_cast<size_t>(rng() % i);
        std::swap(order[i - 1], order[j]);
      }
      uint64_t errors = 0;
      for (uint32_t si : order) errors += TrainSentence(sents_[si]);
      image = Build();
      EpochReport rep;
      rep.epoch = epoch;
      rep.train_errors = errors;
      rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (o_.on_epoch) {
        auto m = SequenceModel::FromBytes(image);
        if (!m.ok()) return m.status();
        rep.model = std::move(m.value());
        o_.on_epoch(rep);
      }
    }
    return image;
  }

 private:
  struct Sent {
    uint32_t first_token, n;
  };

  Status Prepare() {
    // Tag set: "O" first, the rest sorted, so ids are stable across runs.
    std::map<std::string, int> seen;
    for (const auto& d : docs_) {
      if (d.tags.size() != d.sentences.size())
        return Status::InvalidInput("tags/sentences mismatch");
      for (size_t s = 0; s < d.sentences.size(); ++s) {
        if (d.tags[s].size() != d.sentences[s].words.size()) {
          return Status::InvalidInput("a sentence's tags and words differ in number");
        }
        for (const auto& t : d.tags[s]) seen[t] = 1;
      }
    }
    if (seen.count("O")) names_.push_back("O");
    for (const auto& [t, _] : seen) {
      if (t != "O") names_.push_back(t);
    }
    if (names_.empty()) return Status::InvalidInput("no training data");
    if (names_.size() > kMaxTags) return Status::InvalidInput("too many tags");
    T_ = names_.size();
    std::unordered_map<std::string, uint16_t> id;
    for (size_t i = 0; i < names_.size(); ++i) id[names_[i]] = static_cast<uint16_t>(i);
    std::vector<std::string_view> views(names_.begin(), names_.end());
    allowed_ = BioConstraints(views);

    lex_.gazetteer = FlatTable(o_.gazetteer_slots);
    lex_.clusters = FlatTable(o_.cluster_slots);
    FeatureExtractor fx(&lex_, o_.feature_flags);
    std::unordered_map<uint64_t, uint32_t> dict;
    std::vector<uint64_t> feats;
    std::vector<uint32_t> offsets;
    for (const auto& d : docs_) {
      const size_t di = static_cast<size_t>(&d - docs_.data());
      if (o_.prior) {
        fx.BeginDocument(d.sentences, &(*o_.prior)[di], o_.prior_codes);
      } else {
        fx.BeginDocument(d.sentences);
      }
      for (size_t s = 0; s < d.sentences.size(); ++s) {
        const SentenceInput& in = d.sentences[s];
        if (in.words.empty()) continue;
        fx.Extract(in, s, &feats, &offsets);
        sents_.push_back(
            {static_cast<uint32_t>(gold_.size()), static_cast<uint32_t>(in.words.size())});
        for (size_t i = 0; i < in.words.size(); ++i) {
          gold_.push_back(id[d.tags[s][i]]);
          tok_off_.push_back(static_cast<uint32_t>(rows_.size()));
          for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) {
            auto [it, inserted] = dict.emplace(feats[k], static_cast<uint32_t>(hashes_.size()));
            if (inserted) {
              hashes_.push_back(feats[k]);
              counts_.push_back(0);
            }
            ++counts_[it->second];
            rows_.push_back(it->second);
          }
        }
      }
    }
    tok_off_.push_back(static_cast<uint32_t>(rows_.size()));
    // Rare features are dropped from training altogether (they would only memorise); the kept rows
    // are renumbered densely so the weight arrays hold only them.
    if (o_.min_feature_count > 1) {
      std::vector<uint32_t> remap(hashes_.size(), UINT32_MAX);
      std::vector<uint64_t> hashes;
      std::vector<uint32_t> counts;
      for (size_t r = 0; r < hashes_.size(); ++r) {
        if (counts_[r] < o_.min_feature_count) continue;
        remap[r] = static_cast<uint32_t>(hashes.size());
        hashes.push_back(hashes_[r]);
        counts.push_back(counts_[r]);
      }
      std::vector<uint32_t> kept, new_off;
      kept.reserve(rows_.size());
      for (size_t t = 0; t + 1 < tok_off_.size(); ++t) {
        new_off.push_back(static_cast<uint32_t>(kept.size()));
        for (uint32_t k = tok_off_[t]; k < tok_off_[t + 1]; ++k) {
          if (remap[rows_[k]] != UINT32_MAX) kept.push_back(remap[rows_[k]]);
        }
      }
      new_off.push_back(static_cast<uint32_t>(kept.size()));
      rows_.swap(kept);
      tok_off_.swap(new_off);
      hashes_.swap(hashes);
      counts_.swap(counts);
    }
    const size_t R = hashes_.size();
    w_.assign(R * T_, 0);
    u_.assign(R * T_, 0);
    tw_.assign((T_ + 1) * T_, 0);
    tu_.assign((T_ + 1) * T_, 0);
    return Status::Ok();
  }

  uint64_t TrainSentence(const Sent& s) {
    em_.assign(size_t{s.n} * T_, 0);
    for (uint32_t i = 0; i < s.n; ++i) {
      float* e = em_.data() + size_t{i} * T_;
      uint32_t tok = s.first_token + i;
      for (uint32_t k = tok_off_[tok]; k < tok_off_[tok + 1]; ++k) {
        const float* w = w_.data() + size_t{rows_[k]} * T_;
        for (size_t t = 0; t < T_; ++t) e[t] += w[t];
      }
    }
    std::vector<float> masked = MaskTransitions(tw_.data(), allowed_);
    Viterbi(em_.data(), s.n, T_, masked.data(), &scratch_, &pred_);
    uint64_t errors = 0;
    const float c = static_cast<float>(c_);
    for (uint32_t i = 0; i < s.n; ++i) {
      uint32_t tok = s.first_token + i;
      uint16_t g = gold_[tok], p = pred_[i];
      uint16_t gp = i ? gold_[tok - 1] : static_cast<uint16_t>(T_);
      uint16_t pp = i ? pred_[i - 1] : static_cast<uint16_t>(T_);
      if (g != p) {
        ++errors;
        for (uint32_t k = tok_off_[tok]; k < tok_off_[tok + 1]; ++k) {
          size_t r = size_t{rows_[k]} * T_;
          w_[r + g] += 1;
          u_[r + g] += c;
          w_[r + p] -= 1;
          u_[r + p] -= c;
        }
      }
      if (g != p || gp != pp) {
        tw_[gp * T_ + g] += 1;
        tu_[gp * T_ + g] += c;
        tw_[pp * T_ + p] -= 1;
        tu_[pp * T_ + p] -= c;
      }
    }
    ++c_;
    return errors;
  }

  std::string Build() {
    const size_t R = hashes_.size();
    const double c = static_cast<double>(c_);
    // Averaged weights: w - u / c.
    std::vector<float> avg(R * T_);
    std::vector<double> mass(R, 0);
    float max_abs = 0;
    for (size_t r = 0; r < R; ++r) {
      for (size_t t = 0; t < T_; ++t) {
        float a = static_cast<float>(w_[r * T_ + t] - u_[r * T_ + t] / c);
        avg[r * T_ + t] = a;
        mass[r] += std::fabs(a);
        max_abs = std::max(max_abs, std::fabs(a));
      }
    }
    std::vector<float> tavg(tw_.size());
    for (size_t i = 0; i < tw_.size(); ++i) {
      tavg[i] = static_cast<float>(tw_[i] - tu_[i] / c);
      max_abs = std::max(max_abs, std::fabs(tavg[i]));
    }
    const float scale = max_abs > 0 ? max_abs / 32000.0f : 1.0f;
    // Rows to keep: nonzero after quantisation; the heaviest max_rows if capped (ties by row id).
    std::vector<uint32_t> keep;
    for (size_t r = 0; r < R; ++r) {
      if (mass[r] * 1.0 / scale >= 0.5) keep.push_back(static_cast<uint32_t>(r));
    }
    if (o_.max_rows && keep.size() > o_.max_rows) {
      std::stable_sort(keep.begin(), keep.end(),
                       [&](uint32_t a, uint32_t b) { return mass[a] > mass[b]; });
      keep.resize(o_.max_rows);
      std::sort(keep.begin(), keep.end());
    }
    Image im;
    im.header.flags = o_.feature_flags;
    im.header.num_tags = static_cast<uint32_t>(T_);
    im.header.num_rows = static_cast<uint32_t>(keep.size());
    im.header.scale = scale;
    std::snprintf(im.header.task, sizeof(im.header.task), "%s", o_.task.c_str());
    FlatTableBuilder table;
    im.weights.reserve(keep.size() * T_);
    for (size_t k = 0; k < keep.size(); ++k) {
      table.Add(hashes_[keep[k]], static_cast<uint32_t>(k + 1));
      for (size_t t = 0; t < T_; ++t) {
        im.weights.push_back(
            static_cast<int16_t>(std::lround(avg[size_t{keep[k]} * T_ + t] / scale)));
      }
    }
    im.feature_slots = table.Build();
    im.transitions.resize(tavg.size());
    for (size_t i = 0; i < tavg.size(); ++i)
      im.transitions[i] = static_cast<int32_t>(std::lround(tavg[i] / scale));
    for (const auto& n : names_) {
      im.names += n;
      im.names.push_back('\0');
    }
    im.gaz = &o_.gazetteer_slots;
    im.clusters = &o_.cluster_slots;
    if (!o_.stage1_image.empty()) im.stage1 = &o_.stage1_image;
    return Serialize(im);
  }

  const std::vector<TrainDocument>& docs_;
  const TrainOptions& o_;
  std::vector<std::string> names_;
  size_t T_ = 0;
  std::vector<uint8_t> allowed_;
  Lexicons lex_;
  std::vector<Sent> sents_;
  std::vector<uint16_t> gold_;
  std::vector<uint32_t> tok_off_, rows_, counts_;
  std::vector<uint64_t> hashes_;
  std::vector<float> w_, tw_;
  std::vector<double> u_, tu_;
  uint64_t c_ = 1;
  std::vector<float> em_;
  ViterbiScratch scratch_;
  std::vector<uint16_t> pred_;
};

}  // namespace

Result<std::string> TrainSequenceModel(const std::vector<TrainDocument>& train,
                                       const TrainOptions& options) {
  if (options.stages < 2) {
    Trainer t(train, options);
    return t.Run();
  }
  // Two stages. The second stage learns from the first stage's tags, which must be as wrong on
  // the training data as they will be on new text: each training document is tagged by a
  // first-stage model trained without it (k-fold jackknife).
  TrainOptions one = options;
  one.stages = 1;
  one.on_epoch = nullptr;
  one.prior = nullptr;
  one.stage1_image.clear();
  one.feature_flags &= ~static_cast<uint32_t>(kFeatStage1);
  auto full = TrainSequenceModel(train, one);
  if (!full.ok()) return full.status();
  const size_t folds = std::max<size_t>(2, options.folds);
  std::vector<std::vector<std::vector<uint16_t>>> prior(train.size());
  for (size_t f = 0; f < folds; ++f) {
    std::vector<TrainDocument> rest;
    std::vector<size_t> held;
    for (size_t d = 0; d < train.size(); ++d) {
      if (d % folds == f) {
        held.push_back(d);
      } else {
        rest.push_back(train[d]);
      }
    }
    if (held.empty() || rest.empty()) continue;
    auto image = TrainSequenceModel(rest, one);
    if (!image.ok()) return image.status();
    auto m = SequenceModel::FromBytes(std::move(image.value()));
    if (!m.ok()) return m.status();
    for (size_t d : held) (*m)->TagDocument(train[d].sentences, &prior[d]);
  }
  auto first = SequenceModel::FromBytes(*full);
  if (!first.ok()) return first.status();
  std::vector<std::string_view> names;
  for (size_t t = 0; t < (*first)->num_tags(); ++t)
    names.push_back((*first)->tag_name(static_cast<uint16_t>(t)));
  std::vector<uint8_t> codes = StageCodes(names);
  TrainOptions two = options;
  two.stages = 1;
  two.feature_flags |= kFeatStage1;
  two.prior = &prior;
  two.prior_codes = codes;
  two.stage1_image = std::move(full.value());
  Trainer t(train, two);
  return t.Run();
}

}  // namespace mosaic::tag
