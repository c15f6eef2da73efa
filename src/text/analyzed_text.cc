#include "text/analyzed_text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <cstring>

#include "text/char_class.h"

namespace mosaic::text {
namespace {

// ---------------------------------------------------------------------------------------------
// Normalisation. NFC per normalisation segment (ICU), then a small fold of typographic characters
// to the ASCII forms news training data uses. Every output byte records the original byte it came
// from; a segment that NFC rewrites maps all its output bytes to the segment's first byte.
// ---------------------------------------------------------------------------------------------

// Returns the replacement for a code point, or nullptr if it is kept as is. "" deletes it.
const char* Fold(UChar32 c) {
  switch (c) {
    case 0x2018:
    case 0x2019:
    case 0x201A:
    case 0x201B:
    case 0x2032:
    case 0x02BC:
    case 0x0060:
      return "'";
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x201F:
    case 0x00AB:
    case 0x00BB:
    case 0x2033:
      return "\"";
    case 0x2010:
    case 0x2011:
    case 0x2012:
    case 0x2013:
    case 0x2014:
    case 0x2015:
    case 0x2212:
      return "-";
    case 0x2026:
      return "...";
    case 0x2028:
    case 0x2029:
    case 0x0085:
      return "\n";
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0x00AD:
    case 0x200E:
    case 0x200F:
    case 0x202A:
    case 0x202B:
    case 0x202C:
    case 0x202D:
    case 0x202E:
    case 0x2066:
    case 0x2067:
    case 0x2068:
    case 0x2069:
      return "";  // zero-width and bidi controls: invisible, and they would split words
    default:
      break;
  }
  if (c == 0x00A0 || (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x3000) {
    return " ";
  }
  if (c < 0x20 && c != '\n' && c != '\t') return c == '\r' ? "\n" : " ";
  if (c == 0x7F || (c >= 0x80 && c < 0xA0)) return " ";
  return nullptr;
}

class Normalizer {
 public:
  Normalizer(std::string_view in, AnalyzedText* out) : in_(in), out_(out) {
    UErrorCode err = U_ZERO_ERROR;
    nfc_ = icu::Normalizer2::getNFCInstance(err);
    if (U_FAILURE(err)) nfc_ = nullptr;
  }

  void Run() {
    std::string& norm = out_->norm;
    std::vector<uint32_t>& map = out_->norm_to_orig;
    norm.reserve(in_.size());
    map.reserve(in_.size() + 1);
    const int32_t n = static_cast<int32_t>(in_.size());
    const auto* s = reinterpret_cast<const uint8_t*>(in_.data());
    int32_t i = 0;
    int32_t seg_start = -1;  // start of a pending non-ASCII segment
    while (i < n) {
      if (s[i] < 0x80) {
        Flush(seg_start, i);
        seg_start = -1;
        // A run of the ASCII that Fold keeps (printable but "`", newline, tab) is copied whole,
        // each byte mapped to its own offset, as Emit would one by one.
        int32_t j = i;
        while (j < n &&
               ((s[j] >= 0x20 && s[j] < 0x7F && s[j] != '`') || s[j] == '\n' || s[j] == '\t')) {
          ++j;
        }
        if (j > i) {
          norm.append(reinterpret_cast<const char*>(s + i), static_cast<size_t>(j - i));
          for (; i < j; ++i) map.push_back(static_cast<uint32_t>(i));
          continue;
        }
        // "\r\n" becomes "\n"; a lone "\r" becomes "\n" too (Fold).
        if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n') {
          ++i;
          continue;
        }
        const char* f = Fold(s[i]);
        Emit(f ? std::string_view(f) : std::string_view(reinterpret_cast<const char*>(s + i), 1),
             i);
        ++i;
        continue;
      }
      int32_t start = i;
      UChar32 c;
      U8_NEXT(s, i, n, c);
      if (c < 0) c = 0xFFFD;  // readers validate UTF-8; be safe anyway
      if (seg_start >= 0 && nfc_ && nfc_->hasBoundaryBefore(c)) {
        Flush(seg_start, start);
        seg_start = -1;
      }
      if (seg_start < 0) {
        // A combining mark right after an ASCII base must be normalised with it.
        if (nfc_ && !nfc_->hasBoundaryBefore(c) && !norm.empty() && start > 0 &&
            s[start - 1] < 0x80 && map.back() == static_cast<uint32_t>(start - 1)) {
          norm.pop_back();
          map.pop_back();
          seg_start = start - 1;
        } else {
          seg_start = start;
        }
      }
    }
    Flush(seg_start, n);
    map.push_back(static_cast<uint32_t>(n));
  }

 private:
  void Emit(std::string_view bytes, int32_t orig) {
    for (char ch : bytes) {
      out_->norm.push_back(ch);
      out_->norm_to_orig.push_back(static_cast<uint32_t>(orig));
    }
  }

  // Emits the code points of `piece` (UTF-8) folded, every byte mapped to `orig` (or, when `exact`,
  // to the code point's own original offset, which holds for unnormalised input).
  void EmitFolded(std::string_view piece, int32_t orig, bool exact) {
    const auto* p = reinterpret_cast<const uint8_t*>(piece.data());
    int32_t j = 0, m = static_cast<int32_t>(piece.size());
    while (j < m) {
      int32_t cs = j;
      UChar32 c;
      U8_NEXT(p, j, m, c);
      int32_t at = exact ? orig + cs : orig;
      if (const char* f = Fold(c)) {
        Emit(f, at);
      } else {
        Emit(piece.substr(cs, j - cs), at);
      }
    }
  }

  void Flush(int32_t seg_start, int32_t seg_end) {
    if (seg_start < 0 || seg_end <= seg_start) return;
    std::string_view seg = in_.substr(seg_start, seg_end - seg_start);
    UErrorCode err = U_ZERO_ERROR;
    if (nfc_) {
      icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(seg.data(), seg.size()));
      if (!nfc_->isNormalized(u, err) && U_SUCCESS(err)) {
        icu::UnicodeString normalized = nfc_->normalize(u, err);
        if (U_SUCCESS(err)) {
          std::string utf8;
          normalized.toUTF8String(utf8);
          EmitFolded(utf8, seg_start, /*exact=*/false);
          return;
        }
      }
    }
    EmitFolded(seg, seg_start, /*exact=*/true);
  }

