#include "tag/names.h"

#include <map>

#include "text/char_class.h"

namespace mosaic::tag {

// Placeholder until the statistical tagger lands: runs of capitalised tokens that do not start a
// sentence become names of unknown type "organization".
void TagNames(const text::AnalyzedText& t, const Resources& resources, DocGraph* g) {
  std::map<std::string, size_t> by_form;
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const auto& sent = t.sentences[s];
    size_t i = sent.first_token + 1;
    while (i < sent.last_token) {
      auto w = t.TokenText(i);
      if (w.empty() || !(w[0] >= 'A' && w[0] <= 'Z')) {
        ++i;
        continue;
      }
      size_t j = i + 1;
      while (j < sent.last_token && !t.TokenText(j).empty() && t.TokenText(j)[0] >= 'A' &&
             t.TokenText(j)[0] <= 'Z')
        ++j;
      Mention m;
      m.span = Span{t.tokens[i].begin, t.tokens[j - 1].end};
      m.text = std::string(t.OriginalText(m.span.start, m.span.end));
      m.sentence = static_cast<int>(s);
      auto [it, fresh] = by_form.emplace(m.text, g->entities.size());
      if (fresh) {
        Entity e;
        e.id = "e" + std::to_string(g->entities.size() + 1);
        e.type = "organization";
        e.kind = "other";
        e.name = m.text;
        g->entities.push_back(std::move(e));
      }
      g->entities[it->second].mentions.push_back(std::move(m));
      i = j;
    }
  }
}

}  // namespace mosaic::tag
