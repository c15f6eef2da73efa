#include "readers/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <mutex>

#include "util/utf8.h"

namespace mosaic::readers {
namespace {

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

struct DateParts {
  int year = -1, month = -1, day = -1;
  int hour = -1, minute = -1, second = 0;
  bool has_zone = false;
  int zone_minutes = 0;
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::string Format(const DateParts& p) {
  char buf[64];
  if (p.hour < 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.year, p.month, p.day);
    return buf;
  }
  int n = std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", p.year, p.month, p.day,
                        p.hour, p.minute, p.second);
  if (p.has_zone) {
    int z = p.zone_minutes < 0 ? -p.zone_minutes : p.zone_minutes;
    std::snprintf(buf + n, sizeof buf - n, "%c%02d:%02d", p.zone_minutes < 0 ? '-' : '+', z / 60,
                  z % 60);
  }
  return buf;
}

bool Valid(const DateParts& p) {
  if (p.year < 1800 || p.year > 2200 || p.month < 1 || p.month > 12 || p.day < 1 ||
      p.day > DaysInMonth(p.year, p.month)) {
    return false;
  }
  if (p.hour >= 0 && (p.hour > 23 || p.minute < 0 || p.minute > 59 || p.second > 60)) return false;
  return !p.has_zone || (p.zone_minutes >= -14 * 60 && p.zone_minutes <= 14 * 60);
}

// Reads exactly `n` digits at `*i`. More than 9 (which could overflow an int) is no date field.
bool Digits(std::string_view s, size_t* i, size_t n, int* out) {
  if (n > 9 || *i + n > s.size()) return false;
  int v = 0;
  for (size_t k = 0; k < n; ++k) {
    char c = s[*i + k];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *i += n;
  *out = v;
  return true;
}

std::string Lower(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// Named zones that mean one offset in news feeds. Ambiguous ones (IST, BST, CST-as-China) are
// left out: the time is then kept without an offset.
bool NamedZone(std::string_view z, int* minutes) {
  static constexpr std::array<std::pair<std::string_view, int>, 19> kZones = {{
      {"z", 0},         {"ut", 0},        {"utc", 0},       {"gmt", 0},       {"est", -5 * 60},
      {"edt", -4 * 60}, {"cst", -6 * 60}, {"cdt", -5 * 60}, {"mst", -7 * 60}, {"mdt", -6 * 60},
      {"pst", -8 * 60}, {"pdt", -7 * 60}, {"cet", 60},      {"cest", 2 * 60}, {"eet", 2 * 60},
      {"eest", 3 * 60}, {"msk", 3 * 60},  {"wet", 0},       {"west", 60},
  }};
  for (auto& [name, off] : kZones) {
    if (z == name) {
      *minutes = off;
      return true;
    }
  }
  return false;
}

// "+0300", "-04:00", "+03", "Z", "GMT", "UTC+3", "GMT+03:00" -> minutes east of UTC.
bool ParseZone(std::string_view z, int* minutes) {
  std::string l = Lower(z);
  if (NamedZone(l, minutes)) return true;
  std::string_view v = l;
  if (v.size() > 3 && (v.substr(0, 3) == "utc" || v.substr(0, 3) == "gmt")) v.remove_prefix(3);
  if (v.empty() || (v[0] != '+' && v[0] != '-')) return false;
  int sign = v[0] == '-' ? -1 : 1;
  size_t i = 1;
  int h = 0, m = 0;
  size_t digits = 0;
  while (i + digits < v.size() && std::isdigit(static_cast<unsigned char>(v[i + digits]))) ++digits;
  if (digits == 4 && i + 4 == v.size()) {
    Digits(v, &i, 2, &h);
    Digits(v, &i, 2, &m);
  } else if ((digits == 1 || digits == 2) && i + digits == v.size()) {
    Digits(v, &i, digits, &h);
  } else if ((digits == 1 || digits == 2) && i + digits + 3 == v.size() && v[i + digits] == ':') {
    Digits(v, &i, digits, &h);
    ++i;
    if (!Digits(v, &i, 2, &m)) return false;
  } else {
    return false;
  }
  if (h > 14 || m > 59) return false;
  *minutes = sign * (h * 60 + m);
  return true;
}

// "hh:mm[:ss[.frac]]" at the start of `s`; the rest (a zone glued to the time) goes to `rest`.
bool ParseClock(std::string_view s, DateParts* p, std::string_view* rest) {
  size_t i = 0, n = 0;
  while (n < s.size() && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
  if (n < 1 || n > 2 || !Digits(s, &i, n, &p->hour)) return false;
  if (i >= s.size() || s[i] != ':') return false;
  ++i;
  if (!Digits(s, &i, 2, &p->minute)) return false;
  p->second = 0;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!Digits(s, &i, 2, &p->second)) return false;
    if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
      ++i;
      while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
  }
  *rest = s.substr(i);
  return true;
}

// ISO 8601 / RFC 3339: yyyy-mm-dd[(T| )hh:mm[:ss[.frac]][ ](Z|±hh[:mm]|UTC)].
bool ParseIso(std::string_view s, DateParts* p) {
  size_t i = 0;
  if (!Digits(s, &i, 4, &p->year) || i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!Digits(s, &i, 2, &p->month) || i >= s.size() || s[i] != '-') return false;
  ++i;
  if (!Digits(s, &i, 2, &p->day)) return false;
  if (i == s.size()) return true;
  if ((s[i] != 'T' && s[i] != 't' && s[i] != ' ') || i + 1 >= s.size() ||
      !std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    return false;
  }
  std::string_view rest;
  if (!ParseClock(s.substr(i + 1), p, &rest)) return false;
  while (!rest.empty() && rest[0] == ' ') rest.remove_prefix(1);
  if (rest.empty()) return true;
  if (!ParseZone(rest, &p->zone_minutes)) return false;
  p->has_zone = true;
  return true;
}

int MonthNumber(std::string_view w) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "january", "february", "march",     "april",   "may",      "june",
      "july",    "august",   "september", "october", "november", "december"};
  if (w.size() < 3) return 0;
  if (w == "sept") return 9;
  for (size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m].substr(0, w.size()) == w) return static_cast<int>(m) + 1;
  }
  return 0;
}

