#include "tag/numbers.h"

#include <array>
#include <cmath>
#include <unordered_map>

namespace mosaic::tag {
namespace {

struct WordTables {
  std::unordered_map<std::string_view, int> cardinal;  // 0..90 plus scales
  std::unordered_map<std::string_view, int> ordinal;   // first..ninetieth
  WordTables() {
    static constexpr std::array<std::string_view, 20> kUnits = {
        "zero",     "one",     "two",     "three",     "four",     "five",    "six",
        "seven",    "eight",   "nine",    "ten",       "eleven",   "twelve",  "thirteen",
        "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    static constexpr std::array<std::string_view, 8> kTens = {
        "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    for (int i = 0; i < 20; ++i) cardinal[kUnits[i]] = i;
    for (int i = 0; i < 8; ++i) cardinal[kTens[i]] = 20 + 10 * i;
    static constexpr std::array<std::string_view, 20> kOrdUnits = {
        "zeroth",    "first",     "second",      "third",      "fourth",
        "fifth",     "sixth",     "seventh",     "eighth",     "ninth",
        "tenth",     "eleventh",  "twelfth",     "thirteenth", "fourteenth",
        "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"};
    static constexpr std::array<std::string_view, 8> kOrdTens = {
        "twentieth", "thirtieth",  "fortieth",  "fiftieth",
        "sixtieth",  "seventieth", "eightieth", "ninetieth"};
    for (int i = 1; i < 20; ++i) ordinal[kOrdUnits[i]] = i;
    for (int i = 0; i < 8; ++i) ordinal[kOrdTens[i]] = 20 + 10 * i;
  }
};

const WordTables& Tables() {
  static const WordTables t;
  return t;
}

double ScaleValue(std::string_view w) {
  if (w == "hundred") return 1e2;
  if (w == "thousand") return 1e3;
  if (w == "million" || w == "mln" || w == "m") return 1e6;
  if (w == "billion" || w == "bln" || w == "bn") return 1e9;
  if (w == "trillion") return 1e12;
  return 0;
}

// Plural number words that state only an order of magnitude: "dozens of", "hundreds".
double VagueValue(std::string_view w) {
  if (w == "dozens") return 24;
  if (w == "scores") return 40;
  if (w == "hundreds") return 200;
  if (w == "thousands") return 2000;
  if (w == "tens") return 20;  // "tens of thousands" is handled by the caller
  if (w == "millions") return 2e6;
  return 0;
}

bool IsAllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

LoweredTokens::LoweredTokens(const text::AnalyzedText& text) : text_(&text), lower_(text.norm) {
  for (char& c : lower_) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
}

bool ParseDigits(std::string_view s, double* value) {
  if (s.empty() || s[0] < '0' || s[0] > '9') return false;
  double v = 0;
  size_t i = 0;
  size_t group = 0;
  bool comma = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c >= '0' && c <= '9') {
      v = v * 10 + (c - '0');
      ++group;
    } else if (c == ',') {
      if ((!comma && (group == 0 || group > 3)) || (comma && group != 3)) return false;
      comma = true;
      group = 0;
    } else {
      break;
    }
  }
  if (comma && group != 3) return false;
  if (i < s.size()) {
    if (s[i] != '.' || i + 1 >= s.size()) return false;
    double scale = 0.1;
    for (size_t j = i + 1; j < s.size(); ++j) {
      if (s[j] < '0' || s[j] > '9') return false;
      v += (s[j] - '0') * scale;
      scale /= 10;
    }
  }
  *value = v;
  return true;
}

double NumberWordValue(std::string_view w) {
  const auto& t = Tables();
  if (auto it = t.cardinal.find(w); it != t.cardinal.end()) return it->second;
  if (double s = ScaleValue(w); s > 0 && w.size() > 2) return s;
  if (w == "dozen") return 12;
  if (auto dash = w.find('-'); dash != std::string_view::npos && dash > 0) {
    auto a = t.cardinal.find(w.substr(0, dash));
    auto b = t.cardinal.find(w.substr(dash + 1));
    if (a != t.cardinal.end() && b != t.cardinal.end() && a->second >= 20 && a->second % 10 == 0 &&
        b->second > 0 && b->second < 10) {
      return a->second + b->second;
    }
  }
  return -1;
}

int OrdinalValue(std::string_view w) {
  if (w.size() >= 3 && w[0] >= '0' && w[0] <= '9') {
    std::string_view suf = w.substr(w.size() - 2);
    if (suf == "st" || suf == "nd" || suf == "rd" || suf == "th") {
      std::string_view num = w.substr(0, w.size() - 2);
      if (!IsAllDigits(num) || num.size() > 4) return 0;
      int v = 0;
      for (char c : num) v = v * 10 + (c - '0');
      return v;
    }
    return 0;
  }
  const auto& t = Tables();
  if (auto it = t.ordinal.find(w); it != t.ordinal.end()) return it->second;
  if (auto dash = w.find('-'); dash != std::string_view::npos && dash > 0) {
    auto a = t.cardinal.find(w.substr(0, dash));
    auto b = t.ordinal.find(w.substr(dash + 1));
    if (a != t.cardinal.end() && b != t.ordinal.end() && a->second >= 20 && b->second < 10) {
      return a->second + b->second;
    }
  }
  return 0;
}

std::optional<ParsedNumber> ParseNumber(const LoweredTokens& tok, size_t i, bool allow_article) {
  std::string_view w = tok[i];
  if (w.empty()) return std::nullopt;
  ParsedNumber out;
  // Digits, optionally followed by a scale word: "2.5 million", "1,800".
  if (w[0] >= '0' && w[0] <= '9') {
    double v;
    if (!ParseDigits(w, &v)) {
      if (int o = OrdinalValue(w); o > 0) {
        out.value = o;
        out.end = i + 1;
        out.digits = out.ordinal = true;
        return out;
      }
      return std::nullopt;
    }
    out.value = v;
    out.digits = true;
    out.end = i + 1;
    if (double s = ScaleValue(tok[i + 1]); s > 0) {
      out.value *= s;
      out.end = i + 2;
    }
    return out;
  }
  // Vague plurals: "dozens", "hundreds of thousands", "tens of thousands".
  if (double v = VagueValue(w); v > 0) {
    out.value = v;
    out.vague = true;
    out.end = i + 1;
    if (tok[i + 1] == "of") {
      double s = ScaleValue(tok[i + 2]);
      if (s == 0 && tok[i + 2].size() > 1) {
        std::string_view p = tok[i + 2];
        if (p.back() == 's') s = ScaleValue(p.substr(0, p.size() - 1));
      }
      if (s >= 1e3) {
        out.value = (w == "tens" ? 10 : w == "hundreds" ? 100 : v) * s;
        out.end = i + 3;
      }
    }
    return out;
  }
  if (int o = OrdinalValue(w); o > 0) {
    out.value = o;
    out.ordinal = true;
    out.end = i + 1;
    return out;
  }
  // "a dozen", "half a dozen", "a hundred", "a thousand"; "a"/"an" alone when allowed.
  size_t j = i;
  double total = 0, current = 0;
  bool any = false;
  if (w == "half" && tok[i + 1] == "a" && tok[i + 2] == "dozen") {
    out.value = 6;
    out.end = i + 3;
    return out;
  }
  if (w == "a" || w == "an") {
    std::string_view n = tok[i + 1];
    if (n == "dozen" || n == "hundred" || n == "thousand" || n == "million" || n == "billion") {
      current = 1;
      any = true;
      j = i + 1;
    } else if (allow_article) {
      out.value = 1;
      out.article = true;
      out.end = i + 1;
      return out;
    } else {
      return std::nullopt;
    }
  }
  // Number words: units and tens add, "hundred" multiplies the running group, larger scales close
  // the group ("two hundred and fifty thousand" = (2*100+50)*1000).
  for (; j < tok.size(); ++j) {
    std::string_view x = tok[j];
    if (x == "and" && any && NumberWordValue(tok[j + 1]) >= 0 &&
        NumberWordValue(tok[j + 1]) < 100) {
      continue;
    }
    double v = NumberWordValue(x);
    if (v < 0) break;
    if (x == "dozen") {
      current = (any ? std::max(current, 1.0) : 1) * 12;
    } else if (v == 100) {
      current = (any && current > 0 ? current : 1) * 100;
    } else if (v >= 1000) {
      total += (any && current > 0 ? current : 1) * v;
      current = 0;
    } else {
      // Two adjacent small numbers ("nineteen ninety") are not one cardinal.
      if (any && current > 0 && std::fmod(current, 100) != 0 && (v >= 10 || current < 20)) break;
      if (any && current > 0 && std::fmod(current, 100) == 0 && current < 100) break;
      current += v;
    }
    any = true;
  }
  if (!any || j == i) return std::nullopt;
  // A trailing "and" is not part of the number.
  if (tok[j - 1] == "and") --j;
  out.value = total + current;
  out.end = j;
  return out;
}

}  // namespace mosaic::tag
