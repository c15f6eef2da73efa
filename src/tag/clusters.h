// Word clusters learned from unlabelled text, for the taggers' cluster features.
//
// The exchange algorithm (Kneser & Ney 1993; Martin, Liermann & Ney 1998): words are moved between
// a fixed number of classes to maximise the likelihood of a class bigram model. It is run twice,
// with a coarse and a fine number of classes, and a word's "path" is its coarse class in binary
// followed by its fine class in binary, so a path prefix is a coarser cluster, like a Brown cluster
// path. Deterministic: fixed initial assignment and visiting order, ties to the lowest class.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::tag {

struct ClusterOptions {
  uint32_t coarse_classes = 32;  // must be a power of two
  uint32_t fine_classes = 256;   // must be a power of two
  uint32_t min_count = 3;        // rarer words get no cluster
  int iterations = 8;            // passes over the vocabulary per run
};

class ClusterCorpus {
 public:
  void AddSentence(std::span<const std::string_view> words);
  size_t num_tokens() const { return tokens_; }

  // Returns "PATH<TAB>WORD<TAB>COUNT" lines, most frequent word first.
  std::string Cluster(const ClusterOptions& options, std::string* log) const;

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> words_;
  std::vector<uint64_t> counts_;
  std::vector<uint32_t> seq_;  // word ids; UINT32_MAX between sentences
  size_t tokens_ = 0;
};

// Adds the text of every corpus under `dir`: CoNLL-style files (first column), XML files (text
// between tags, tokenised by the project tokeniser). Returns the number of files read.
Result<size_t> AddCorpusDirectory(const std::string& dir, ClusterCorpus* corpus);

}  // namespace mosaic::tag