bool IsWeekday(std::string_view w) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  if (w.size() < 3) return false;
  for (auto d : kDays) {
    if (d.substr(0, w.size()) == w) return true;
  }
  return w == "tues" || w == "thur" || w == "thurs";
}

// Word-by-word reading of RFC 822/1123/850, asctime and "May 23, 2023 4:05 PM EDT" forms.
bool ParseWords(std::string_view s, DateParts* p) {
  std::vector<std::string> words;
  {
    std::string cur;
    auto flush = [&] {
      if (!cur.empty()) words.push_back(cur);
      cur.clear();
    };
    for (char c : s) {
      if (c == ' ' || c == ',' || c == '\t') {
        flush();
      } else {
        cur.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
      }
    }
    flush();
  }
  // RFC 850 writes "23-May-23": split dashed words that contain letters.
  std::vector<std::string> tokens;
  for (auto& w : words) {
    bool alpha = std::any_of(w.begin(), w.end(), [](char c) { return std::isalpha(c) != 0; });
    bool zone_like = w[0] == '+' || w[0] == '-' || w.rfind("gmt", 0) == 0 || w.rfind("utc", 0) == 0;
    if (alpha && !zone_like && w.find('-') != std::string::npos) {
      size_t i = 0;
      while (i <= w.size()) {
        size_t d = w.find('-', i);
        if (d == std::string::npos) d = w.size();
        if (d > i) tokens.push_back(w.substr(i, d - i));
        i = d + 1;
      }
    } else {
      tokens.push_back(w);
    }
  }
  int ampm = 0;  // 1 = am, 2 = pm
  bool seen_time = false;
  for (std::string& t : tokens) {
    while (t.size() > 1 && t.back() == '.') t.pop_back();
    if (t.empty()) continue;
    if (t == "at" || t == "on" || t == "of" || t == "the") continue;
    if (t == "am" || t == "a.m") {
      ampm = 1;
      continue;
    }
    if (t == "pm" || t == "p.m") {
      ampm = 2;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(t[0])) && t.find(':') != std::string::npos) {
      if (p->hour >= 0) return false;
      std::string_view rest;
      if (!ParseClock(t, p, &rest)) return false;
      seen_time = true;
      if (rest == "am" || rest == "pm") {
        ampm = rest == "am" ? 1 : 2;
      } else if (!rest.empty()) {
        if (!ParseZone(rest, &p->zone_minutes)) return false;
        p->has_zone = true;
      }
      continue;
    }
    if ((t[0] == '+' || t[0] == '-' || std::isalpha(static_cast<unsigned char>(t[0]))) &&
        seen_time && !p->has_zone) {
      int z;
      if (ParseZone(t, &z)) {
        p->zone_minutes = z;
        p->has_zone = true;
        continue;
      }
    }
    if (std::isalpha(static_cast<unsigned char>(t[0]))) {
      if (IsWeekday(t)) continue;
      if (int m = MonthNumber(t); m > 0 && p->month < 0) {
        p->month = m;
        continue;
      }
      // An unknown zone name after the time ("IST", "BST"): the offset stays unknown.
      if (seen_time && t.size() <= 5 &&
          std::all_of(t.begin(), t.end(), [](char c) { return std::isalpha(c) != 0; })) {
        continue;
      }
      return false;
    }
    if (std::isdigit(static_cast<unsigned char>(t[0]))) {
      // yyyy/mm/dd is unambiguous; dd/mm/yyyy and mm/dd/yyyy are not.
      if (t.size() == 10 && t[4] == '/' && t[7] == '/') {
        size_t i = 0;
        if (!Digits(t, &i, 4, &p->year)) return false;
        ++i;
        if (!Digits(t, &i, 2, &p->month)) return false;
        ++i;
        if (!Digits(t, &i, 2, &p->day)) return false;
        continue;
      }
      size_t n = 0;
      while (n < t.size() && std::isdigit(static_cast<unsigned char>(t[n]))) ++n;
      std::string_view suffix = std::string_view(t).substr(n);
      if (!suffix.empty() && suffix != "st" && suffix != "nd" && suffix != "rd" && suffix != "th") {
        return false;
      }
      int v = 0;
      size_t i = 0;
      if (!Digits(t, &i, n, &v)) return false;
      if (n == 4 && p->year < 0) {
        p->year = v;
      } else if (n <= 2 && p->day < 0) {
        p->day = v;
      } else if (n == 2 && p->year < 0 && suffix.empty()) {
        p->year = v < 50 ? 2000 + v : 1900 + v;  // RFC 822 two-digit years
      } else {
        return false;
      }
      continue;
    }
    return false;
  }
  if (p->year < 0 || p->month < 0 || p->day < 0) return false;
  if (ampm != 0) {
    if (p->hour < 0 || p->hour > 12 || p->hour == 0) return false;
    if (ampm == 2 && p->hour < 12) p->hour += 12;
    if (ampm == 1 && p->hour == 12) p->hour = 0;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// XML
// ---------------------------------------------------------------------------------------------

std::string_view LocalName(const xmlNode* n) {
  return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

std::string_view NsHref(const xmlNode* n) {
  return n->ns && n->ns->href ? std::string_view(reinterpret_cast<const char*>(n->ns->href))
                              : std::string_view();
}

std::string Attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  if (!v) return "";
  std::string r(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return r;
}

// HTML named entities that feeds use although XML does not define them; libxml2 (in recover
// mode) leaves them as unresolved references.
std::string_view HtmlEntity(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kEntities = {{
      {"nbsp", " "},
      {"mdash", "\u2014"},
      {"ndash", "\u2013"},
      {"hellip", "\u2026"},
      {"rsquo", "\u2019"},
      {"lsquo", "\u2018"},
      {"rdquo", "\u201D"},
      {"ldquo", "\u201C"},
      {"laquo", "\u00AB"},
      {"raquo", "\u00BB"},
      {"copy", "\u00A9"},
      {"eacute", "\u00E9"},
      {"euro", "\u20AC"},
      {"middot", "\u00B7"},
  }};
  for (auto& [k, v] : kEntities) {
    if (k == name) return v;
  }
  return {};
}

// Text of an element and its descendants, iteratively, at most `limit` bytes. Entity references
// are never expanded recursively: an internal entity contributes its literal text once (this is
// what keeps "billion laughs" documents flat), an external one nothing.
std::string TextOf(const xmlNode* node, size_t limit) {
  std::string out;
  std::vector<const xmlNode*> stack;
  for (const xmlNode* c = node->last; c; c = c->prev) stack.push_back(c);
  while (!stack.empty() && out.size() <= limit) {
    const xmlNode* n = stack.back();
    stack.pop_back();
    switch (n->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (n->content) out += reinterpret_cast<const char*>(n->content);
        break;
      case XML_ENTITY_REF_NODE: {
        const xmlEntity* e = reinterpret_cast<const xmlEntity*>(n->children);
        if (e && e->etype == XML_INTERNAL_GENERAL_ENTITY && e->content &&
            std::strchr(reinterpret_cast<const char*>(e->content), '&') == nullptr) {
          out += reinterpret_cast<const char*>(e->content);
        } else if (!e) {
          out += HtmlEntity(LocalName(n));
        }
        break;
      }
      case XML_ELEMENT_NODE:
        for (const xmlNode* c = n->last; c; c = c->prev) stack.push_back(c);
        break;
      default:
        break;
    }
  }
  if (out.size() > limit) out.resize(limit);
  return out;
}

// Atom type="xhtml" content: the markup of the children, as HTML for the HTML reader.
std::string MarkupOf(xmlDoc* doc, const xmlNode* node, size_t limit) {
  std::string out;
  xmlBuffer* buf = xmlBufferCreate();
  if (!buf) return out;
  for (xmlNode* c = node->children; c && out.size() <= limit; c = c->next) {
    xmlBufferEmpty(buf);
    if (xmlNodeDump(buf, doc, c, 0, 0) >= 0) {
      out.append(reinterpret_cast<const char*>(xmlBufferContent(buf)), xmlBufferLength(buf));
    }
  }
  xmlBufferFree(buf);
  return out;
}

std::string CollapseSpace(std::string_view s) {
  std::string r;
  for (char c : s) {
    bool sp = c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f';
    if (sp) {
      if (!r.empty() && r.back() != ' ') r.push_back(' ');
    } else {
      r.push_back(c);
    }
  }
  while (!r.empty() && r.back() == ' ') r.pop_back();
  return r;
}

// Text of a field that may hold HTML ("html"), plain text ("text") or XHTML markup ("xhtml").
Result<std::string> FieldText(xmlDoc* doc, const xmlNode* n, const std::string& type,
                              const ReaderOptions& options) {
  size_t limit = options.max_document_bytes + 1;
  if (type == "text" || type == "text/plain") {
    std::string t = TextOf(n, limit);
    std::string_view v = t;
    size_t b = v.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return Status::InvalidInput("empty");
    size_t e = v.find_last_not_of(" \t\r\n");
    return std::string(v.substr(b, e - b + 1));
  }
  std::string html = type == "xhtml" ? MarkupOf(doc, n, limit) : TextOf(n, limit);
  if (html.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidInput("empty");
  }
  return HtmlToText(html, options);
}

struct ItemFields {
  const xmlNode* title = nullptr;
  std::string link, alt_link, guid, atom_id;
  bool guid_permalink = true;
  const xmlNode* rich = nullptr;     // content:encoded, atom:content
  const xmlNode* summary = nullptr;  // description, summary
  std::string date_published, date_dc, date_updated;
};

bool IsMediaNs(std::string_view ns) {
  return ns.find("search.yahoo.com/mrss") != std::string_view::npos ||
         ns.find("itunes") != std::string_view::npos;
}

ItemFields CollectFields(const xmlNode* item) {
  ItemFields f;
  for (const xmlNode* c = item->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    std::string_view name = LocalName(c), ns = NsHref(c);
    if (IsMediaNs(ns)) continue;
    if (name == "title") {
      if (!f.title) f.title = c;
    } else if (name == "link") {
      std::string href = Attr(c, "href");
      if (href.empty()) {
        href = CollapseSpace(TextOf(c, 8192));
        if (f.link.empty()) f.link = href;
      } else {
        std::string rel = Attr(c, "rel");
        if (rel.empty() || rel == "alternate") {
          if (f.link.empty()) f.link = href;
        } else if (f.alt_link.empty() && rel != "self" && rel != "enclosure" && rel != "edit" &&
                   rel != "replies") {
          f.alt_link = href;
        }
      }
    } else if (name == "guid") {
      f.guid = CollapseSpace(TextOf(c, 8192));
      f.guid_permalink = Attr(c, "isPermaLink") != "false";
    } else if (name == "id") {
      f.atom_id = CollapseSpace(TextOf(c, 8192));
    } else if (name == "encoded" || name == "content") {
      // Atom content with src="..." points elsewhere: it has no text here.
      if (name == "content" && !Attr(c, "src").empty()) continue;
      if (!f.rich) f.rich = c;
    } else if (name == "description" || name == "summary") {
      if (!f.summary) f.summary = c;
    } else if (name == "pubDate" || name == "published" || name == "issued") {
      if (f.date_published.empty()) f.date_published = CollapseSpace(TextOf(c, 256));
    } else if (name == "date") {
      if (f.date_dc.empty()) f.date_dc = CollapseSpace(TextOf(c, 256));
    } else if (name == "updated" || name == "modified") {
      if (f.date_updated.empty()) f.date_updated = CollapseSpace(TextOf(c, 256));
    }
  }
  return f;
}

std::string ContentType(const xmlNode* n, bool atom) {
  std::string type = Lower(Attr(n, "type"));
  if (type.empty()) return atom && LocalName(n) != "encoded" ? "text" : "html";
  if (type == "text/html") return "html";
  if (type == "application/xhtml+xml") return "xhtml";
  return type;
}

Result<Document> ReadItem(xmlDoc* doc, const xmlNode* item, bool atom, const std::string& name,
                          size_t index, const ReaderOptions& options) {
  const std::string where = name + ": item " + std::to_string(index);
  ItemFields f = CollectFields(item);
  Document d;
  Status why = Status::InvalidInput("no text (no content, description or summary)");
  for (const xmlNode* field : {f.rich, f.summary}) {
    if (!field) continue;
    auto t = FieldText(doc, field, ContentType(field, atom), options);
    if (t.ok()) {
      d.text = std::move(t.value());
      break;
    }
    if (t.status().code() == StatusCode::kLimitExceeded) return t.status().WithContext(where);
  }
  if (d.text.empty()) return why.WithContext(where);
  if (d.text.size() > options.max_document_bytes) {
    return Status::LimitExceeded("text exceeds the limit of " +
                                 std::to_string(options.max_document_bytes) + " bytes")
        .WithContext(where);
  }
  if (size_t bad = utf8::FindInvalid(d.text); bad != std::string::npos) {
    return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad)).WithContext(where);
  }
  if (f.title) {
    std::string type = ContentType(f.title, atom);
    std::string raw = TextOf(f.title, 4096);
    if (type != "text" && raw.find('<') != std::string::npos) {
      auto t = FieldText(doc, f.title, type, options);
      d.title = t.ok() ? CollapseSpace(t.value()) : CollapseSpace(raw);
    } else {
      d.title = CollapseSpace(raw);
    }
    if (utf8::FindInvalid(d.title) != std::string::npos) d.title.clear();
  }
  for (const std::string* raw : {&f.date_published, &f.date_dc, &f.date_updated}) {
    if (raw->empty()) continue;
    d.published = NormaliseDate(*raw);
    // The first date the item states is the one that counts; an unreadable one is not replaced
    // by a later-stated, different kind of date (updated is not published).
    break;
  }
  auto is_url = [](const std::string& s) {
    return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0;
  };
  if (!f.link.empty()) {
    d.url = f.link;
  } else if (!f.alt_link.empty()) {
    d.url = f.alt_link;
  } else if (f.guid_permalink && is_url(f.guid)) {
    d.url = f.guid;
  } else if (is_url(f.atom_id)) {
    d.url = f.atom_id;
  } else {
    d.url = "file:" + name + "#" + std::to_string(index);
  }
  d.external_id = !f.guid.empty() ? f.guid : f.atom_id;
  d.source = name + "#" + std::to_string(index);
  d.id = ContentId(d.text);
  return d;
}

