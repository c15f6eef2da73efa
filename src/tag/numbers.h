// Numbers in running text: digits ("12", "1,800", "3.5", "2.5 million") and English number words
// ("twenty-six", "two hundred and fifty", "a dozen"), shared by the date tagger (durations,
// "nineteen ninety-six") and the quantity tagger.
//
// LoweredTokens gives every token an ASCII-lowercased view (one pass over the normalised text, no
// allocation per token), which is what both taggers match their lexicons against.
//
//   LoweredTokens low(text);
//   if (auto n = ParseNumber(low, i)) { ... n->value, n->end (one past the last token) ... }
//
// Thread safety: the lexicons are immutable after first use (function-local statics).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "text/analyzed_text.h"

namespace mosaic::tag {

class LoweredTokens {
 public:
  explicit LoweredTokens(const text::AnalyzedText& text);
  size_t size() const { return text_->tokens.size(); }
  // The token's normalised form with ASCII letters lowercased ("" past the end).
  std::string_view operator[](size_t i) const {
    if (i >= text_->tokens.size()) return {};
    const text::Token& t = text_->tokens[i];
    return std::string_view(lower_).substr(t.nbegin, t.nend - t.nbegin);
  }
  // The token as normalised, original case ("" past the end).
  std::string_view Cased(size_t i) const {
    return i < text_->tokens.size() ? text_->TokenText(i) : std::string_view();
  }
  const text::AnalyzedText& text() const { return *text_; }

 private:
  const text::AnalyzedText* text_;
  std::string lower_;
};

struct ParsedNumber {
  double value = 0;
  size_t end = 0;        // one past the last token of the number
  bool digits = false;   // written with digits
  bool ordinal = false;  // "1st", "third"
  bool vague = false;    // "dozens", "hundreds", "several", "a few": value is a lower bound
  bool article = false;  // the number is "a"/"an" ("a week", "an hour")
};

// The number starting at token i, if any. Accepts digits with thousands separators and decimals,
// a following multiplier word ("2.5 million"), number words in sequence ("two hundred and fifty
// thousand"), hyphenated compounds ("twenty-six"), "a dozen" / "half a dozen", and vague plurals
// ("dozens", "hundreds of"). `allow_article` lets "a"/"an" stand for 1 (durations: "a week").
std::optional<ParsedNumber> ParseNumber(const LoweredTokens& tokens, size_t i,
                                        bool allow_article = false);

// Value of a single number word or hyphenated compound ("seven", "twenty-six", "hundred"), or -1.
double NumberWordValue(std::string_view lower_word);
// Value of an ordinal ("1st", "2nd", "third", "twenty-first"), or 0.
int OrdinalValue(std::string_view lower_word);
// Parses an unsigned decimal token with optional thousands commas and decimals ("1,800", "3.5").
// Returns false for anything else.
bool ParseDigits(std::string_view s, double* value);

}  // namespace mosaic::tag