  std::string_view in_;
  AnalyzedText* out_;
  const icu::Normalizer2* nfc_ = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Tokenisation (on the normalised text): words with internal hyphens, apostrophes, periods of
// abbreviations and separators of numbers; English clitics split as in the Penn Treebank and
// CoNLL-2003 ("Putin 's", "do n't"); every other punctuation character a token of its own.
// ---------------------------------------------------------------------------------------------

UChar32 CodePointAtSlow(std::string_view s, size_t i, size_t* next) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(p, j, static_cast<int32_t>(s.size()), c);
  *next = static_cast<size_t>(j);
  return c;
}

// The code point at byte i of s, and where the next one starts; -1 past the end. ASCII, most of the
// text, is answered inline.
inline UChar32 CodePointAt(std::string_view s, size_t i, size_t* next) {
  if (i >= s.size()) {
    *next = i;
    return -1;
  }
  if (static_cast<unsigned char>(s[i]) < 0x80) {
    *next = i + 1;
    return static_cast<unsigned char>(s[i]);
  }
  return CodePointAtSlow(s, i, next);
}

bool IsCliticAt(std::string_view s, size_t apos, size_t word_end) {
  // s[apos] == '\''; the clitic runs to word_end.
  std::string_view rest = s.substr(apos + 1, word_end - apos - 1);
  static constexpr std::array<std::string_view, 12> kClitics = {"s",  "S",  "d",  "D",  "ll", "LL",
                                                                "re", "RE", "ve", "VE", "m",  "M"};
  return std::find(kClitics.begin(), kClitics.end(), rest) != kClitics.end();
}

// Abbreviations that keep their period. Lower case; matched case-insensitively.
bool IsKnownAbbreviation(std::string_view w) {
  static constexpr std::array<std::string_view, 58> kAbbrev = {
      "mr",     "mrs",  "ms",   "dr",  "prof", "gen", "lt",   "col",   "maj", "capt",
      "cpt",    "sgt",  "cpl",  "adm", "cmdr", "gov", "sen",  "rep",   "rev", "st",
      "jr",     "sr",   "inc",  "ltd", "corp", "co",  "jan",  "feb",   "mar", "apr",
      "aug",    "sep",  "sept", "oct", "nov",  "dec", "no",   "nos",   "vs",  "etc",
      "approx", "dept", "est",  "fig", "mt",   "ft",  "pres", "gov't", "mln", "bln",
      "bn",     "pp",   "vol",  "ave", "blvd", "rd",  "e.g",  "i.e"};
  if (w.size() > 6) return false;
  char buf[8];
  for (size_t i = 0; i < w.size(); ++i)
    buf[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(w[i])));
  std::string_view lw(buf, w.size());
  return std::find(kAbbrev.begin(), kAbbrev.end(), lw) != kAbbrev.end();
}

