#include "tag/names.h"

#include <algorithm>
#include <map>
#include <optional>

#include "tag/features.h"
#include "tag/name_context.h"
#include "tag/org_kind.h"
#include "tag/sequence_model.h"
#include "text/char_class.h"

namespace mosaic::tag {
namespace {

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

std::vector<NameSpan> ModelSpans(const text::AnalyzedText& t, const SequenceModel& model,
                                 SharedFeatures* shared) {
  std::vector<SentenceInput> inputs(t.sentences.size());
  for (size_t s = 0; s < t.sentences.size(); ++s) {
    const auto& sent = t.sentences[s];
    inputs[s].words.reserve(sent.last_token - sent.first_token);
    for (size_t i = sent.first_token; i < sent.last_token; ++i)
      inputs[s].words.push_back(t.TokenText(i));
  }
  std::vector<std::vector<uint16_t>> tags;
  model.TagDocument(inputs, &tags, shared);
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

bool IsDemonymWord(std::string_view word, const void* model) {
  uint64_t h = HashPhraseNext(HashPhraseStart(), word);
  return (static_cast<const SequenceModel*>(model)->lexicons().gazetteer.Find(h) & kGazDemonym) !=
         0;
}

}  // namespace

void RefineTagsByContext(const std::vector<std::vector<std::string>>& words,
                         std::vector<std::vector<std::string>>* tags, const SequenceModel* model) {
  // One line per sentence, words separated by spaces; remember where each word starts and ends.
  std::string text;
  std::vector<std::pair<size_t, size_t>> word_at;  // flat word index -> (sentence, word)
  std::map<uint32_t, size_t> starts, ends;         // byte -> flat word index
  for (size_t s = 0; s < words.size(); ++s) {
    for (size_t w = 0; w < words[s].size(); ++w) {
      if (w) text += ' ';
      starts[static_cast<uint32_t>(text.size())] = word_at.size();
      text += words[s][w];
      ends[static_cast<uint32_t>(text.size())] = word_at.size();
      word_at.emplace_back(s, w);
    }
    text += '\n';
  }
  text::AnalyzedText t = text::Analyze(text);
  std::map<uint32_t, size_t> token_at_begin, token_at_end;
  for (size_t i = 0; i < t.tokens.size(); ++i) {
    token_at_begin[t.tokens[i].begin] = i;
    token_at_end[t.tokens[i].end] = i;
  }
  std::vector<int> sentence_of(t.tokens.size(), 0);
  for (size_t si = 0; si < t.sentences.size(); ++si) {
    for (size_t i = t.sentences[si].first_token; i < t.sentences[si].last_token; ++i)
      sentence_of[i] = static_cast<int>(si);
  }
  // Flat word offsets, to turn (sentence, word) back into bytes.
  std::vector<std::vector<uint32_t>> begin_of(words.size()), end_of(words.size());
  for (const auto& [byte, flat] : starts) begin_of[word_at[flat].first].push_back(byte);
  for (const auto& [byte, flat] : ends) end_of[word_at[flat].first].push_back(byte);

  std::vector<NameSpan> spans;
  for (size_t s = 0; s < words.size(); ++s) {
    const auto& tg = (*tags)[s];
    for (size_t w = 0; w < tg.size();) {
      if (tg[w].size() < 3 || tg[w][1] != '-') {
        ++w;
        continue;
      }
      std::string type = tg[w].substr(2);
      size_t e = w + 1;
      while (e < tg.size() && tg[e].size() > 2 && tg[e][0] == 'I' && tg[e].substr(2) == type) ++e;
      auto b = token_at_begin.find(begin_of[s][w]);
      auto x = token_at_end.find(end_of[s][e - 1]);
      if (b != token_at_begin.end() && x != token_at_end.end() && x->second >= b->second &&
          sentence_of[b->second] == sentence_of[x->second]) {
        spans.push_back({b->second, x->second + 1, sentence_of[b->second], type});
      }
      w = e;
    }
  }
  std::vector<NameSpan> before = spans;
  RefineByContext(t, &spans, model ? IsDemonymWord : nullptr, model);
  // Write back the spans that changed: clear the old extents, then tag the new ones.
  auto to_words = [&](const NameSpan& n) -> std::optional<std::pair<size_t, size_t>> {
    auto b = starts.find(t.tokens[n.first].begin);
    auto e = ends.find(t.tokens[n.last - 1].end);
    if (b == starts.end() || e == ends.end() ||
        word_at[b->second].first != word_at[e->second].first)
      return std::nullopt;
    return std::pair{b->second, e->second};
  };
  auto same = [](const NameSpan& a, const NameSpan& b) {
    return a.first == b.first && a.last == b.last && a.type == b.type;
  };
  for (const NameSpan& old : before) {
    bool kept =
        std::any_of(spans.begin(), spans.end(), [&](const NameSpan& n) { return same(n, old); });
    if (kept) continue;
    if (auto r = to_words(old)) {
      for (size_t f = r->first; f <= r->second; ++f)
        (*tags)[word_at[f].first][word_at[f].second] = "O";
    }
  }
  for (const NameSpan& n : spans) {
    bool kept =
        std::any_of(before.begin(), before.end(), [&](const NameSpan& o) { return same(n, o); });
    if (kept) continue;
    auto r = to_words(n);
    if (!r) continue;
    for (size_t f = r->first; f <= r->second; ++f)
      (*tags)[word_at[f].first][word_at[f].second] = (f == r->first ? "B-" : "I-") + n.type;
  }
}

void TagNames(const text::AnalyzedText& t, const Resources& resources, DocGraph* g,
              SharedFeatures* shared) {
  TagNames(t, resources.ner(), g, shared);
}

void TagNames(const text::AnalyzedText& t, const SequenceModel* model, DocGraph* g,
              SharedFeatures* shared) {
  std::vector<NameSpan> spans = model ? ModelSpans(t, *model, shared) : CapitalisedRuns(t);
  RefineByContext(t, &spans, model ? IsDemonymWord : nullptr, model);
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
