#include "tag/timex_eval.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "mosaic/docgraph.h"
#include "tag/dates.h"
#include "text/analyzed_text.h"

namespace mosaic::tag::timex {
namespace {

Result<std::string> Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The value of attribute `name` inside a tag's text ("" if absent).
std::string Attr(std::string_view tag, std::string_view name) {
  size_t pos = 0;
  while ((pos = tag.find(name, pos)) != std::string_view::npos) {
    bool boundary = pos == 0 || tag[pos - 1] == ' ' || tag[pos - 1] == '\t' || tag[pos - 1] == '\n';
    size_t eq = pos + name.size();
    if (boundary && eq + 1 < tag.size() && tag[eq] == '=' &&
        (tag[eq + 1] == '"' || tag[eq + 1] == '\'')) {
      char q = tag[eq + 1];
      size_t end = tag.find(q, eq + 2);
      if (end == std::string_view::npos) return "";
      return std::string(tag.substr(eq + 2, end - eq - 2));
    }
    pos = eq;
  }
  return "";
}

// Appends the UTF-8 encoding of code point c.
void AppendUtf8(std::string* out, uint32_t c) {
  if (c < 0x80) {
    out->push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (c >> 6)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (c >> 12)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (c >> 18)));
    out->push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

// Decodes the entity at s[i] == '&'; returns the index after it (or i + 1 for a lone '&').
size_t DecodeEntity(std::string_view s, size_t i, std::string* out) {
  size_t semi = s.find(';', i);
  if (semi == std::string_view::npos || semi - i > 10) {
    out->push_back('&');
    return i + 1;
  }
  std::string_view name = s.substr(i + 1, semi - i - 1);
  if (name == "amp") {
    out->push_back('&');
  } else if (name == "lt") {
    out->push_back('<');
  } else if (name == "gt") {
    out->push_back('>');
  } else if (name == "quot") {
    out->push_back('"');
  } else if (name == "apos") {
    out->push_back('\'');
  } else if (!name.empty() && name[0] == '#') {
    uint32_t c = 0;
    bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    for (size_t k = hex ? 2 : 1; k < name.size(); ++k) {
      char ch = name[k];
      int d = ch >= '0' && ch <= '9'          ? ch - '0'
              : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
              : hex && ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                              : -1;
      if (d < 0) {
        out->push_back('&');
        return i + 1;
      }
      c = c * (hex ? 16 : 10) + d;
    }
    AppendUtf8(out, c > 0x10FFFF ? 0xFFFD : c);
  } else {
    // Unknown entity (e.g. the AP wire's "&UR;"): keep it as text, as the corpus shows it.
    out->append(s.substr(i, semi - i + 1));
  }
  return semi + 1;
}

// MEANTIME's English articles carry TIMEX3 annotation in sentences 0 (the title) to 5 only.
constexpr int kMeantimeAnnotatedSentences = 5;

}  // namespace

Result<EvalDoc> ReadTimeMl(const std::string& path) {
  Result<std::string> raw = Slurp(path);
  if (!raw.ok()) return raw.status();
  std::string_view s = raw.value();
  EvalDoc doc;
  doc.name = path.substr(path.find_last_of('/') + 1);
  // The creation time may sit outside <TEXT> (in <DCT>).
  for (size_t p = s.find("<TIMEX3"); p != std::string_view::npos; p = s.find("<TIMEX3", p + 1)) {
    size_t gt = s.find('>', p);
    if (gt == std::string_view::npos) break;
    std::string_view tag = s.substr(p, gt - p);
    if (Attr(tag, "functionInDocument") == "CREATION_TIME") {
      doc.published = Attr(tag, "value");
      break;
    }
  }
  size_t b = s.find("<TEXT>"), e = s.find("</TEXT>");
  if (b == std::string_view::npos || e == std::string_view::npos || e < b) {
    return Status::InvalidInput(path + ": no <TEXT> element");
  }
  b += 6;
  struct Open {
    uint32_t begin;
    std::string type, value;
    bool dct;
  };
  std::vector<Open> open;
  std::string& out = doc.text;
  for (size_t i = b; i < e;) {
    char c = s[i];
    if (c == '<') {
      size_t gt = s.find('>', i);
      if (gt == std::string_view::npos || gt > e)
        return Status::InvalidInput(path + ": broken tag");
      std::string_view tag = s.substr(i + 1, gt - i - 1);
      if (tag.starts_with("TIMEX3")) {
        bool self_closing = !tag.empty() && tag.back() == '/';
        Open o{static_cast<uint32_t>(out.size()), Attr(tag, "type"), Attr(tag, "value"),
               Attr(tag, "functionInDocument") == "CREATION_TIME"};
        if (!self_closing) open.push_back(std::move(o));
      } else if (tag == "/TIMEX3") {
        if (open.empty()) return Status::InvalidInput(path + ": unbalanced </TIMEX3>");
        Open o = std::move(open.back());
        open.pop_back();
        uint32_t end = static_cast<uint32_t>(out.size());
        if (o.dct) {
          doc.ignore.push_back({o.begin, end});
        } else if (end > o.begin) {
          doc.gold.push_back({o.begin, end, o.type, o.value});
        }
      }
      i = gt + 1;
    } else if (c == '&') {
      i = DecodeEntity(s, i, &out);
    } else {
      out.push_back(c);
      ++i;
    }
  }
  std::sort(doc.gold.begin(), doc.gold.end(),
            [](const GoldTimex& a, const GoldTimex& b) { return a.begin < b.begin; });
  return doc;
}

Result<EvalDoc> ReadMeantime(const std::string& path) {
  Result<std::string> raw = Slurp(path);
  if (!raw.ok()) return raw.status();
  std::string_view s = raw.value();
  EvalDoc doc;
  doc.name = path.substr(path.find_last_of('/') + 1);
  std::unordered_map<std::string, std::pair<uint32_t, uint32_t>> tokens;
  std::string& out = doc.text;
  std::string last_sentence;
  for (size_t p = s.find("<token "); p != std::string_view::npos; p = s.find("<token ", p + 1)) {
    size_t gt = s.find('>', p);
    size_t close = s.find("</token>", p);
    if (gt == std::string_view::npos || close == std::string_view::npos) break;
    std::string_view tag = s.substr(p, gt - p);
    std::string sentence = Attr(tag, "sentence");
    if (!out.empty()) out.push_back(sentence != last_sentence ? '\n' : ' ');
    last_sentence = sentence;
    uint32_t begin = static_cast<uint32_t>(out.size());
    for (size_t i = gt + 1; i < close;) {
      if (s[i] == '&') {
        i = DecodeEntity(s, i, &out);
      } else {
        out.push_back(s[i++]);
      }
    }
    tokens[Attr(tag, "t_id")] = {begin, static_cast<uint32_t>(out.size())};
    if (!sentence.empty() && std::atoi(sentence.c_str()) <= kMeantimeAnnotatedSentences) {
      doc.scored_end = static_cast<uint32_t>(out.size());
    }
  }
  for (size_t p = s.find("<TIMEX3"); p != std::string_view::npos; p = s.find("<TIMEX3", p + 1)) {
    size_t gt = s.find('>', p);
    if (gt == std::string_view::npos) break;
    std::string_view tag = s.substr(p, gt - p);
    if (!tag.empty() && tag.back() == '/') continue;  // no tokens: nothing to find in the text
    size_t close = s.find("</TIMEX3>", gt);
    if (close == std::string_view::npos) break;
    uint32_t begin = UINT32_MAX, end = 0;
    std::string_view body = s.substr(gt, close - gt);
    for (size_t a = body.find("t_id=\""); a != std::string_view::npos;
         a = body.find("t_id=\"", a + 1)) {
      size_t q = body.find('"', a + 6);
      auto it = tokens.find(std::string(body.substr(a + 6, q - a - 6)));
      if (it == tokens.end()) continue;
      begin = std::min(begin, it->second.first);
      end = std::max(end, it->second.second);
    }
    if (end <= begin) continue;
    if (Attr(tag, "functionInDocument") == "CREATION_TIME") {
      doc.published = Attr(tag, "value");
      doc.ignore.push_back({begin, end});
      continue;
    }
    doc.gold.push_back({begin, end, Attr(tag, "type"), Attr(tag, "value")});
  }
  std::sort(doc.gold.begin(), doc.gold.end(),
            [](const GoldTimex& a, const GoldTimex& b) { return a.begin < b.begin; });
  return doc;
}

void TimexScores::Add(const TimexScores& o) {
  docs += o.docs;
  gold += o.gold;
  system += o.system;
  strict += o.strict;
  relaxed += o.relaxed;
  value_ok += o.value_ok;
  type_ok += o.type_ok;
}

TimexScores ScoreDocument(const EvalDoc& doc, std::vector<std::string>* errors) {
  DocGraph g;
  g.doc.text = doc.text;
  g.doc.published = doc.published;
  text::AnalyzedText a = text::Analyze(g.doc.text);
  TagDates(a, &g);
  std::vector<const DateExpr*> sys;
  for (const DateExpr& d : g.dates) {
    bool ignored = false;
    for (auto [ib, ie] : doc.ignore) ignored |= d.span.start < ie && d.span.end > ib;
    if (!ignored && d.span.start < doc.scored_end) sys.push_back(&d);
  }
  TimexScores s;
  s.docs = 1;
  s.gold = static_cast<int>(doc.gold.size());
  s.system = static_cast<int>(sys.size());
  std::vector<bool> used(sys.size(), false);
  auto upper = [](std::string v) {
    for (char& c : v) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return v;
  };
  for (const GoldTimex& gt : doc.gold) {
    int match = -1;
    for (size_t k = 0; k < sys.size(); ++k) {
      if (used[k]) continue;
      if (sys[k]->span.start < gt.end && sys[k]->span.end > gt.begin) {
        // Prefer the exact span when several overlap.
        if (match < 0 || (sys[k]->span.start == gt.begin && sys[k]->span.end == gt.end)) {
          match = static_cast<int>(k);
        }
      }
    }
    std::string gtext = doc.text.substr(gt.begin, gt.end - gt.begin);
    if (match < 0) {
      if (errors)
        errors->push_back("MISS\t" + doc.name + "\t" + gtext + "\t" + gt.type + "\t" + gt.value);
      continue;
    }
    used[match] = true;
    const DateExpr& d = *sys[match];
    ++s.relaxed;
    if (d.span.start == gt.begin && d.span.end == gt.end) {
      ++s.strict;
    } else if (errors) {
      errors->push_back("SPAN\t" + doc.name + "\t" + gtext + "\t" + d.text);
    }
    if (d.value == gt.value) {
      ++s.value_ok;
    } else if (errors) {
      errors->push_back("VALUE\t" + doc.name + "\t" + gtext + "\tgold=" + gt.value +
                        "\tsys=" + d.value + "\tdct=" + doc.published);
    }
    if (upper(d.type) == gt.type) ++s.type_ok;
  }
  if (errors) {
    for (size_t k = 0; k < sys.size(); ++k) {
      if (!used[k]) {
        errors->push_back("FALSE\t" + doc.name + "\t" + sys[k]->text + "\t" + sys[k]->value);
      }
    }
  }
  return s;
}

}  // namespace mosaic::tag::timex
