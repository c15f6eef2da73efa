// HTML reader: article text and title from a web page (gumbo), without scripts, styles, navigation
// and boilerplate. Boilerplate is recognised by general rules, never by one site's strings:
//  - elements that are never article text (script, style, nav, header, footer, aside, form, ...);
//  - elements whose class/id/role names say what they are (nav, menu, share, social, comment,
//    related, promo, advert, newsletter, subscribe, donate, cookie, sidebar, footer, ...);
//  - link-dense blocks (most of their words are inside links: menus, tag clouds, "read more"
//  lists);
//  - short lines that are calls to action (share/subscribe/donate/sign-up/advertisement prompts).
// When the page has an <article> (or role=main / <main>), only its content is read.
#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <vector>

#include "readers/reader.h"
#include "util/utf8.h"

namespace mosaic::readers {
namespace {

bool IsSkippedTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_LABEL:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MATH:
      return true;
    default:
      return false;
  }
}

bool IsBlockTag(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BODY:
      return true;
    default:
      return false;
  }
}

std::string Lower(std::string_view s) {
  std::string r(s);
  std::transform(r.begin(), r.end(), r.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return r;
}

const char* Attr(const GumboElement& e, const char* name) {
  const GumboAttribute* a = gumbo_get_attribute(&e.attributes, name);
  return a ? a->value : nullptr;
}

// class/id/role words that mark page furniture rather than article text.
bool IsBoilerplateContainer(const GumboElement& e) {
  static constexpr std::array<std::string_view, 30> kMarkers = {
      "nav",        "menu",     "share",     "social",  "comment", "related",
      "promo",      "advert",   "ad-",       "ads",     "banner",  "newsletter",
      "subscribe",  "donat",    "cookie",    "sidebar", "footer",  "header",
      "breadcrumb", "popup",    "modal",     "paywall", "signup",  "sign-up",
      "recommend",  "trending", "most-read", "widget",  "sponsor", "outbrain"};
  std::string names;
  for (const char* a : {"class", "id", "role"}) {
    if (const char* v = Attr(e, a)) {
      names += ' ';
      names += Lower(v);
    }
  }
  if (names.empty()) return false;
  if (names.find("article-body") != std::string::npos ||
      names.find("story-body") != std::string::npos || names.find(" main") != std::string::npos ||
      names.find("content") != std::string::npos) {
    return false;
  }
  for (auto m : kMarkers) {
    size_t at = names.find(m);
    while (at != std::string::npos) {
      // Whole word or prefix of a word ("share-bar", "ad-slot"), not inside another word ("header"
      // in "subheader" is fine too, "ads" inside "roads" is not).
      bool start_ok = at == 0 || !std::isalpha(static_cast<unsigned char>(names[at - 1]));
      if (start_ok) return true;
      at = names.find(m, at + 1);
    }
  }
  return false;
}

// A short line that asks the reader to do something other than read is boilerplate.
bool IsCallToActionLine(std::string_view line) {
  std::string l = Lower(line);
  size_t words = 1 + std::count(l.begin(), l.end(), ' ');
  if (words > 14) return false;
  static constexpr std::array<std::string_view, 26> kCues = {
      "advertisement",   "share on",
      "share this",      "tweet",
      "subscribe",       "sign up",
      "newsletter",      "donate",
      "become a patron", "support us",
      "follow us",       "read more",
      "click here",      "all rights reserved",
      "cookie",          "log in",
      "sign in",         "related:",
      "see also",        "copyright",
      "print this",      "email this",
      "whatsapp",        "download the app",
      "skip to",         "accept"};
  if (l == "share" || l == "advertisement" || l == "ad" || l == "menu" || l == "close") return true;
  for (auto c : kCues) {
    if (l.find(c) != std::string::npos) return true;
  }
  return false;
}

struct Extractor {
  const ReaderOptions& options;
  std::string out;
  std::string title_tag, og_title, h1, published;
  bool truncated_depth = false;

  void Newline(int n) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return;
    int have = 0;
    for (auto it = out.rbegin(); it != out.rend() && *it == '\n'; ++it) ++have;
    for (int i = have; i < n; ++i) out.push_back('\n');
  }
  void AppendText(const char* t) {
    for (const char* p = t; *p; ++p) {
      char c = *p;
      bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
      if (space) {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
      } else {
        out.push_back(c);
      }
    }
  }

  static std::string TextOf(const GumboNode* node, size_t limit = 4096) {
    std::string r;
    std::vector<const GumboNode*> stack{node};
    while (!stack.empty() && r.size() < limit) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE) {
        r += n->v.text.text;
        r += ' ';
      } else if (n->type == GUMBO_NODE_ELEMENT) {
        const GumboVector& ch = n->v.element.children;
        for (unsigned i = ch.length; i-- > 0;)
          stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
      }
    }
    // Collapse white space.
    std::string c;
    for (char ch : r) {
      bool sp = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r';
      if (sp) {
        if (!c.empty() && c.back() != ' ') c.push_back(' ');
      } else {
        c.push_back(ch);
      }
    }
    while (!c.empty() && c.back() == ' ') c.pop_back();
    return c;
  }

  // Words inside links vs all words of a block: menus and link lists are mostly links.
  static bool IsLinkDense(const GumboNode* node) {
    size_t all = 0, linked = 0;
    std::vector<std::pair<const GumboNode*, bool>> stack{{node, false}};
    while (!stack.empty()) {
      auto [n, in_link] = stack.back();
      stack.pop_back();
      if (n->type == GUMBO_NODE_TEXT) {
        size_t w = 0;
        bool in_word = false;
        for (const char* p = n->v.text.text; *p; ++p) {
          bool sp = *p == ' ' || *p == '\n' || *p == '\t';
          if (!sp && !in_word) ++w;
          in_word = !sp;
        }
        all += w;
        if (in_link) linked += w;
      } else if (n->type == GUMBO_NODE_ELEMENT) {
        bool link = in_link || n->v.element.tag == GUMBO_TAG_A;
        const GumboVector& ch = n->v.element.children;
        for (unsigned i = 0; i < ch.length; ++i)
          stack.push_back({static_cast<const GumboNode*>(ch.data[i]), link});
      }
    }
    return all >= 3 && linked * 10 >= all * 6;
  }

  void CollectMeta(const GumboNode* root) {
    std::vector<std::pair<const GumboNode*, uint32_t>> stack{{root, 0}};
    while (!stack.empty()) {
      auto [n, depth] = stack.back();
      stack.pop_back();
      if (n->type != GUMBO_NODE_ELEMENT || depth > options.max_html_depth) continue;
      const GumboElement& e = n->v.element;
      if (e.tag == GUMBO_TAG_TITLE && title_tag.empty()) title_tag = TextOf(n);
      if (e.tag == GUMBO_TAG_H1 && h1.empty()) h1 = TextOf(n);
      if (e.tag == GUMBO_TAG_META) {
        const char* key = Attr(e, "property");
        if (!key) key = Attr(e, "name");
        if (!key) key = Attr(e, "itemprop");
        const char* content = Attr(e, "content");
        if (key && content) {
          std::string k = Lower(key);
          if (k == "og:title" && og_title.empty()) og_title = content;
          static constexpr std::array<std::string_view, 9> kDateKeys = {"article:published_time",
                                                                        "og:published_time",
                                                                        "datepublished",
                                                                        "pubdate",
                                                                        "publishdate",
                                                                        "date",
                                                                        "dc.date",
                                                                        "dc.date.issued",
                                                                        "sailthru.date"};
          if (published.empty() &&
              std::find(kDateKeys.begin(), kDateKeys.end(), k) != kDateKeys.end()) {
            published = content;
          }
        }
      }
      if (e.tag == GUMBO_TAG_TIME && published.empty()) {
        if (const char* dt = Attr(e, "datetime")) published = dt;
      }
      for (unsigned i = e.children.length; i-- > 0;) {
        stack.push_back({static_cast<const GumboNode*>(e.children.data[i]), depth + 1});
      }
    }
  }

  static const GumboNode* FindMain(const GumboNode* root) {
    std::vector<const GumboNode*> stack{root};
    const GumboNode* main = nullptr;
    while (!stack.empty()) {
      const GumboNode* n = stack.back();
      stack.pop_back();
      if (n->type != GUMBO_NODE_ELEMENT) continue;
      const GumboElement& e = n->v.element;
      if (e.tag == GUMBO_TAG_ARTICLE) return n;
      const char* role = Attr(e, "role");
      if (!main && (e.tag == GUMBO_TAG_MAIN || (role && Lower(role) == "main"))) main = n;
      for (unsigned i = e.children.length; i-- > 0;)
        stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
    return main ? main : root;
  }

  // Iterative walk (no recursion: hostile pages nest tens of thousands of levels deep).
  void Walk(const GumboNode* root) {
    struct Frame {
      const GumboNode* node;
      uint32_t depth;
      bool closing;
    };
    std::vector<Frame> stack{{root, 0, false}};
    while (!stack.empty()) {
      Frame f = stack.back();
      stack.pop_back();
      const GumboNode* n = f.node;
      if (f.closing) {
        if (IsBlockTag(n->v.element.tag)) Newline(2);
        continue;
      }
      if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
        AppendText(n->v.text.text);
        continue;
      }
      if (n->type == GUMBO_NODE_WHITESPACE) {
        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out.push_back(' ');
        continue;
      }
      if (n->type != GUMBO_NODE_ELEMENT) continue;
      const GumboElement& e = n->v.element;
      if (IsSkippedTag(e.tag) || IsBoilerplateContainer(e)) continue;
      if (f.depth > options.max_html_depth) {
        truncated_depth = true;
        continue;
      }
      bool block = IsBlockTag(e.tag);
      if (block &&
          (e.tag == GUMBO_TAG_UL || e.tag == GUMBO_TAG_OL || e.tag == GUMBO_TAG_DIV ||
           e.tag == GUMBO_TAG_TABLE || e.tag == GUMBO_TAG_P) &&
          IsLinkDense(n)) {
        continue;
      }
      if (block) Newline(e.tag == GUMBO_TAG_BR ? 1 : 2);
      stack.push_back({n, f.depth, true});
      for (unsigned i = e.children.length; i-- > 0;) {
        stack.push_back({static_cast<const GumboNode*>(e.children.data[i]), f.depth + 1, false});
      }
    }
  }
};

