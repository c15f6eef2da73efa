// The text layer's output: a normalised copy of the document text with an alignment back to the
// original, sentences, and tokens. Every later stage works on this.
//
// Offsets: `Token::begin/end` and `SentenceSpan::begin/end` are BYTE offsets into the ORIGINAL text
// (Document::text); `Token::nbegin/nend` are byte offsets into `norm`. A token's normalised form is
// `norm.substr(nbegin, nend - nbegin)`: NFC, typographic quotes/apostrophes/dashes folded to ASCII,
// so that taggers see the same forms as their training data whatever the article's typography.
//
// Thread safety: immutable once built; share freely across threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mosaic::text {

struct Token {
  uint32_t begin = 0, end = 0;    // bytes in the original text
  uint32_t nbegin = 0, nend = 0;  // bytes in AnalyzedText::norm
  bool space_before = false;      // whitespace (or start of text) precedes the token
  bool newline_before = false;    // a line break precedes the token
};

struct SentenceSpan {
  uint32_t first_token = 0, last_token = 0;  // token index range [first, last)
  uint32_t begin = 0, end = 0;               // bytes in the original text
};

struct AnalyzedText {
  std::string_view original;           // Document::text (not owned)
  std::string norm;                    // normalised text
  std::vector<uint32_t> norm_to_orig;  // byte in norm -> byte in original; size norm.size() + 1
  std::vector<Token> tokens;
  std::vector<SentenceSpan> sentences;

  std::string_view TokenText(size_t i) const {
    const Token& t = tokens[i];
    return std::string_view(norm).substr(t.nbegin, t.nend - t.nbegin);
  }
  std::string_view OriginalText(uint32_t begin, uint32_t end) const {
    return original.substr(begin, end - begin);
  }
  // The sentence index containing token i (binary search).
  int SentenceOfToken(size_t i) const;
};

struct TextOptions {
  // Sentences longer than this many tokens are cut into pieces of this size so that the
  // quadratic-at-worst later stages stay bounded on hostile input.
  uint32_t max_sentence_tokens = 400;
};

// Validates nothing (the readers guarantee UTF-8); normalises, tokenises and splits sentences.
AnalyzedText Analyze(std::string_view original, const TextOptions& options = {});

}  // namespace mosaic::text