// Titles before a name never end a sentence ("Gen. Gerasimov").
bool IsTitleAbbreviation(std::string_view w) {
  static constexpr std::array<std::string_view, 20> kTitles = {
      "Mr.",  "Mrs.", "Ms.",  "Dr.",  "Prof.", "Gen.", "Lt.", "Col.", "Maj.", "Capt.",
      "Sgt.", "Adm.", "Gov.", "Sen.", "Rep.",  "Rev.", "St.", "Mt.",  "Cpl.", "Pres."};
  return std::find(kTitles.begin(), kTitles.end(), w) != kTitles.end();
}

class Tokenizer {
 public:
  Tokenizer(AnalyzedText* out) : t_(out), s_(out->norm) {}

  void Run() {
    size_t i = 0;
    bool space = true, newline = false;
    int newlines = 0;
    while (i < s_.size()) {
      size_t next;
      UChar32 c = CodePointAt(s_, i, &next);
      if (IsSpace(c)) {
        space = true;
        if (c == '\n') {
          newline = true;
          ++newlines;
        }
        i = next;
        continue;
      }
      size_t end = IsWordChar(c) ? ScanWord(i) : ScanPunct(i, c);
      if (end <= i) end = next;  // always make progress
      Add(i, end, space, newline, newlines);
      space = newline = false;
      newlines = 0;
      i = end;
    }
  }

  std::vector<int>& blank_line_before() { return blank_; }

 private:
  void Add(size_t b, size_t e, bool space, bool newline, int newlines) {
    Token tok;
    tok.nbegin = static_cast<uint32_t>(b);
    tok.nend = static_cast<uint32_t>(e);
    tok.begin = t_->norm_to_orig[b];
    // The original end is where the next normalised byte comes from (exclusive).
    tok.end = t_->norm_to_orig[e];
    if (tok.end < tok.begin) tok.end = tok.begin;
    // A folded run mapped to one original position (e.g. a normalised segment) must not collapse
    // to an empty span: extend to the end of the original code point(s) it covers.
    if (tok.end == tok.begin) tok.end = NextOrigBoundary(tok.begin);
    // Pieces of one normalised segment all map to the segment's first original byte (a quote
    // followed by a combining mark: found by fuzz/text_fuzzer). They cannot be told apart in the
    // original text, so they stay one token rather than overlap.
    if (!t_->tokens.empty() && tok.begin < t_->tokens.back().end) {
      Token& prev = t_->tokens.back();
      prev.nend = tok.nend;
      prev.end = std::max(prev.end, tok.end);
      return;
    }
    tok.space_before = space;
    tok.newline_before = newline;
    t_->tokens.push_back(tok);
    blank_.push_back(newlines >= 2 ? 1 : 0);
  }

  uint32_t NextOrigBoundary(uint32_t at) const {
    std::string_view o = t_->original;
    size_t next;
    if (at >= o.size()) return at;
    CodePointAt(o, at, &next);
    return static_cast<uint32_t>(next);
  }