// Drops call-to-action lines and trims; keeps paragraph breaks.
std::string CleanLines(const std::string& raw) {
  std::string out;
  size_t i = 0;
  while (i <= raw.size()) {
    size_t nl = raw.find('\n', i);
    if (nl == std::string::npos) nl = raw.size();
    std::string_view line(raw.data() + i, nl - i);
    size_t b = line.find_first_not_of(' ');
    size_t e = line.find_last_not_of(' ');
    line = b == std::string_view::npos ? std::string_view() : line.substr(b, e - b + 1);
    if (line.empty()) {
      if (!out.empty() && out.back() == '\n' && (out.size() < 2 || out[out.size() - 2] != '\n')) {
        out.push_back('\n');
      }
    } else if (!IsCallToActionLine(line)) {
      if (!out.empty() && out.back() != '\n') out.push_back('\n');
      out.append(line);
      out.push_back('\n');
    }
    i = nl + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

// Normalises a published date to ISO 8601 when it starts like one; other forms are kept only if
// they start with a date (yyyy-mm-dd).
std::string IsoPublished(const std::string& p) {
  std::string s = p;
  size_t b = s.find_first_not_of(" \t\n");
  if (b == std::string::npos) return "";
  s = s.substr(b);
  if (s.size() >= 10 && std::isdigit(static_cast<unsigned char>(s[0])) && s[4] == '-' &&
      s[7] == '-') {
    size_t e = s.find_first_of(" \t\n");
    return e == std::string::npos ? s : s.substr(0, e);
  }
  return "";
}

}  // namespace

Result<HtmlContent> ExtractHtml(std::string_view bytes, const ReaderOptions& options) {
  if (size_t bad = utf8::FindInvalid(bytes); bad != std::string::npos) {
    return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad));
  }
  if (std::memchr(bytes.data(), 0, bytes.size()))
    return Status::InvalidInput("binary content (NUL bytes in HTML)");
  GumboOptions gopts = kGumboDefaultOptions;
  gopts.max_errors = 1000;
  // gumbo builds the tree iteratively but frees it recursively; cap nesting before parsing so that
  // a hostile page cannot overflow the stack there.
  {
    int depth = 0, max_depth = 0;
    for (size_t i = 0; i + 1 < bytes.size(); ++i) {
      if (bytes[i] != '<') continue;
      char c = bytes[i + 1];
      if (c == '/') {
        --depth;
      } else if (std::isalpha(static_cast<unsigned char>(c))) {
        // Void elements (<br>, <img>, <meta>, ...) and self-closed tags open nothing.
        size_t e = bytes.find('>', i);
        if (e == std::string::npos) break;
        std::string name;
        for (size_t k = i + 1;
             k < e && std::isalnum(static_cast<unsigned char>(bytes[k])) && name.size() < 8; ++k) {
          name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(bytes[k]))));
        }
        static constexpr std::array<std::string_view, 14> kVoid = {
            "br",     "img",  "meta", "link", "input", "hr",    "wbr",
            "source", "area", "base", "col",  "embed", "param", "track"};
        bool is_void =
            std::find(kVoid.begin(), kVoid.end(), name) != kVoid.end() || bytes[e - 1] == '/';
        if (!is_void) max_depth = std::max(max_depth, ++depth);
        i = e;
      }
    }
    if (max_depth > static_cast<int>(options.max_html_depth) * 4) {
      return Status::LimitExceeded("HTML nested about " + std::to_string(max_depth) +
                                   " elements deep (limit " +
                                   std::to_string(options.max_html_depth) + ")");
    }
  }
  GumboOutput* output = gumbo_parse_with_options(&gopts, bytes.data(), bytes.size());
  if (!output) return Status::InvalidInput("HTML could not be parsed");
  Extractor x{options, {}, {}, {}, {}, {}, false};
  x.CollectMeta(output->root);
  x.Walk(Extractor::FindMain(output->root));
  gumbo_destroy_output(&gopts, output);

  HtmlContent c;
  c.text = CleanLines(x.out);
  if (c.text.empty()) return Status::InvalidInput("no article text in HTML");
  c.title = !x.og_title.empty() ? x.og_title : (!x.h1.empty() ? x.h1 : x.title_tag);
  c.published_raw = std::move(x.published);
  return c;
}

Result<std::string> HtmlToText(std::string_view html, const ReaderOptions& options) {
  auto c = ExtractHtml(html, options);
  if (!c.ok()) return c.status();
  return std::move(c.value().text);
}

Result<Document> ReadHtmlDocument(const std::string& name, std::string bytes,
                                  const ReaderOptions& options) {
  auto c = ExtractHtml(bytes, options);
  if (!c.ok()) return c.status();
  Document d;
  d.text = std::move(c.value().text);
  d.title = std::move(c.value().title);
  d.published = IsoPublished(c.value().published_raw);
  d.source = name;
  d.url = "file:" + name;
  d.id = ContentId(d.text);
  return d;
}

}  // namespace mosaic::readers
