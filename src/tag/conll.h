// CoNLL column files (CoNLL-2003 NER, GMB): reading, writing, tag-scheme conversion, and scoring
// exactly as the conlleval script does.
//
// A file is a sequence of documents; a document starts at a `-DOCSTART-` line (or at the top of the
// file) and holds sentences separated by blank lines. Each token line is whitespace-separated
// columns, the token first. Files are read whole; nothing here keeps a reference to the input.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::tag {

struct ConllSentence {
  std::vector<std::vector<std::string>> rows;  // columns per token
};

struct ConllDocument {
  std::string docstart;  // the -DOCSTART- line that opened it, "" for a file's first document
  std::vector<ConllSentence> sentences;
};

struct ConllFile {
  std::vector<ConllDocument> documents;
  size_t num_tokens() const;
};

struct ConllOptions {
  size_t max_tokens_per_sentence = 10000;  // a longer sentence is an error (malformed input)
};

// Reads a CoNLL file from a stream; `name` prefixes error messages. Rows within a sentence must all
// have the same number of columns.
Result<ConllFile> ReadConll(std::istream& in, const std::string& name,
                            const ConllOptions& options = {});
Result<ConllFile> ReadConllFile(const std::string& path, const ConllOptions& options = {});

// Writes `file` with one extra column per token: `tags[d][s][t]`. -DOCSTART- lines get "O".
void WriteConll(const ConllFile& file,
                const std::vector<std::vector<std::vector<std::string>>>& tags, std::ostream& out);

// IOB1 (CoNLL-2003: B- only between two adjacent names of one type) -> BIO (IOB2: every name starts
// with B-), and back. Tags that are not X-TYPE are kept.
std::vector<std::string> Iob1ToBio(const std::vector<std::string>& tags);
std::vector<std::string> BioToIob1(const std::vector<std::string>& tags);

// Exact-span counts, as conlleval computes them.
struct ChunkCounts {
  uint64_t correct = 0, found_guessed = 0, found_correct = 0;
  double precision() const { return found_guessed ? 100.0 * correct / found_guessed : 0; }
  double recall() const { return found_correct ? 100.0 * correct / found_correct : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

struct ConllEval {
  uint64_t tokens = 0, correct_tags = 0;
  ChunkCounts overall;
  std::map<std::string, ChunkCounts> by_type;
  double accuracy() const { return tokens ? 100.0 * correct_tags / tokens : 0; }
};

// Incremental scorer: feed tokens in order with gold and guessed tags (any IOB scheme, as
// conlleval), calling Boundary() at sentence and document breaks.
class ConllScorer {
 public:
  void Add(const std::string& gold, const std::string& guess);
  void Boundary();
  const ConllEval& Finish();

 private:
  ConllEval eval_;
  std::string gold_prev_tag_ = "O", gold_prev_type_, guess_prev_tag_ = "O", guess_prev_type_;
  bool in_correct_ = false;
};

// Scores a file whose rows end with gold then guessed tag columns.
ConllEval EvaluateConll(const ConllFile& file);
// The conlleval report ("processed N tokens with ...", then one line per type).
void PrintConllEval(const ConllEval& eval, std::ostream& out);

}  // namespace mosaic::tag
