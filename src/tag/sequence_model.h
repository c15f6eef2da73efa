// SequenceModel: a first-order averaged-perceptron sequence tagger (names, parts of speech, chunks)
// with Viterbi decoding over hashed features (tag/features.h).
//
// Model file (little-endian, version 1; every section 8-byte aligned, sizes in the header):
//   header      64 bytes: magic "MOSAICSQ", version, feature flags, tag count T, row count R,
//               slot counts of the feature table, gazetteer and cluster table, weight scale, task
//               name
//   features    uint64[feature_slots]  FlatTable: feature hash -> row + 1
//   gazetteer   uint64[gaz_slots]      FlatTable: phrase hash -> GazType bits
//   clusters    uint64[cluster_slots]  FlatTable: word hash -> binary cluster path
//   transitions int32[(T + 1) * T]     previous tag (T = sentence start) -> tag, in weight units
//   weights     int16[R * T]           emission weights per feature row, times `scale` (copied at
//                                      load after a zero row, 45-tag rows padded to 48, see Init)
//   tag names   NUL-terminated strings, T of them
//   stage 1     optional: a complete first-stage model image (same format, single stage) whose tags
//               feed this model's second-stage features (kFeatStage1)
// Load() memory-maps the file and uses it in place: there is no parsing at start-up, and the pages
// are shared by every process that loads the same model. The one exception: the weights are
// copied into a 64-byte aligned table behind a zero row (so that tagging adds the zero row for a
// feature the model does not know instead of branching), the rows of a model that gains from
// padding (the POS tagger's 45 tags) padded to 48 weights so that every row spans exactly two
// cache lines (5.5 MB for the three models, a few milliseconds).
//
// Thread safety: a loaded model is immutable; Tag() may be called from many threads at once.
//
//   auto m = SequenceModel::Load("models/ner.bin");
//   if (!m.ok()) return m.status();
//   std::vector<std::vector<uint16_t>> tags;
//   (*m)->TagDocument(sentences, &tags);   // tags[s][i] indexes (*m)->tag_name()
#pragma once

#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/status.h"
#include "tag/features.h"
#include "tag/viterbi.h"

namespace mosaic::tag {

inline constexpr char kSequenceModelMagic[8] = {'M', 'O', 'S', 'A', 'I', 'C', 'S', 'Q'};
inline constexpr uint32_t kSequenceModelVersion = 1;

// One document's features, extracted by one model and reused by another: the name tagger's first
// stage and the POS tagger use the same feature templates but the gazetteer's, so the POS tagger
// takes the names stage's features (gazetteer features left out) instead of extracting them again.
// A model with kFeatGazetteer and neither kFeatPos nor kFeatStage1 fills it; a model whose flags
// are the filler's without kFeatGazetteer, with the same word clusters, reuses it; any other model
// ignores it. Both must be given the same sentences. One per document and thread.
class SharedFeatures {
 public:
  bool filled() const { return filled_; }

 private:
  friend class SequenceModel;
  bool filled_ = false;
  uint32_t flags_ = 0;                          // the filler's flags without kFeatGazetteer
  uint64_t clusters_digest_ = 0;                // the filler's word clusters
  std::vector<std::vector<uint64_t>> feats_;    // per sentence
  std::vector<std::vector<uint32_t>> offsets_;  // per sentence: token i's are [offsets[i], [i+1])
};

class SequenceModel {
 public:
  // Memory-maps a model file. Errors: kNotFound (no file), kCorruption (bad magic, version or
  // sizes).
  static Result<std::unique_ptr<SequenceModel>> Load(const std::string& path);
  // Uses an in-memory image (as written by SequenceTrainer); the model owns it.
  static Result<std::unique_ptr<SequenceModel>> FromBytes(std::string bytes);
  ~SequenceModel();
  SequenceModel(const SequenceModel&) = delete;  // owns a mapping
  SequenceModel& operator=(const SequenceModel&) = delete;

  // Tags every sentence of one document (document-level features look across its sentences).
  // tags->at(s)[i] is a tag id for word i of sentence s. `shared` (optional) carries features
  // from one model to another (see SharedFeatures); the tags are the same with or without it.
  void TagDocument(std::span<const SentenceInput> sentences,
                   std::vector<std::vector<uint16_t>>* tags,
                   SharedFeatures* shared = nullptr) const;

