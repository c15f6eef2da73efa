#include "extract/attribution.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace mosaic::extract {

// Words are compared with literals as string_views ("x"sv): libstdc++ 12's std::string == "x"
// calls memcmp before it compares the lengths, and these rules make millions of such comparisons.
using namespace std::string_view_literals;
namespace {

bool IsStatementNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "statement", "statements", "report",  "reports", "message",  "messages", "video",
      "videos",    "footage",    "post",    "posts",   "release",  "document", "documents",
      "interview", "letter",     "address", "tweet",   "comments", "remarks",  "data",
      "estimates", "sources",    "figures", "claims",  "claim"};
  return k.count(w) > 0;
}

// The source phrase of a reporting verb: its subject, or after a quote its inverted subject
// ("said Gladkov"); a statement noun ("statements that said") hands over to whoever issued it.
NounPhrase SourceOf(const Syntax& syn, size_t v) {
  std::vector<NounPhrase> subj = syn.Subject(v);
  NounPhrase np;
  if (!subj.empty()) np = subj.front();
  const size_t sb = syn.SentenceBegin(syn.word(v).sentence);
  // Inverted order only right after a quotation: '"...," said Gladkov'.
  const bool after_quote_or_comma =
      v > sb &&
      (syn.word(v - 1).cls == WordClass::kQuote ||
       (syn.word(v - 1).low == ","sv && v > sb + 1 && syn.word(v - 2).cls == WordClass::kQuote));
  if ((!np.valid() || after_quote_or_comma) && v + 1 < syn.SentenceEnd(syn.word(v).sentence)) {
    NounPhrase inv = syn.PhraseStartingAt(v + 1, syn.SentenceEnd(syn.word(v).sentence));
    if (inv.valid() && (!inv.entities.empty() || inv.pronoun || !np.valid())) np = inv;
  }
  if (np.valid() && np.entities.empty() && !np.pronoun && IsStatementNoun(syn.word(np.head).low)) {
    // "X issued statements that said ...": the issuer.
    for (size_t k = np.first; k > sb && k + 4 > np.first; --k) {
      if (syn.IsVerbUse(k - 1)) {
        std::vector<NounPhrase> s2 = syn.Subject(k - 1);
        if (!s2.empty()) return s2.front();
        break;
      }
    }
  }
  return np;
}

bool IsDoubleQuote(const Syntax& syn, size_t i, int* dir) {
  if (syn.word(i).cls != WordClass::kQuote) return false;
  const auto& tok = syn.text().tokens[i];
  std::string_view o = syn.text().OriginalText(tok.begin, tok.end);
  if (o == "\xE2\x80\x9C"sv || o == "\xC2\xAB"sv || o == "\xE2\x80\x9E"sv) {  // “ « „
    *dir = 1;
    return true;
  }
  if (o == "\xE2\x80\x9D"sv || o == "\xC2\xBB"sv) {  // ” »
    *dir = -1;
    return true;
  }
  if (o == "\""sv || o == "''"sv || o == "``"sv) {
    *dir = 0;
    return true;
  }
  return false;
}

}  // namespace

std::string_view ReportingStatus(std::string_view lemma) {
  static const std::unordered_map<std::string_view, std::string_view> k = {
      {"say", "claimed"},      {"claim", "claimed"},     {"tell", "claimed"},
      {"state", "claimed"},    {"add", "claimed"},       {"allege", "claimed"},
      {"insist", "claimed"},   {"assert", "claimed"},    {"argue", "claimed"},
      {"write", "claimed"},    {"note", "claimed"},      {"believe", "claimed"},
      {"stress", "claimed"},   {"explain", "claimed"},   {"declare", "claimed"},
      {"boast", "claimed"},    {"warn", "claimed"},      {"accuse", "claimed"},
      {"suggest", "claimed"},  {"emphasise", "claimed"}, {"emphasize", "claimed"},
      {"confirm", "asserted"}, {"announce", "asserted"}, {"acknowledge", "asserted"},
      {"admit", "asserted"},   {"reveal", "asserted"},   {"report", "asserted"},
      {"deny", "denied"},      {"proclaim", "claimed"},  {"recall", "claimed"},
      {"indicate", "claimed"}, {"inform", "claimed"},    {"mention", "claimed"},
  };
  auto it = k.find(lemma);
  return it == k.end() ? std::string_view() : it->second;
}