  size_t ScanWord(size_t i) {
    const size_t start = i;
    size_t last_apostrophe = std::string::npos;
    bool all_initials = true;  // U.S., J.R.R.
    bool has_period = false;
    size_t letters_since_period = 0;
    while (i < s_.size()) {
      size_t next;
      UChar32 c = CodePointAt(s_, i, &next);
      if (IsWordChar(c) || IsMark(c)) {
        if (!IsMark(c)) ++letters_since_period;
        if (letters_since_period > 1) all_initials = false;
        i = next;
        continue;
      }
      size_t after;
      UChar32 d = CodePointAt(s_, next, &after);
      UChar32 prev = PrevCodePoint(i);
      if ((c == '-' || c == '/' || c == '&') && IsWordChar(d) && IsWordChar(prev)) {
        i = next;
        all_initials = false;
        continue;
      }
      if ((c == ',' || c == '.' || c == ':') && IsDigit(d) && IsDigit(prev)) {
        // 1,800 / 3.5 / 10:30 (a comma must be followed by exactly three digits)
        if (c == ',') {
          size_t k = next, digits = 0;
          while (k < s_.size() && IsDigit(static_cast<unsigned char>(s_[k]))) ++k, ++digits;
          if (digits != 3) break;
        }
        i = next;
        continue;
      }
      if (c == '\'' && IsLetter(d) && IsLetter(prev)) {
        last_apostrophe = i;
        i = next;
        continue;
      }
      if (c == '.') {
        // Initials and dotted abbreviations: U.S., U.N., e.g.
        if (letters_since_period == 1 && IsLetter(prev) && (IsLetter(d) || !IsWordChar(d))) {
          if (IsLetter(d)) {
            has_period = true;
            letters_since_period = 0;
            i = next;
            continue;
          }
          if (has_period && all_initials) return next;  // "U.S." keeps its final period
        }
        std::string_view w = s_.substr(start, i - start);
        if (!has_period && IsKnownAbbreviation(w)) return next;
        // A lone capital initial: "J. Smith", "Alexander G. Lukashenko".
        if (!has_period && letters_since_period == 1 && IsUpper(prev) && i - start <= 2 &&
            (d == ' ') && IsUpperAt(after)) {
          return next;
        }
      }
      break;
    }
    // Split English clitics: "Putin's" -> "Putin" + "'s"; "don't" -> "do" + "n't".
    if (last_apostrophe != std::string::npos) {
      if (IsCliticAt(s_, last_apostrophe, i)) {
        return last_apostrophe;
      }
      if (i - last_apostrophe == 2 &&
          (s_[last_apostrophe + 1] == 't' || s_[last_apostrophe + 1] == 'T') &&
          last_apostrophe > start + 1 &&
          (s_[last_apostrophe - 1] == 'n' || s_[last_apostrophe - 1] == 'N')) {
        return last_apostrophe - 1;
      }
    }
    return i;
  }

  size_t ScanPunct(size_t i, UChar32 c) {
    size_t next;
    CodePointAt(s_, i, &next);
    // Clitic after a split word: "'s", "'ll"...
    if (c == '\'' && i > 0 && IsLetter(PrevCodePoint(i))) {
      size_t j = next;
      while (j < s_.size() && IsLetter(static_cast<unsigned char>(s_[j]))) ++j;
      if (j > next && IsCliticAt(s_, i, j)) return j;
    }
    // Runs of the same punctuation character stay one token: "...", "--", "!!".
    if (c == '.' || c == '-' || c == '!' || c == '?' || c == '*' || c == '=' || c == '_') {
      size_t j = next;
      while (j < s_.size() && s_[j] == static_cast<char>(c)) ++j;
      return j;
    }
    return next;
  }

  UChar32 PrevCodePoint(size_t i) const {
    if (i == 0) return -1;
    const auto* p = reinterpret_cast<const uint8_t*>(s_.data());
    int32_t j = static_cast<int32_t>(i);
    UChar32 c;
    U8_PREV(p, 0, j, c);
    return c;
  }
  bool IsUpperAt(size_t i) const {
    size_t next;
    return IsUpper(CodePointAt(s_, i, &next));
  }

  AnalyzedText* t_;
  std::string_view s_;
  std::vector<int> blank_;
};