  size_t num_tags() const { return tag_names_.size(); }
  std::string_view tag_name(uint16_t id) const { return tag_names_[id]; }
  std::string_view task() const { return task_; }
  uint32_t feature_flags() const { return flags_; }
  size_t num_features() const { return num_rows_; }
  size_t file_size() const { return size_; }
  // The embedded lexicons (the name tagger's gazetteer also tells demonyms from other MISC names).
  const Lexicons& lexicons() const { return lexicons_; }

 private:
  SequenceModel() = default;
  Status Init();
  void TagWithCache(std::span<const SentenceInput> sentences,
                    std::vector<std::vector<uint16_t>>* tags,
                    FeatureExtractor::TokenInfoCache* cache, SharedFeatures* shared) const;
  void MakeConsistent(std::span<const SentenceInput> sentences,
                      std::vector<std::vector<uint16_t>>* tags) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  bool mapped_ = false;
  std::string owned_;  // FromBytes
  uint32_t flags_ = 0;
  uint32_t num_rows_ = 0;
  float scale_ = 1;
  FlatTable features_;
  Lexicons lexicons_;
  const int32_t* transitions_ = nullptr;
  const int16_t* weights_ = nullptr;  // row value r's T weights at weights_[r * row_stride_]
  uint32_t row_stride_ = 0;
  bool avx2_ = false;  // emission sums with AVX2 (SumRowsAvx2)
  struct FreeDeleter {
    void operator()(void* p) const { std::free(p); }
  };
  std::unique_ptr<int16_t[], FreeDeleter> padded_weights_;  // weights_: row 0 zero, then the rows
  std::vector<std::string_view> tag_names_;
  std::string_view task_;
  std::vector<uint8_t> allowed_;  // (T + 1) * T: BIO constraint (I-X only after B-X or I-X)
  PrunedViterbi decoder_;         // transitions_ as floats, forbidden ones at -inf
  struct SpanType {
    uint16_t begin, inside;  // tag ids of B-X and I-X
  };
  std::vector<SpanType> span_types_;
  std::vector<int> type_of_tag_;  // tag id -> index in span_types_, -1 for O and other tags
  std::unique_ptr<SequenceModel> stage1_;  // a view into this model's bytes (two-stage models)
  std::vector<uint8_t> stage1_codes_;
  bool same_lexicons_ = false;    // the stages may share token information
  uint64_t clusters_digest_ = 0;  // hash of the word cluster table (SharedFeatures)
};

// Training data: sentences grouped by document, each token with its gold tag (BIO for names).
struct TrainDocument {
  std::vector<SentenceInput> sentences;
  std::vector<std::vector<std::string>> tags;
};

struct EpochReport {
  int epoch = 0;
  double seconds = 0;
  uint64_t train_errors = 0;             // training tokens tagged wrong during the epoch
  std::unique_ptr<SequenceModel> model;  // the averaged model after this epoch
};

struct TrainOptions {
  std::string task = "ner";
  int epochs = 10;
  uint32_t seed = 1;
  uint32_t feature_flags = kFeatGazetteer | kFeatClusters | kFeatDocument;
  uint32_t min_feature_count = 1;  // features seen fewer times in training are dropped
  size_t max_rows = 0;             // keep at most this many feature rows (largest weights); 0 = all
  std::vector<uint64_t> gazetteer_slots, cluster_slots;  // lexicons to embed (FlatTable slots)
  // 2: a second stage is trained on the first stage's (jackknifed, `folds`-fold) output and the
  // first-stage model is embedded in the file (see the header comment).
  int stages = 1;
  size_t folds = 5;
  // Internal to two-stage training: first-stage tags per document and sentence, their codes
  // (StageCodes) and the first-stage image to embed.
  const std::vector<std::vector<std::vector<uint16_t>>>* prior = nullptr;
  std::vector<uint8_t> prior_codes;
  std::string stage1_image;
  std::function<void(const EpochReport&)> on_epoch;
};

// Trains deterministically (fixed seed shuffles) and returns the model file image.
Result<std::string> TrainSequenceModel(const std::vector<TrainDocument>& train,
                                       const TrainOptions& options);

}  // namespace mosaic::tag