std::vector<AttributionScope> FindAttributionScopes(const Syntax& syn) {
  std::vector<AttributionScope> out;
  const size_t n = syn.size();
  std::vector<bool> speaker_verb(n, false);

  // 1. Quotations.
  std::vector<std::pair<size_t, size_t>> quotes;
  bool open = false;
  size_t open_at = 0;
  for (size_t i = 0; i < n; ++i) {
    int dir = 0;
    if (!IsDoubleQuote(syn, i, &dir)) continue;
    if (dir == 1 || (dir == 0 && !open)) {
      open = true;
      open_at = i;
    } else if (open) {
      quotes.push_back({open_at, i});
      open = false;
    }
  }
  NounPhrase prev_speaker;
  int prev_quote_sentence = -10;
  std::string prev_cue;
  size_t prev_cue_token = 0;
  for (const auto& [o, c] : quotes) {
    AttributionScope sc;
    sc.begin = o + 1;
    sc.end = c;
    sc.quote = true;
    sc.status = "claimed";
    bool found = false;
    // After the quote: '", said X' / '", X said' / '", X, a spokesperson for Y, told'.
    if (c + 1 < n) {
      const int s = syn.word(c + 1).sentence;
      const size_t se = syn.SentenceEnd(s);
      for (size_t k = c + 1; k < se && k < c + 24; ++k) {
        if (syn.word(k).cls == WordClass::kQuote) break;
        if (syn.word(k).cls == WordClass::kVerb && !ReportingStatus(syn.word(k).lemma).empty()) {
          sc.cue = k;
          sc.cue_text = syn.word(k).low;
          sc.source = SourceOf(syn, k);
          if (ReportingStatus(syn.word(k).lemma) != "claimed"sv) {
            sc.status = std::string(ReportingStatus(syn.word(k).lemma));
          }
          speaker_verb[k] = true;
          found = true;
          break;
        }
      }
    }
    // Before the quote: 'X said: "..."'.
    if (!found && o > 0) {
      const int s = syn.word(o).sentence;
      const size_t sb = syn.SentenceBegin(s);
      for (size_t k = o; k > sb && k + 8 > o; --k) {
        if (syn.word(k - 1).cls == WordClass::kVerb &&
            !ReportingStatus(syn.word(k - 1).lemma).empty()) {
          sc.cue = k - 1;
          sc.cue_text = syn.word(k - 1).low;
          sc.source = SourceOf(syn, k - 1);
          speaker_verb[k - 1] = true;
          found = true;
          break;
        }
      }
    }
    // A quote paragraph continuing the previous quotation.
    if (!found && prev_speaker.valid() && syn.word(o).sentence - prev_quote_sentence <= 2) {
      sc.source = prev_speaker;
      sc.cue = prev_cue_token;
      sc.cue_text = prev_cue;
      found = true;
    }
    if (!found) {
      sc.cue = c;
      sc.cue_text = "quotation";
    }
    if (sc.source.valid()) {
      prev_speaker = sc.source;
      prev_cue = sc.cue_text;
      prev_cue_token = sc.cue;
    }
    prev_quote_sentence = syn.word(c).sentence;
    out.push_back(std::move(sc));
  }

  // 2. Reporting verbs with a complement clause.
  for (size_t v = 0; v < n; ++v) {
    const Word& w = syn.word(v);
    if (speaker_verb[v] || !syn.IsVerbUse(v)) continue;
    std::string_view st = ReportingStatus(w.lemma);
    if (st.empty()) continue;
    if (w.form == VerbForm::kPastPart || (syn.IsPassive(v) && w.form != VerbForm::kGerund)) {
      continue;  // "was claimed by": handled by the events stage (claim of responsibility)
    }
    const int s = w.sentence;
    const size_t se = syn.SentenceEnd(s);
    // "claim responsibility", "claimed the attack": a claim of responsibility, not speech.
    if (w.lemma == "claim"sv || w.lemma == "deny"sv || w.lemma == "accuse"sv) {
      size_t k = v + 1;
      while (k < se && (syn.word(k).cls == WordClass::kDet || syn.word(k).cls == WordClass::kAdj))
        ++k;
      if (k < se && (syn.word(k).low == "responsibility"sv || syn.word(k).low == "involvement"sv)) {
        continue;
      }
    }
    AttributionScope sc;
    sc.cue = v;
    sc.cue_text = w.low;
    sc.status = std::string(st);
    sc.source = SourceOf(syn, v);
    sc.begin = v + 1;
    size_t e = v + 1;
    for (; e < se; ++e) {
      const Word& x = syn.word(e);
      if (x.cls == WordClass::kCoord && (x.low == "and"sv || x.low == "but"sv)) {
        // A verb coordinated with the reporting verb ends its complement: "denied X and
        // accused Y".
        size_t k = e + 1;
        while (k < se && (syn.word(k).cls == WordClass::kAdv || syn.word(k).date >= 0)) ++k;
        if (k < se && syn.IsVerbUse(k) &&
            (syn.word(k).form == VerbForm::kPast || syn.word(k).form == VerbForm::kPres3 ||
             syn.word(k).form == VerbForm::kPastOrPart)) {
          std::vector<NounPhrase> s1 = syn.Subject(k);
          if (!s1.empty() && sc.source.valid() && s1.front().first == sc.source.first) break;
        }
      }
    }
    sc.end = e;
    if (sc.end > sc.begin) out.push_back(std::move(sc));
  }

  // 3. "according to X", "in the words of X".
  for (size_t i = 0; i + 2 < n; ++i) {
    const Word& w = syn.word(i);
    if (!(w.low == "according"sv && syn.word(i + 1).low == "to"sv)) continue;
    const int s = w.sentence;
    const size_t se = syn.SentenceEnd(s);
    NounPhrase np = syn.PhraseStartingAt(i + 2, se);
    if (!np.valid()) continue;
    if (syn.word(np.first).low == "our"sv || syn.word(np.first).low == "my"sv)
      continue;  // speaker's
    AttributionScope sc;
    sc.cue = i;
    sc.cue_text = "according to";
    sc.status = "asserted";
    sc.source = np;
    // Footage or statements "released by X": the source is X.
    if (np.entities.empty() && np.last + 2 < se && syn.word(np.last + 1).low == "by"sv) {
      NounPhrase by = syn.PhraseStartingAt(np.last + 2, se);
      if (by.valid()) sc.source = by;
    }
    sc.begin = syn.SentenceBegin(s);
    sc.end = se;
    out.push_back(std::move(sc));
  }
  std::sort(out.begin(), out.end(),
            [](const AttributionScope& a, const AttributionScope& b) { return a.cue < b.cue; });
  return out;
}

