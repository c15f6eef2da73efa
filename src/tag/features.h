// Feature extraction for the sequence taggers (names, parts of speech, chunks).
//
// Every feature is a 64-bit hash of (template, values): no feature strings exist at tagging time.
// The same code extracts features at training and at tagging time, so they agree by construction.
//
// Lexicons (gazetteer and word clusters) are FlatTables: open-addressing tables of 64-bit slots
// that live inside the model file and are used in place after memory-mapping. A slot packs a 40-bit
// fingerprint of the key hash with a 24-bit value; 0 is an empty slot.
//
// Thread safety: FlatTable and Lexicons are immutable views; a FeatureExtractor holds per-document
// scratch state, so use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mosaic::tag {

uint64_t HashString(std::string_view s, uint64_t seed = 0);
// Combines hashes (order matters); a good mix, so nearby inputs give unrelated outputs.
inline uint64_t MixHash(uint64_t a, uint64_t b) {
  uint64_t x = a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// A read-only hash table of 64-bit slots: fingerprint (high 40 bits of the key hash) << 24 | value.
// The slot index is the key hash's low bits; linear probing. Size is a power of two.
class FlatTable {
 public:
  static constexpr uint32_t kMaxValue = (1u << 24) - 1;
  FlatTable() = default;
  explicit FlatTable(std::span<const uint64_t> slots) : slots_(slots) {}
  // Returns the value stored for `hash`, or 0 if absent.
  uint32_t Find(uint64_t hash) const {
    if (slots_.empty()) return 0;
    const uint64_t mask = slots_.size() - 1;
    const uint64_t fp = hash >> 24;
    for (uint64_t i = hash & mask, probes = 0; probes <= mask; i = (i + 1) & mask, ++probes) {
      uint64_t s = slots_[i];
      if (s == 0) return 0;
      if ((s >> 24) == fp) return static_cast<uint32_t>(s & kMaxValue);
    }
    return 0;
  }
  // Starts loading the slot `hash` probes first (tagging looks up many features at once).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]);
  }
  std::span<const uint64_t> slots() const { return slots_; }
  bool empty() const { return slots_.empty(); }

 private:
  std::span<const uint64_t> slots_;
};

// Builds a FlatTable's slots. Values must be in [1, kMaxValue]. Inserting a key twice ORs values
// when `merge_or`, else keeps the first.
class FlatTableBuilder {
 public:
  void Add(uint64_t hash, uint32_t value, bool merge_or = false);
  // Slots sized to a load factor <= 0.5.
  std::vector<uint64_t> Build() const;
  size_t size() const { return keys_.size(); }

 private:
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;
};

// Gazetteer types (bit flags in a gazetteer value). Keys are hashes of lower-cased token sequences
// (HashPhrase); a prefix of a longer entry carries kGazPrefix so matching can stop early.
enum GazType : uint32_t {
  kGazCountry = 1,
  kGazDemonym = 2,
  kGazCity = 4,
  kGazOrgHead = 8,     // organisation head words: "Party", "Ministry", "Bank", "Brigade"
  kGazPersonCue = 16,  // titles and roles before a name: "President", "Mr.", "striker"
  kGazRegion = 32,     // continents and regions: "Europe", "Middle East", "Balkans"
  kGazOrgWord = 64,    // words typical inside organisation names: "National", "United"
  kGazPrefix = 128,
};
constexpr int kGazMaxTokens = 6;

// Hash of a token sequence for gazetteer lookup: ASCII lower case, tokens separated.
uint64_t HashPhraseStart();
uint64_t HashPhraseNext(uint64_t h, std::string_view token);

struct Lexicons {
  FlatTable gazetteer;  // HashPhrase -> GazType bits
  FlatTable clusters;   // HashString(word) -> (1 << depth) | path bits (Brown-style binary path)
};

// Feature groups switched on per model (stored in the model file).
enum FeatureFlags : uint32_t {
  kFeatGazetteer = 1,
  kFeatClusters = 2,
  kFeatPos = 4,       // a second input column (the POS tag) is a feature (chunker)
  kFeatDocument = 8,  // document-level capitalisation evidence
  kFeatStage1 = 16,   // second stage: the first stage's tags and their distribution in the document
};