// ---------------------------------------------------------------------------------------------
// Sentences, on tokens: terminal punctuation (with closing quotes and brackets) before a token that
// can start a sentence; abbreviations end a sentence only before a typical sentence opener; line
// breaks end a sentence unless the next line continues it in lower case.
// ---------------------------------------------------------------------------------------------

bool IsSentenceOpener(std::string_view w) {
  static constexpr std::array<std::string_view, 36> kOpeners = {
      "The",  "He",    "She",   "It",  "They",  "We",      "I",         "But",       "And",
      "In",   "On",    "At",    "A",   "An",    "This",    "That",      "These",     "Those",
      "His",  "Her",   "Their", "Its", "There", "However", "Meanwhile", "After",     "Before",
      "When", "While", "As",    "If",  "Some",  "Many",    "Officials", "According", "Yet"};
  return std::find(kOpeners.begin(), kOpeners.end(), w) != kOpeners.end();
}

bool StartsUpperOrDigit(std::string_view w) {
  size_t next;
  UChar32 c = CodePointAt(w, 0, &next);
  return IsUpper(c) || IsDigit(c) || u_istitle(c);
}

bool IsOpeningPunct(std::string_view w) {
  return w == "\"" || w == "'" || w == "(" || w == "[" || w == "-" || w == "*";
}
bool IsClosingPunct(std::string_view w) { return w == "\"" || w == "'" || w == ")" || w == "]"; }

void SplitSentences(AnalyzedText* t, const std::vector<int>& blank, const TextOptions& options) {
  const size_t n = t->tokens.size();
  size_t first = 0;
  auto close = [&](size_t last) {  // [first, last)
    if (last <= first) return;
    SentenceSpan s;
    s.first_token = static_cast<uint32_t>(first);
    s.last_token = static_cast<uint32_t>(last);
    s.begin = t->tokens[first].begin;
    s.end = t->tokens[last - 1].end;
    t->sentences.push_back(s);
    first = last;
  };
  for (size_t i = 0; i < n; ++i) {
    if (i > first && i - first >= options.max_sentence_tokens) close(i);
    if (i + 1 >= n) break;
    const Token& nx = t->tokens[i + 1];
    std::string_view w = t->TokenText(i);
    std::string_view nw = t->TokenText(i + 1);
    if (nx.newline_before) {
      bool next_starts = StartsUpperOrDigit(nw) || IsOpeningPunct(nw) || !IsLetter(nw[0]);
      if (blank[i + 1] || next_starts) {
        close(i + 1);
        continue;
      }
    }
    bool terminal = w == "." || w == "!" || w == "?" || w == "..." || w == "!!" || w == "?!";
    if (terminal) {
      size_t j = i + 1;
      // Closing quotes and brackets belong to the sentence they close.
      // Bounded by the sentence limit: a hostile run of quotes must not stretch a sentence.
      while (j < n && j - first < options.max_sentence_tokens && IsClosingPunct(t->TokenText(j)) &&
             !t->tokens[j].space_before) {
        ++j;
      }
      if (j < n && (j == i + 1 || t->tokens[j].space_before)) {
        std::string_view jw = t->TokenText(j);
        if (StartsUpperOrDigit(jw) || IsOpeningPunct(jw) || t->tokens[j].newline_before) {
          close(j);
          i = j - 1;
        }
      }
      continue;
    }
    if (w.size() > 1 && w.back() == '.' && !IsTitleAbbreviation(w) && nx.space_before &&
        IsSentenceOpener(nw)) {
      close(i + 1);
    }
  }
  close(n);
}

}  // namespace

int AnalyzedText::SentenceOfToken(size_t i) const {
  auto it = std::upper_bound(sentences.begin(), sentences.end(), i,
                             [](size_t v, const SentenceSpan& s) { return v < s.first_token; });
  if (it == sentences.begin()) return -1;
  return static_cast<int>(it - sentences.begin()) - 1;
}

AnalyzedText Analyze(std::string_view original, const TextOptions& options) {
  AnalyzedText t;
  t.original = original;
  Normalizer(original, &t).Run();
  Tokenizer tok(&t);
  tok.Run();
  SplitSentences(&t, tok.blank_line_before(), options);
  return t;
}

}  // namespace mosaic::text