ClauseStatus HedgeOfClause(const Syntax& syn, size_t trigger) {
  ClauseStatus cs;
  size_t b, e;
  syn.ClauseBounds(trigger, &b, &e);
  const int s = syn.word(trigger).sentence;
  const size_t sb = syn.SentenceBegin(s);
  const size_t from = trigger > b + 8 ? trigger - 8 : b;
  bool negated = false, unconfirmed = false, speculative = false, planned = false;
  std::string neg_cue, unc_cue, spec_cue, plan_cue;
  for (size_t k = from; k < trigger; ++k) {
    const Word& w = syn.word(k);
    if (w.cls == WordClass::kNeg && k + 4 >= trigger) {
      negated = true;
      neg_cue = w.low;
    }
    if (w.low == "no"sv && k + 1 == trigger) {
      negated = true;
      neg_cue = "no";
    }
    if (w.low == "reportedly"sv || w.low == "allegedly"sv || w.low == "purportedly"sv ||
        w.low == "alleged"sv || w.low == "unconfirmed"sv || w.low == "supposedly"sv) {
      unconfirmed = true;
      unc_cue = w.low;
    }
    if (w.cls == WordClass::kModal) {
      if (w.low == "will"sv || w.low == "shall"sv || w.low == "'ll"sv) {
        planned = true;
        plan_cue = w.low;
      } else {
        speculative = true;
        spec_cue = w.low;
      }
    }
    if (w.low == "possibly"sv || w.low == "probably"sv || w.low == "likely"sv ||
        w.low == "perhaps"sv || w.low == "apparently"sv || w.low == "potentially"sv) {
      speculative = true;
      spec_cue = w.low;
    }
    if ((w.lemma == "expect"sv || w.lemma == "plan"sv || w.lemma == "intend"sv ||
         w.lemma == "schedule"sv || w.lemma == "prepare"sv || w.low == "due"sv ||
         w.low == "set"sv || w.low == "going"sv || w.low == "about"sv) &&
        k + 2 < syn.size() && syn.word(k + 1).cls == WordClass::kTo) {
      planned = true;
      plan_cue = w.low + " to";
    }
    if ((w.lemma == "appear"sv || w.lemma == "seem"sv) && k + 1 < syn.size() &&
        (syn.word(k + 1).cls == WordClass::kTo || syn.word(k + 1).low == "to"sv)) {
      speculative = true;
      spec_cue = w.low + " to";
    }
    if (w.lemma == "ask"sv || w.lemma == "urge"sv || w.lemma == "want"sv || w.lemma == "seek"sv ||
        w.lemma == "demand"sv || w.lemma == "request"sv || w.lemma == "order"sv ||
        w.lemma == "threaten"sv || w.lemma == "vow"sv || w.lemma == "promise"sv) {
      if (k + 1 < trigger && syn.IsVerbUse(k)) {
        // The trigger is what someone asks, orders or threatens to do: not (yet) a fact.
        bool to_between = false;
        for (size_t q = k + 1; q < trigger; ++q) to_between |= syn.word(q).cls == WordClass::kTo;
        if (to_between && w.lemma != "order"sv) {
          planned = true;
          plan_cue = w.low;
        }
      }
    }
  }
  // "fears that", "if", conditional clauses anywhere before the trigger in the sentence.
  for (size_t k = sb; k < trigger; ++k) {
    const Word& w = syn.word(k);
    if ((w.lemma == "fear"sv || w.low == "fears"sv || w.low == "feared"sv) && k + 1 < trigger &&
        syn.word(k + 1).cls == WordClass::kComp) {
      speculative = true;
      spec_cue = w.low + " that";
    }
    if ((w.low == "if"sv || w.low == "unless"sv) && k + 1 >= b) {
      speculative = true;
      spec_cue = w.low;
    }
  }
  if (negated) {
    cs.status = "negated";
    cs.cue = neg_cue;
  } else if (unconfirmed) {
    cs.status = "unconfirmed";
    cs.cue = unc_cue;
  } else if (speculative) {
    cs.status = "speculative";
    cs.cue = spec_cue;
  } else if (planned) {
    cs.status = "planned";
    cs.cue = plan_cue;
  }
  return cs;
}

bool UnconfirmedSentence(const Syntax& syn, int s, std::string* cue, int* about_entity) {
  const size_t sb = syn.SentenceBegin(s), se = syn.SentenceEnd(s);
  *about_entity = -1;
  for (size_t k = sb; k < se; ++k) {
    const Word& w = syn.word(k);
    if (w.low == "unverified"sv || w.low == "unconfirmed"sv) {
      *cue = w.low;
      return true;
    }
    if (!(w.cls == WordClass::kNeg || w.low == "cannot"sv || w.low == "unable"sv)) continue;
    for (size_t q = k + 1; q < se && q < k + 5; ++q) {
      const Word& x = syn.word(q);
      if (x.lemma == "confirm"sv || x.lemma == "verify"sv) {
        *cue = std::string(
            syn.text().OriginalText(syn.text().tokens[k].begin, syn.text().tokens[q].end));
        // "could not confirm Nikitin's claims": whose claims.
        NounPhrase obj = syn.PhraseStartingAt(q + 1, se);
        if (obj.valid() && !obj.entities.empty()) *about_entity = obj.entities.front();
        // "The FT could not confirm": the subject is the reporter, not the claimant.
        return true;
      }
    }
  }
  return false;
}

}  // namespace mosaic::extract