// A first-stage tag as a small code for second-stage features: 0 = O, 2 * type + 1 = B-type,
// 2 * type + 2 = I-type (types numbered in sorted order). At most 8 types.
std::vector<uint8_t> StageCodes(const std::vector<std::string_view>& tag_names);

struct SentenceInput {
  std::vector<std::string_view> words;
  std::vector<std::string_view> pos;  // empty unless kFeatPos
};

// Extracts features sentence by sentence; BeginDocument gathers document-level evidence first.
class FeatureExtractor {
 public:
  // What a token contributes to its own and its neighbours' features; depends only on the words
  // and the lexicons, so two stages with the same lexicons can share it (ShareTokenInfo).
  struct TokenInfo {
    uint64_t word = 0, lower = 0, shape = 0, pos = 0;
    uint32_t cluster = 0;
    uint32_t gaz_begin = 0, gaz_inside = 0;  // types of gazetteer matches starting at / covering it
    bool cap = false;
  };
  using TokenInfoCache = std::vector<std::vector<TokenInfo>>;  // per sentence of a document

  FeatureExtractor(const Lexicons* lexicons, uint32_t flags) : lex_(lexicons), flags_(flags) {}
  // `prior` (kFeatStage1): the first stage's tag ids per sentence, mapped through `codes`.
  void BeginDocument(std::span<const SentenceInput> sentences,
                     const std::vector<std::vector<uint16_t>>* prior = nullptr,
                     std::span<const uint8_t> codes = {});
  // Features of every token of sentence `index` (`s`): token i's are feats[offsets[i],
  // offsets[i+1]). With `gazetteer`, token i's gazetteer features (kFeatGazetteer) are
  // feats[(*gazetteer)[2i], (*gazetteer)[2i+1]), one run inside its own.
  void Extract(const SentenceInput& s, size_t index, std::vector<uint64_t>* feats,
               std::vector<uint32_t>* offsets, std::vector<uint32_t>* gazetteer = nullptr);
  // Reuse (and fill) per-sentence token information across extractors with the same lexicons.
  void ShareTokenInfo(TokenInfoCache* cache) { cache_ = cache; }

 private:
  void ComputeTokenInfo(const SentenceInput& s);
  TokenInfoCache* cache_ = nullptr;
  const Lexicons* lex_;
  uint32_t flags_;
  std::vector<TokenInfo> info_;
  // Document evidence: how each lower-cased word hash was seen in the document, capitalised
  // mid-sentence (kSeenCap) and/or in lower case (kSeenLower); an open-addressing table.
  static constexpr uint8_t kSeenCap = 1, kSeenLower = 2;
  struct SeenSlot {
    uint64_t hash = 0;
    uint8_t seen = 0;  // 0: empty slot
  };
  std::vector<SeenSlot> doc_seen_;
  uint8_t DocEvidence(uint64_t lower) const;
  // Second stage: first-stage codes per sentence, and per lower-cased word the number of its
  // occurrences in the document the first stage put in each type (index 0: outside any name).
  const std::vector<std::vector<uint16_t>>* prior_ = nullptr;
  std::span<const uint8_t> codes_;
  struct TypeCounts {
    uint16_t n[9] = {};
  };
  struct HistSlot {
    uint64_t hash = 0;
    bool used = false;
    TypeCounts counts;
  };
  std::vector<HistSlot> hist_;  // open addressing by word hash (load <= 1/2), as doc_seen_
  const TypeCounts* Hist(uint64_t lower) const;
  std::vector<const TypeCounts*> hist_at_;  // Hist() of each token of the current sentence
  std::vector<uint64_t> phrase_;  // gazetteer hash of each token of the sentence as a phrase
  std::string scratch_;
  std::unique_ptr<uint64_t[]> buffer_;  // Extract's features before they are copied out
  size_t buffer_size_ = 0;
};

// Lower-cases ASCII letters (other bytes unchanged).
void AsciiLower(std::string_view in, std::string* out);
// Word shape with runs collapsed: "Putin" -> "Xx", "U.S." -> "X.X.", "1996-08-30" -> "d-d-d".
void WordShape(std::string_view w, std::string* out);
bool StartsUpper(std::string_view w);

}  // namespace mosaic::tag
