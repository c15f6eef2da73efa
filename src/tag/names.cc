#include "tag/names.h"

#include <map>

#include "tag/features.h"
#include "tag/org_kind.h"
#include "tag/sequence_model.h"
#include "text/char_class.h"

namespace mosaic::tag {
namespace {

struct NameSpan {
  size_t first, last;  // token range [first, last)
  int sentence;
  std::string type;  // PER, ORG, LOC, MISC (model types) or "" (fallback finder)
};

// Without a model: runs of capitalised tokens that do not start a sentence.
std::vector<NameSpan> CapitalisedRuns(const text::AnalyzedText& t) {
  std::vector<NameSpan> out;
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const auto& sent = t.sentences[s];
    size_t i = sent.first_token + 1;
    while (i < sent.last_token) {
      if (!StartsUpper(t.TokenText(i))) {
        ++i;
        continue;
      }
      size_t j = i + 1;
      while (j < sent.last_token && StartsUpper(t.TokenText(j))) ++j;
      out.push_back({i, j, static_cast<int>(s), ""});
      i = j;
    }
  }
  return out;
}

std::vector<NameSpan> ModelSpans(const text::AnalyzedText& t, const SequenceModel& model) {
  std::vector<SentenceInput> inputs(t.sentences.size());
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const auto& sent = t.sentences[s];
    inputs[s].words.reserve(sent.last_token - sent.first_token);
    for (size_t i = sent.first_token; i < sent.last_token; ++i)
      inputs[s].words.push_back(t.TokenText(i));
  }
  std::vector<std::vector<uint16_t>> tags;
  model.TagDocument(inputs, &tags);
  std::vector<NameSpan> out;
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const size_t base = t.sentences[s].first_token;
    const auto& tg = tags[s];
    size_t i = 0;
    while (i < tg.size()) {
      std::string_view name = model.tag_name(tg[i]);
      if (name.size() < 3 || name[1] != '-') {
        ++i;
        continue;
      }
      std::string type(name.substr(2));
      size_t j = i + 1;
      while (j < tg.size()) {
        std::string_view n = model.tag_name(tg[j]);
        if (!(n.size() > 2 && n[0] == 'I' && n.substr(2) == type)) break;
        ++j;
      }
      out.push_back({base + i, base + j, static_cast<int>(s), type});
      i = j;
    }
  }
  return out;
}

// A MISC name that is a nationality or demonym ("Ukrainian", "Russians"): the model's gazetteer
// knows them; so do common suffixes on a single capitalised word.
bool IsDemonym(const text::AnalyzedText& t, const NameSpan& n, const SequenceModel* model) {
  if (model) {
    uint64_t h = HashPhraseStart();
    for (size_t i = n.first; i < n.last; ++i) h = HashPhraseNext(h, t.TokenText(i));
    if (model->lexicons().gazetteer.Find(h) & kGazDemonym) return true;
  }
  return false;
}

}  // namespace

void TagNames(const text::AnalyzedText& t, const Resources& resources, DocGraph* g) {
  TagNames(t, resources.ner(), g);
}

void TagNames(const text::AnalyzedText& t, const SequenceModel* model, DocGraph* g) {
  std::vector<NameSpan> spans = model ? ModelSpans(t, *model) : CapitalisedRuns(t);
  std::map<std::string, size_t> by_form;
  constexpr size_t kContext = 3;
  for (const NameSpan& n : spans) {
    std::string type, kind;
    if (n.type == "PER") {
      type = "person";
    } else if (n.type == "LOC") {
      type = "place";
    } else if (n.type == "MISC") {
      if (!IsDemonym(t, n, model)) continue;  // events, products, works: not actors
      type = "group";
    } else {
      // ORG, or the fallback finder's untyped runs.
      type = "organization";
      std::vector<std::string_view> name, before, after;
      for (size_t i = n.first; i < n.last; ++i) name.push_back(t.TokenText(i));
      const auto& sent = t.sentences[n.sentence];
      for (size_t i = n.first > sent.first_token + kContext ? n.first - kContext : sent.first_token;
           i < n.first; ++i) {
        before.push_back(t.TokenText(i));
      }
      for (size_t i = n.last; i < sent.last_token && i < n.last + kContext; ++i)
        after.push_back(t.TokenText(i));
      kind = OrgKind(name, before, after);
    }
    Mention m;
    m.span = Span{t.tokens[n.first].begin, t.tokens[n.last - 1].end};
    m.text = std::string(t.OriginalText(m.span.start, m.span.end));
    m.sentence = n.sentence;
    auto [it, fresh] = by_form.emplace(type + '\t' + m.text, g->entities.size());
    if (fresh) {
      Entity e;
      e.id = "e" + std::to_string(g->entities.size() + 1);
      e.type = type;
      e.kind = kind;
      e.name = m.text;
      g->entities.push_back(std::move(e));
    } else if (type == "organization" && g->entities[it->second].kind == "other" &&
               kind != "other") {
      g->entities[it->second].kind = kind;  // a later mention's context decided it
    }
    g->entities[it->second].mentions.push_back(std::move(m));
  }
}

}  // namespace mosaic::tag