void InitXml() {
  static std::once_flag once;
  std::call_once(once, [] { xmlInitParser(); });
}

struct DocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

}  // namespace

std::string NormaliseDate(std::string_view raw) {
  size_t b = raw.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return "";
  size_t e = raw.find_last_not_of(" \t\r\n");
  std::string_view s = raw.substr(b, e - b + 1);
  if (s.size() > 80) return "";
  DateParts p;
  bool ok = ParseIso(s, &p);
  if (!ok) {
    p = DateParts();
    ok = ParseWords(s, &p);
  }
  if (!ok || !Valid(p)) return "";
  return Format(p);
}

std::vector<Result<Document>> ReadFeed(const std::string& name, std::string_view bytes,
                                       const ReaderOptions& options) {
  std::vector<Result<Document>> out;
  auto fail = [&](Status s) {
    out.push_back(s.WithContext(name));
    return std::move(out);
  };
  if (bytes.size() > options.max_feed_bytes) {
    return fail(Status::LimitExceeded("feed of " + std::to_string(bytes.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(options.max_feed_bytes) + " bytes"));
  }
  if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return fail(Status::InvalidInput("empty feed"));
  }
  InitXml();
  // NONET: no network; no NOENT/DTDLOAD: external entities are neither fetched nor expanded.
  // libxml2's default limits (nesting 256, text nodes 10 MB) stay on: no XML_PARSE_HUGE.
  const int flags = XML_PARSE_NONET | XML_PARSE_RECOVER | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                    XML_PARSE_NOCDATA | XML_PARSE_NOBLANKS;
  std::unique_ptr<xmlDoc, DocFree> doc(
      xmlReadMemory(bytes.data(), static_cast<int>(bytes.size()), name.c_str(), nullptr, flags));
  if (!doc) return fail(Status::InvalidInput("not a readable XML feed"));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!root) return fail(Status::InvalidInput("not a readable XML feed (no root element)"));
  std::string_view root_name = LocalName(root);
  bool atom = root_name == "feed";
  if (!atom && root_name != "rss" && root_name != "RDF") {
    return fail(Status::InvalidInput("XML root <" + std::string(root_name) +
                                     "> is not an RSS or Atom feed"));
  }
  // Items: Atom entries are children of <feed>; RSS 2.0 items are in <channel>; RSS 1.0 items are
  // children of <rdf:RDF>. Looking two levels down covers all three (and feeds that misplace them).
  std::vector<const xmlNode*> items;
  const std::string_view item_name = atom ? "entry" : "item";
  for (const xmlNode* c = root->children; c; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    if (LocalName(c) == item_name) {
      items.push_back(c);
    } else if (!atom && LocalName(c) == "channel") {
      for (const xmlNode* g = c->children; g; g = g->next) {
        if (g->type == XML_ELEMENT_NODE && LocalName(g) == item_name) items.push_back(g);
      }
    }
  }
  if (items.empty()) return fail(Status::InvalidInput("feed has no items"));
  for (size_t i = 0; i < items.size(); ++i) {
    out.push_back(ReadItem(doc.get(), items[i], atom, name, i + 1, options));
  }
  return out;
}

}  // namespace mosaic::readers
