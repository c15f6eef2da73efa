#include "extract/syntax.h"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <unordered_map>
#include <unordered_set>

#include "tag/sequence_model.h"

namespace mosaic::extract {

// Words are compared with literals as string_views ("x"sv): libstdc++ 12's std::string == "x"
// calls memcmp before it compares the lengths, and these rules make millions of such comparisons.
using namespace std::string_view_literals;
namespace {

constexpr size_t kNone = SIZE_MAX;

// Base forms of verbs the tagger should recognise: reporting, event and common clause verbs.
// Inflections are generated (regular rules plus the irregular table below).
constexpr std::string_view kVerbs[] = {
    "accept",    "accuse",      "achieve",     "act",         "add",         "admit",
    "adopt",     "advance",     "affirm",      "agree",       "aim",         "align",
    "allege",    "allow",       "ambush",      "announce",    "answer",      "appeal",
    "appear",    "approve",     "argue",       "arm",         "arrest",      "arrive",
    "ask",       "assassinate", "assault",     "assert",      "assist",      "assure",
    "attack",    "attempt",     "attend",      "award",       "back",        "ban",
    "battle",    "become",      "begin",       "believe",     "blame",       "block",
    "blow",      "boast",       "bomb",        "bombard",     "break",       "bring",
    "broker",    "build",       "burn",        "call",        "capture",     "carry",
    "cause",     "charge",      "claim",       "clash",       "clear",       "close",
    "combat",    "come",        "command",     "commit",      "compare",     "condemn",
    "conduct",   "confirm",     "consider",    "consist",     "continue",    "control",
    "convict",   "correct",     "counter",     "create",      "criticise",   "criticize",
    "cross",     "damage",      "decide",      "declare",     "decree",      "defect",
    "defend",    "demand",      "demonstrate", "denounce",    "deny",        "deploy",
    "deport",    "derail",      "describe",    "destabilise", "destabilize", "destroy",
    "detain",    "detonate",    "die",         "disperse",    "dismiss",     "distance",
    "do",        "draft",       "dispatch",    "drive",       "drop",        "eject",
    "emphasise", "emphasize",   "enact",       "encircle",    "end",         "engage",
    "enlist",    "ensure",      "enter",       "equip",       "erupt",       "escape",
    "establish", "evacuate",    "execute",     "exile",       "exist",       "expect",
    "expel",     "explain",     "explode",     "exploit",     "explore",     "expose",
    "extradite", "fear",        "fight",       "film",        "finance",     "find",
    "fire",      "flee",        "force",       "form",        "fortify",     "found",
    "free",      "fund",        "gather",      "get",         "give",        "go",
    "grow",      "halt",        "happen",      "have",        "head",        "help",
    "highlight", "hit",         "hold",        "honour",      "honor",       "hope",
    "host",      "imprison",    "impose",      "include",     "indicate",    "inform",
    "injure",    "insist",      "instruct",    "intend",      "intercept",   "intervene",
    "invade",    "investigate", "invite",      "involve",     "issue",       "jail",
    "join",      "justify",     "keep",        "kidnap",      "kill",        "know",
    "launch",    "lead",        "learn",       "leave",       "legislate",   "let",
    "liberate",  "link",        "live",        "loot",        "lose",        "maintain",
    "make",      "march",       "mediate",     "meet",        "mention",     "mobilise",
    "mobilize",  "move",        "murder",      "mutiny",      "need",        "negotiate",
    "note",      "obtain",      "occupy",      "occur",       "offer",       "open",
    "operate",   "oppose",      "order",       "organise",    "organize",    "overrun",
    "pass",      "pay",         "photograph",  "plan",        "play",        "post",
    "prepare",   "proclaim",    "promise",     "promote",     "prosecute",   "protect",
    "protest",   "prove",       "provide",     "provoke",     "publish",     "push",
    "put",       "quash",       "raid",        "raise",       "rally",       "reach",
    "rebel",     "receive",     "recruit",     "recall",      "reduce",      "refuse",
    "regain",    "reject",      "release",     "remain",      "repel",       "report",
    "request",   "require",     "retake",      "retreat",     "return",      "reveal",
    "revolt",    "reward",      "rise",        "run",         "sabotage",    "sanction",
    "say",       "secure",      "see",         "seek",        "seem",        "seize",
    "sell",      "send",        "sentence",    "serve",       "set",         "share",
    "shell",     "shoot",       "show",        "sign",        "speak",       "stage",
    "start",     "state",       "station",     "stay",        "stop",        "storm",
    "stress",    "strike",      "struggle",    "suggest",     "supply",      "support",
    "surrender", "suspect",     "take",        "talk",        "target",      "teach",
    "tell",      "think",       "threaten",    "torture",     "train",       "transfer",
    "travel",    "trigger",     "try",         "undermine",   "urge",        "use",
    "verify",    "vow",         "veto",        "visit",       "wage",        "want",
    "warn",      "win",         "withdraw",    "wound",       "write",
};

struct Irregular {
  std::string_view base, past, part;
};
constexpr Irregular kIrregular[] = {
    {"be", "was", "been"},
    {"become", "became", "become"},
    {"begin", "began", "begun"},
    {"blow", "blew", "blown"},
    {"break", "broke", "broken"},
    {"bring", "brought", "brought"},
    {"build", "built", "built"},
    {"come", "came", "come"},
    {"do", "did", "done"},
    {"drive", "drove", "driven"},
    {"fight", "fought", "fought"},
    {"find", "found", "found"},
    {"flee", "fled", "fled"},
    {"get", "got", "got"},
    {"give", "gave", "given"},
    {"go", "went", "gone"},
    {"grow", "grew", "grown"},
    {"have", "had", "had"},
    {"hit", "hit", "hit"},
    {"hold", "held", "held"},
    {"keep", "kept", "kept"},
    {"know", "knew", "known"},
    {"lead", "led", "led"},
    {"leave", "left", "left"},
    {"let", "let", "let"},
    {"lose", "lost", "lost"},
    {"make", "made", "made"},
    {"meet", "met", "met"},
    {"overrun", "overran", "overrun"},
    {"pay", "paid", "paid"},
    {"put", "put", "put"},
    {"rise", "rose", "risen"},
    {"run", "ran", "run"},
    {"say", "said", "said"},
    {"see", "saw", "seen"},
    {"seek", "sought", "sought"},
    {"sell", "sold", "sold"},
    {"send", "sent", "sent"},
    {"set", "set", "set"},
    {"shoot", "shot", "shot"},
    {"show", "showed", "shown"},
    {"speak", "spoke", "spoken"},
    {"strike", "struck", "struck"},
    {"take", "took", "taken"},
    {"teach", "taught", "taught"},
    {"tell", "told", "told"},
    {"think", "thought", "thought"},
    {"win", "won", "won"},
    {"withdraw", "withdrew", "withdrawn"},
    {"write", "wrote", "written"},
    {"retake", "retook", "retaken"},
    {"undertake", "undertook", "undertaken"},
};
// Verbs that double their final consonant before -ed/-ing.
constexpr std::string_view kDoubling[] = {"ban",    "commit", "control", "drop",  "equip", "expel",
                                          "kidnap", "occur",  "plan",    "rebel", "stop",  "travel",
                                          "admit",  "shell",  "compel",  "repel"};
// Verbs that are (almost) never passive: an -ed form after a noun is their finite past.
constexpr std::string_view kIntransitive[] = {
    "advance",   "appear",  "arrive",  "begin",  "clash", "continue", "die",   "erupt",
    "exist",     "happen",  "march",   "mutiny", "occur", "protest",  "rally", "rebel",
    "remain",    "retreat", "revolt",  "rise",   "seem",  "start",    "stay",  "struggle",
    "talk",      "travel",  "escape",  "defect", "agree", "fight",    "vow",   "insist",
    "intervene", "act",     "operate", "end",    "go",    "come"};

struct VerbEntry {
  std::string lemma;
  VerbForm form;
};

// Looked up by string_view without building a std::string (once per word of every document).
struct ViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using VerbMap = std::unordered_map<std::string, VerbEntry, ViewHash, std::equal_to<>>;

const VerbMap& VerbTable() {
  static const auto* table = [] {
    auto* t = new VerbMap();
    auto add = [&](std::string w, const std::string& lemma, VerbForm f) {
      auto it = t->find(w);
      if (it == t->end()) {
        t->emplace(std::move(w), VerbEntry{lemma, f});
      } else if (it->second.lemma == lemma &&
                 ((it->second.form == VerbForm::kPast && f == VerbForm::kPastPart) ||
                  (it->second.form == VerbForm::kPastPart && f == VerbForm::kPast))) {
        it->second.form = VerbForm::kPastOrPart;
      }
    };
    std::unordered_map<std::string_view, const Irregular*> irr;
    for (const auto& i : kIrregular) irr[i.base] = &i;
    std::unordered_set<std::string_view> dbl(std::begin(kDoubling), std::end(kDoubling));
    auto regular = [&](std::string_view b) {
      std::string base(b);
      std::string ed, ing, s;
      const char last = base.back();
      auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
      if (dbl.count(b)) {
        ed = base + last + "ed";
        ing = base + last + "ing";
        add(base + "ed", base, VerbForm::kPastOrPart);  // US "traveled", "canceled"
        add(base + "ing", base, VerbForm::kGerund);
      } else if (last == 'e') {
        ed = base + "d";
        ing = (base.size() > 2 && base.substr(base.size() - 2) == "ee"sv)
                  ? base + "ing"
                  : base.substr(0, base.size() - 1) + "ing";
      } else if (last == 'y' && base.size() > 1 && !vowel(base[base.size() - 2])) {
        ed = base.substr(0, base.size() - 1) + "ied";
        ing = base + "ing";
      } else {
        ed = base + "ed";
        ing = base + "ing";
      }
      if (last == 's' || last == 'x' || last == 'z' || last == 'o' ||
          (base.size() > 1 &&
           (base.substr(base.size() - 2) == "sh"sv || base.substr(base.size() - 2) == "ch"sv))) {
        s = base + "es";
      } else if (last == 'y' && base.size() > 1 && !vowel(base[base.size() - 2])) {
        s = base.substr(0, base.size() - 1) + "ies";
      } else {
        s = base + "s";
      }
      return std::tuple{ed, ing, s};
    };
    for (std::string_view b : kVerbs) {
      std::string base(b);
      add(base, base, VerbForm::kBase);
      auto [ed, ing, s] = regular(b);
      add(s, base, VerbForm::kPres3);
      add(ing, base, VerbForm::kGerund);
      if (auto it = irr.find(b); it != irr.end()) {
        add(std::string(it->second->past), base, VerbForm::kPast);
        add(std::string(it->second->part), base, VerbForm::kPastPart);
      } else {
        add(ed, base, VerbForm::kPastOrPart);
      }
    }
    for (const auto& i : kIrregular) {
      std::string base(i.base);
      if (base == "be"sv) continue;
      add(base, base, VerbForm::kBase);
      add(std::string(i.past), base, VerbForm::kPast);
      add(std::string(i.part), base, VerbForm::kPastPart);
      auto [ed, ing, s] = regular(i.base);
      add(s, base, VerbForm::kPres3);
      add(ing, base, VerbForm::kGerund);
    }
    return t;
  }();
  return *table;
}

struct Closed {
  std::string_view word;
  WordClass cls;
};
constexpr Closed kClosed[] = {
    {"the", WordClass::kDet},         {"a", WordClass::kDet},
    {"an", WordClass::kDet},          {"this", WordClass::kDet},
    {"these", WordClass::kDet},       {"those", WordClass::kDet},
    {"some", WordClass::kDet},        {"any", WordClass::kDet},
    {"each", WordClass::kDet},        {"every", WordClass::kDet},
    {"both", WordClass::kDet},        {"either", WordClass::kDet},
    {"neither", WordClass::kDet},     {"no", WordClass::kDet},
    {"all", WordClass::kDet},         {"several", WordClass::kDet},
    {"many", WordClass::kDet},        {"few", WordClass::kDet},
    {"much", WordClass::kDet},        {"another", WordClass::kDet},
    {"such", WordClass::kDet},        {"dozens", WordClass::kNoun},
    {"his", WordClass::kPoss},        {"its", WordClass::kPoss},
    {"their", WordClass::kPoss},      {"our", WordClass::kPoss},
    {"my", WordClass::kPoss},         {"your", WordClass::kPoss},
    {"he", WordClass::kPron},         {"she", WordClass::kPron},
    {"they", WordClass::kPron},       {"it", WordClass::kPron},
    {"we", WordClass::kPron},         {"i", WordClass::kPron},
    {"you", WordClass::kPron},        {"him", WordClass::kPron},
    {"them", WordClass::kPron},       {"us", WordClass::kPron},
    {"me", WordClass::kPron},         {"himself", WordClass::kPron},
    {"themselves", WordClass::kPron}, {"itself", WordClass::kPron},
    {"there", WordClass::kPron},      {"who", WordClass::kRel},
    {"whom", WordClass::kRel},        {"whose", WordClass::kRel},
    {"which", WordClass::kRel},       {"is", WordClass::kAux},
    {"am", WordClass::kAux},          {"are", WordClass::kAux},
    {"was", WordClass::kAux},         {"were", WordClass::kAux},
    {"be", WordClass::kAux},          {"been", WordClass::kAux},
    {"being", WordClass::kAux},       {"has", WordClass::kAux},
    {"have", WordClass::kAux},        {"had", WordClass::kAux},
    {"having", WordClass::kAux},      {"does", WordClass::kAux},
    {"did", WordClass::kAux},         {"do", WordClass::kAux},
    {"will", WordClass::kModal},      {"would", WordClass::kModal},
    {"could", WordClass::kModal},     {"might", WordClass::kModal},
    {"may", WordClass::kModal},       {"must", WordClass::kModal},
    {"shall", WordClass::kModal},     {"should", WordClass::kModal},
    {"can", WordClass::kModal},       {"cannot", WordClass::kModal},
    {"'ll", WordClass::kModal},       {"not", WordClass::kNeg},
    {"n't", WordClass::kNeg},         {"never", WordClass::kNeg},
    {"and", WordClass::kCoord},       {"or", WordClass::kCoord},
    {"but", WordClass::kCoord},       {"nor", WordClass::kCoord},
    {"because", WordClass::kSub},     {"although", WordClass::kSub},
    {"though", WordClass::kSub},      {"while", WordClass::kSub},
    {"whereas", WordClass::kSub},     {"if", WordClass::kSub},
    {"unless", WordClass::kSub},      {"whether", WordClass::kSub},
    {"when", WordClass::kSub},        {"where", WordClass::kSub},
    {"once", WordClass::kSub},        {"as", WordClass::kSub},
    {"so", WordClass::kSub},          {"in", WordClass::kPrep},
    {"on", WordClass::kPrep},         {"at", WordClass::kPrep},
    {"by", WordClass::kPrep},         {"for", WordClass::kPrep},
    {"with", WordClass::kPrep},       {"from", WordClass::kPrep},
    {"of", WordClass::kPrep},         {"about", WordClass::kPrep},
    {"against", WordClass::kPrep},    {"among", WordClass::kPrep},
    {"around", WordClass::kPrep},     {"across", WordClass::kPrep},
    {"along", WordClass::kPrep},      {"after", WordClass::kPrep},
    {"before", WordClass::kPrep},     {"behind", WordClass::kPrep},
    {"between", WordClass::kPrep},    {"beyond", WordClass::kPrep},
    {"during", WordClass::kPrep},     {"despite", WordClass::kPrep},
    {"inside", WordClass::kPrep},     {"into", WordClass::kPrep},
    {"near", WordClass::kPrep},       {"onto", WordClass::kPrep},
    {"outside", WordClass::kPrep},    {"over", WordClass::kPrep},
    {"since", WordClass::kPrep},      {"through", WordClass::kPrep},
    {"toward", WordClass::kPrep},     {"towards", WordClass::kPrep},
    {"under", WordClass::kPrep},      {"until", WordClass::kPrep},
    {"upon", WordClass::kPrep},       {"via", WordClass::kPrep},
    {"within", WordClass::kPrep},     {"without", WordClass::kPrep},
    {"amid", WordClass::kPrep},       {"amidst", WordClass::kPrep},
    {"throughout", WordClass::kPrep}, {"per", WordClass::kPrep},
    {"like", WordClass::kPrep},       {"according", WordClass::kPrep},
    {"alongside", WordClass::kPrep},  {"off", WordClass::kPart},
    {"back", WordClass::kPart},       {"up", WordClass::kPart},
    {"out", WordClass::kPart},        {"down", WordClass::kPart},
    {"away", WordClass::kPart},       {"also", WordClass::kAdv},
    {"now", WordClass::kAdv},         {"still", WordClass::kAdv},
    {"already", WordClass::kAdv},     {"just", WordClass::kAdv},
    {"even", WordClass::kAdv},        {"only", WordClass::kAdv},
    {"then", WordClass::kAdv},        {"here", WordClass::kAdv},
    {"again", WordClass::kAdv},       {"too", WordClass::kAdv},
    {"further", WordClass::kAdv},     {"soon", WordClass::kAdv},
    {"yet", WordClass::kAdv},         {"ever", WordClass::kAdv},
    {"thus", WordClass::kAdv},        {"however", WordClass::kAdv},
    {"indeed", WordClass::kAdv},      {"reportedly", WordClass::kAdv},
    {"allegedly", WordClass::kAdv},   {"later", WordClass::kAdv},
    {"earlier", WordClass::kAdv},     {"today", WordClass::kNoun},
    {"yesterday", WordClass::kNoun},  {"tomorrow", WordClass::kNoun},
    {"one", WordClass::kNum},         {"two", WordClass::kNum},
    {"three", WordClass::kNum},       {"four", WordClass::kNum},
    {"five", WordClass::kNum},        {"six", WordClass::kNum},
    {"seven", WordClass::kNum},       {"eight", WordClass::kNum},
    {"nine", WordClass::kNum},        {"ten", WordClass::kNum},
    {"hundreds", WordClass::kNoun},   {"thousands", WordClass::kNoun},
    {"to", WordClass::kPrep},         {"than", WordClass::kPrep},
    {"that", WordClass::kComp},       {"what", WordClass::kPron},
};

// -ing words that are nouns or prepositions, not verb forms.
constexpr std::string_view kIngNouns[] = {
    "during",  "morning",    "evening",   "building", "thing", "something", "anything",
    "nothing", "everything", "according", "meeting",  "king",  "spring",    "wing",
    "ceiling", "string",     "ring",      "sibling",  "bring"};

bool IsPunct(std::string_view w) {
  if (w.empty()) return true;
  for (unsigned char c : w) {
    if (std::isalnum(c) || c >= 0x80) return false;
  }
  return true;
}

}  // namespace

bool AnalyzeVerb(std::string_view low, std::string* lemma, VerbForm* form) {
  const auto& t = VerbTable();
  auto it = t.find(low);
  if (it == t.end()) return false;
  *lemma = it->second.lemma;
  *form = it->second.form;
  return true;
}

bool Syntax::IsLocativePrep(std::string_view p) {
  static const std::unordered_set<std::string_view> k = {
      "in",      "near", "at", "outside", "inside",  "around", "across",     "along", "toward",
      "towards", "into", "to", "from",    "through", "within", "throughout", "on"};
  return k.count(p) > 0;
}

Syntax::Syntax(const text::AnalyzedText& text, const DocGraph& graph, const tag::SequenceModel* pos,
               tag::SharedFeatures* shared)
    : text_(text) {
  words_.resize(text.tokens.size());
  for (size_t s = 0; s < text.sentences.size(); ++s) {
    for (size_t i = text.sentences[s].first_token; i < text.sentences[s].last_token; ++i) {
      words_[i].sentence = static_cast<int>(s);
    }
  }
  for (size_t i = 0; i < words_.size(); ++i) {
    std::string_view w = text.TokenText(i);
    std::string& low = words_[i].low;
    low.assign(w);
    // ASCII only, as std::tolower in the "C" locale the program runs in, without a call per byte.
    for (char& c : low) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    words_[i].lemma = low;
    words_[i].cap = !w.empty() && std::isupper(static_cast<unsigned char>(w[0]));
    if (!w.empty() && static_cast<unsigned char>(w[0]) >= 0x80) {
      // Non-ASCII initial: treat as capitalised when the token is not all lower case (ICU-free
      // approximation; the names tagger decides names anyway).
      words_[i].cap = words_[i].low != std::string(w) ? true : false;
    }
  }
  TagWithLexicon();
  if (pos) TagWithModel(*pos, shared);
  MarkSpans(graph);
}

void Syntax::TagWithLexicon() {
  static const std::unordered_map<std::string_view, WordClass> closed = [] {
    std::unordered_map<std::string_view, WordClass> m;
    for (const auto& c : kClosed) m.emplace(c.word, c.cls);
    return m;
  }();
  static const std::unordered_set<std::string_view> ing_nouns(std::begin(kIngNouns),
                                                              std::end(kIngNouns));
  // First pass: lexical classes.
  for (size_t i = 0; i < words_.size(); ++i) {
    Word& w = words_[i];
    const std::string& l = w.low;
    if (l == "\""sv || l == "'"sv || l == "``"sv || l == "''"sv) {
      w.cls = WordClass::kQuote;
      continue;
    }
    if (IsPunct(l)) {
      w.cls = WordClass::kPunct;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(l[0]))) {
      w.cls = WordClass::kNum;
      continue;
    }
    if (auto it = closed.find(l); it != closed.end()) {
      w.cls = it->second;
      if (w.cls == WordClass::kAux) {
        if (l == "is"sv || l == "am"sv || l == "are"sv || l == "was"sv || l == "were"sv ||
            l == "be"sv || l == "been"sv || l == "being"sv) {
          w.lemma = "be";
        } else if (l == "has"sv || l == "have"sv || l == "had"sv || l == "having"sv) {
          w.lemma = "have";
        } else {
          w.lemma = "do";
        }
      }
      continue;
    }
    if (l == "'s"sv || l == "s"sv) {
      w.cls = WordClass::kPoss;
      continue;
    }
    std::string lemma;
    VerbForm form;
    const bool ing_noun = ing_nouns.count(l) > 0;
    if (!ing_noun && AnalyzeVerb(l, &lemma, &form)) {
      w.cls = WordClass::kVerb;
      w.lemma = lemma;
      w.form = form;
      continue;
    }
    if (l.size() > 4 && l.ends_with("ly"sv)) {
      w.cls = WordClass::kAdv;
      continue;
    }
    if (!w.cap && !ing_noun && l.size() > 5 && l.ends_with("ing"sv)) {
      w.cls = WordClass::kVerb;
      w.form = VerbForm::kGerund;
      w.lemma = l.substr(0, l.size() - 3);
      continue;
    }
    if (!w.cap && l.size() > 5 && l.ends_with("ed"sv)) {
      w.cls = WordClass::kVerb;
      w.form = VerbForm::kPastOrPart;
      w.lemma = l.substr(0, l.size() - 2);
      continue;
    }
    w.cls = w.cap ? WordClass::kProper : WordClass::kNoun;
  }
  // Second pass: context decides noun/verb/adjective for verb-lexicon words, "that", "her".
  for (size_t i = 0; i < words_.size(); ++i) {
    Word& w = words_[i];
    const int s = w.sentence;
    const bool has_prev = i > 0 && words_[i - 1].sentence == s;
    const bool has_next = i + 1 < words_.size() && words_[i + 1].sentence == s;
    const Word* prev = has_prev ? &words_[i - 1] : nullptr;
    const Word* next = has_next ? &words_[i + 1] : nullptr;
    if (w.low == "that"sv) {
      if (prev && prev->cls == WordClass::kPrep) {
        w.cls = WordClass::kDet;
      } else if (prev && (prev->cls == WordClass::kNoun || prev->cls == WordClass::kProper ||
                          prev->cls == WordClass::kNum)) {
        w.cls = WordClass::kRel;
      } else {
        w.cls = WordClass::kComp;
      }
      continue;
    }
    if (w.low == "her"sv) {
      w.cls = (next && (next->cls == WordClass::kNoun || next->cls == WordClass::kProper ||
                        next->cls == WordClass::kAdj))
                  ? WordClass::kPoss
                  : WordClass::kPron;
      continue;
    }
    if (w.low == "to"sv && next &&
        (next->cls == WordClass::kVerb || next->cls == WordClass::kAux) &&
        (next->form == VerbForm::kBase || next->low == "be"sv || next->low == "have"sv)) {
      w.cls = WordClass::kTo;
      continue;
    }
    if (w.cls == WordClass::kPart && !(prev && prev->cls == WordClass::kVerb)) {
      w.cls = (w.low == "back"sv) ? WordClass::kAdv : WordClass::kPrep;
      if (w.low == "off"sv || w.low == "up"sv || w.low == "out"sv || w.low == "down"sv)
        w.cls = WordClass::kPrep;
      continue;
    }
    if (w.cls != WordClass::kVerb) continue;
    if (w.cap && prev && !(prev->cls == WordClass::kPunct || prev->cls == WordClass::kQuote)) {
      // Capitalised mid-sentence: a name ("Train", "Strike" in titles stay verbs at the start).
      w.cls = WordClass::kProper;
      continue;
    }
    const WordClass pc = prev ? prev->cls : WordClass::kPunct;
    const bool after_det = pc == WordClass::kDet || pc == WordClass::kPoss ||
                           pc == WordClass::kNum || pc == WordClass::kAdj;
    switch (w.form) {
      case VerbForm::kGerund:
        if (after_det) w.cls = WordClass::kNoun;
        break;
      case VerbForm::kPastOrPart:
      case VerbForm::kPastPart:
        if ((w.low == "armed"sv || w.low == "armoured"sv || w.low == "armored"sv ||
             w.low == "alleged"sv || w.low == "organised"sv || w.low == "organized"sv ||
             w.low == "united"sv || w.low == "so-called"sv) &&
            next && (next->cls == WordClass::kNoun || next->cls == WordClass::kVerb)) {
          w.cls = WordClass::kAdj;
          break;
        }
        if (after_det && next &&
            (next->cls == WordClass::kNoun || next->cls == WordClass::kProper ||
             next->cls == WordClass::kVerb)) {
          w.cls = WordClass::kAdj;
        }
        break;
      case VerbForm::kBase:
      case VerbForm::kPres3: {
        if (after_det) {
          w.cls = WordClass::kNoun;
          break;
        }
        const bool verb_ctx =
            pc == WordClass::kTo || pc == WordClass::kAux || pc == WordClass::kModal ||
            pc == WordClass::kNeg || pc == WordClass::kPron || pc == WordClass::kRel ||
            (pc == WordClass::kAdv && i >= 2 &&
             (words_[i - 2].cls == WordClass::kModal || words_[i - 2].cls == WordClass::kPron ||
              words_[i - 2].cls == WordClass::kAux));
        if (verb_ctx) break;
        const bool obj_next =
            next && (next->cls == WordClass::kDet || next->cls == WordClass::kPoss ||
                     next->cls == WordClass::kPron || next->cls == WordClass::kComp ||
                     next->cls == WordClass::kNum || next->cls == WordClass::kProper ||
                     next->cls == WordClass::kAdv || next->cls == WordClass::kQuote);
        if (pc == WordClass::kProper && obj_next && w.form == VerbForm::kPres3) break;
        if ((pc == WordClass::kNoun) && obj_next && w.form == VerbForm::kPres3 &&
            next->cls != WordClass::kProper)
          break;
        w.cls = WordClass::kNoun;
        break;
      }
      default:
        break;
    }
  }
}

void Syntax::TagWithModel(const tag::SequenceModel& pos, tag::SharedFeatures* shared) {
  std::vector<tag::SentenceInput> in(text_.sentences.size());
  for (size_t s = 0; s < text_.sentences.size(); ++s) {
    for (size_t i = text_.sentences[s].first_token; i < text_.sentences[s].last_token; ++i) {
      in[s].words.push_back(text_.TokenText(i));
    }
  }
  std::vector<std::vector<uint16_t>> tags;
  pos.TagDocument(in, &tags, shared);
  if (tags.size() != in.size()) return;
  for (size_t s = 0; s < text_.sentences.size(); ++s) {
    const size_t base = text_.sentences[s].first_token;
    for (size_t k = 0; k < tags[s].size() && base + k < words_.size(); ++k) {
      if (tags[s][k] >= pos.num_tags()) continue;
      std::string_view t = pos.tag_name(tags[s][k]);
      Word& w = words_[base + k];
      // The model settles the open-class ambiguities (noun vs verb, participle vs adjective); the
      // closed-class words keep their finer lexicon classes.
      if (t.substr(0, 2) == "NN"sv) {
        if (w.cls == WordClass::kVerb || w.cls == WordClass::kOther) {
          w.cls = t == "NNP"sv || t == "NNPS"sv ? WordClass::kProper : WordClass::kNoun;
        }
      } else if (t.substr(0, 2) == "VB"sv && w.cls != WordClass::kAux &&
                 w.cls != WordClass::kModal) {
        w.cls = WordClass::kVerb;
        if (t == "VBD"sv) w.form = VerbForm::kPast;
        if (t == "VBN"sv) w.form = VerbForm::kPastPart;
        if (t == "VBG"sv) w.form = VerbForm::kGerund;
        if (t == "VBZ"sv) w.form = VerbForm::kPres3;
        if (t == "VB"sv || t == "VBP"sv) w.form = VerbForm::kBase;
      } else if (t.substr(0, 2) == "JJ"sv && w.cls == WordClass::kVerb) {
        w.cls = WordClass::kAdj;
      }
    }
  }
}

void Syntax::MarkSpans(const DocGraph& g) {
  // Token lookup by byte offset (tokens are sorted).
  auto first_token_at = [&](uint32_t begin) {
    auto it = std::lower_bound(text_.tokens.begin(), text_.tokens.end(), begin,
                               [](const text::Token& t, uint32_t b) { return t.end <= b; });
    return static_cast<size_t>(it - text_.tokens.begin());
  };
  auto mark = [&](const Span& sp, auto&& fn) {
    for (size_t i = first_token_at(sp.start);
         i < text_.tokens.size() && text_.tokens[i].begin < sp.end; ++i) {
      fn(words_[i]);
    }
  };
  for (size_t d = 0; d < g.dates.size(); ++d) {
    mark(g.dates[d].span, [&](Word& w) { w.date = static_cast<int>(d); });
  }
  for (size_t q = 0; q < g.quantities.size(); ++q) {
    mark(g.quantities[q].span, [&](Word& w) { w.quantity = static_cast<int>(q); });
  }
  for (size_t e = 0; e < g.entities.size(); ++e) {
    for (const Mention& m : g.entities[e].mentions) {
      // A one-word "name" that is a closed-class word ("There", "We", "According") or a date is
      // not a name.
      bool junk = true;
      mark(m.span, [&](Word& w) {
        if (w.date < 0 &&
            (w.cls == WordClass::kNoun || w.cls == WordClass::kProper ||
             w.cls == WordClass::kVerb || w.cls == WordClass::kAdj || w.cls == WordClass::kNum ||
             w.cls == WordClass::kOther || w.cls == WordClass::kPunct)) {
          junk = false;
        }
      });
      if (junk) continue;
      mark(m.span, [&](Word& w) {
        if (w.date >= 0) return;
        w.entity = static_cast<int>(e);
        if (w.cls == WordClass::kVerb || w.cls == WordClass::kNoun || w.cls == WordClass::kAdj) {
          w.cls = WordClass::kProper;
        }
      });
    }
  }
  // A capitalised word at a sentence start that is exactly a one-word name found elsewhere
  // ("Belarusians are now being trained"): taggers often miss names in first position.
  std::unordered_map<std::string, int> one_word;
  for (size_t e = 0; e < g.entities.size(); ++e) {
    for (const Mention& m : g.entities[e].mentions) {
      if (m.text.find(' ') == std::string::npos) one_word.emplace(m.text, static_cast<int>(e));
    }
  }
  for (size_t s = 0; s < text_.sentences.size(); ++s) {
    const size_t i = text_.sentences[s].first_token;
    if (i >= words_.size() || words_[i].entity >= 0 || !words_[i].cap || words_[i].date >= 0)
      continue;
    if (i + 1 < words_.size() && words_[i + 1].entity >= 0) continue;
    auto it = one_word.find(std::string(text_.TokenText(i)));
    if (it == one_word.end()) continue;
    if (words_[i].cls != WordClass::kNoun && words_[i].cls != WordClass::kProper &&
        words_[i].cls != WordClass::kVerb)
      continue;
    words_[i].entity = it->second;
    words_[i].cls = WordClass::kProper;
  }
}

bool Syntax::IsNounish(size_t i) const {
  const Word& w = words_[i];
  if (w.entity >= 0) return true;
  switch (w.cls) {
    case WordClass::kNoun:
    case WordClass::kProper:
    case WordClass::kAdj:
    case WordClass::kNum:
      return true;
    default:
      return false;
  }
}

bool Syntax::IsVerbUse(size_t i) const {
  return words_[i].cls == WordClass::kVerb && words_[i].entity < 0;
}

bool Syntax::IsFiniteVerb(size_t i) const {
  const Word& w = words_[i];
  if (w.cls == WordClass::kAux || w.cls == WordClass::kModal) return true;
  if (!IsVerbUse(i)) return false;
  if (w.form == VerbForm::kPres3 || w.form == VerbForm::kPast) return true;
  if (w.form == VerbForm::kBase) {
    return i > 0 && words_[i - 1].sentence == w.sentence &&
           (words_[i - 1].cls == WordClass::kPron || words_[i - 1].cls == WordClass::kModal ||
            words_[i - 1].cls == WordClass::kNeg);
  }
  if (w.form == VerbForm::kPastOrPart) {
    NounPhrase np;
    return !IsPassive(i) && !IsReducedRelative(i, &np);
  }
  return false;
}

NounPhrase Syntax::PhraseEndingAt(size_t last, size_t begin) const {
  NounPhrase np;
  const Word& lw = words_[last];
  if (lw.cls == WordClass::kPron) {
    np.first = last;
    np.last = last + 1;
    np.head = last;
    np.pronoun = lw.low != "there"sv && lw.low != "what"sv;
    return np;
  }
  if (!IsNounish(last)) return np;
  size_t j = last;
  size_t head = last;
  bool head_fixed = false;
  while (j > begin) {
    const Word& p = words_[j - 1];
    if (IsNounish(j - 1) || p.cls == WordClass::kDet || p.cls == WordClass::kPoss) {
      if (p.cls == WordClass::kPoss && (p.low == "'s"sv || p.low == "s"sv)) head_fixed = true;
      --j;
      if (p.cls == WordClass::kDet && p.low != "both"sv && p.low != "all"sv) break;
      continue;
    }
    if (p.low == "'"sv && j >= 2 && IsNounish(j - 2)) {  // "the Corps' leader"
      head_fixed = true;
      --j;
      continue;
    }
    if (p.low == "-"sv && !text_.tokens[j - 1].space_before && j >= 2 && IsNounish(j - 2)) {
      --j;  // hyphenated compound
      continue;
    }
    if (p.low == "of"sv && j >= 2 && IsNounish(j - 2) && words_[j - 2].cls != WordClass::kAdj) {
      // "the headquarters of the FSB": the head is left of "of".
      NounPhrase left = PhraseEndingAt(j - 2, begin);
      if (left.valid()) {
        j = left.first;
        head = left.head;
        head_fixed = true;
        break;
      }
    }
    break;
  }
  if (!head_fixed && j > begin + 1 && words_[j - 1].low == "of"sv && IsNounish(j - 2) &&
      words_[j - 2].cls != WordClass::kAdj) {
    // "activists of the Vesna movement": the phrase is headed left of "of".
    NounPhrase left = PhraseEndingAt(j - 2, begin);
    if (left.valid() && !left.pronoun) {
      j = left.first;
      head = left.head;
      head_fixed = true;
    }
  }
  np.first = j;
  np.last = last + 1;
  np.head = head_fixed ? head : last;
  const Word& f = words_[j];
  np.definite = f.low == "the"sv || f.low == "this"sv || f.low == "that"sv || f.low == "these"sv ||
                f.low == "those"sv || f.cls == WordClass::kPoss;
  for (size_t k = np.first; k < np.last; ++k) {
    int e = words_[k].entity;
    if (e >= 0 && std::find(np.entities.begin(), np.entities.end(), e) == np.entities.end()) {
      np.entities.push_back(e);
    }
  }
  return np;
}

NounPhrase Syntax::PhraseStartingAt(size_t first, size_t end) const {
  NounPhrase np;
  if (first >= end) return np;
  if (words_[first].cls == WordClass::kPron) return PhraseEndingAt(first, first);
  size_t i = first;
  while (i < end && (words_[i].cls == WordClass::kDet || words_[i].cls == WordClass::kPoss)) ++i;
  size_t last = SIZE_MAX;
  while (i < end) {
    const Word& w = words_[i];
    if (IsNounish(i) || w.cls == WordClass::kPoss || (w.low == "'"sv && last != SIZE_MAX) ||
        (w.low == "-"sv && !text_.tokens[i].space_before && last != SIZE_MAX && i + 1 < end &&
         IsNounish(i + 1))) {
      if (IsNounish(i)) last = i;
      ++i;
      continue;
    }
    // "the Russian intelligence service the FSB": a name in apposition continues the phrase.
    if (w.cls == WordClass::kDet && last != SIZE_MAX && i + 1 < end && words_[i + 1].entity >= 0 &&
        words_[last].entity < 0) {
      ++i;
      continue;
    }
    if (w.low == "of"sv && last != SIZE_MAX && i + 1 < end) {
      size_t k = i + 1;
      while (k < end && (words_[k].cls == WordClass::kDet || words_[k].cls == WordClass::kPoss ||
                         words_[k].cls == WordClass::kAdv)) {
        ++k;
      }
      if (k < end && IsNounish(k)) {
        i = k;
        continue;
      }
    }
    break;
  }
  if (last == SIZE_MAX) return np;
  np = PhraseEndingAt(last, first);
  if (np.first > first) {
    // Extend back over determiners skipped above.
    np.first = first;
    const Word& f = words_[first];
    np.definite = f.low == "the"sv || f.low == "this"sv || f.low == "that"sv ||
                  f.low == "these"sv || f.low == "those"sv || f.cls == WordClass::kPoss;
  }
  // "of both the FSB and the Interior Ministry": coordination inside an "of" complement.
  if (np.last < end && words_[np.last].low == "and"sv) {
    bool in_of = false;
    for (size_t k = np.first; k < np.last; ++k) in_of |= words_[k].low == "of"sv;
    if (in_of) {
      NounPhrase more = PhraseStartingAt(np.last + 1, end);
      if (more.valid() && !more.entities.empty() && !np.entities.empty()) {
        for (int e : more.entities) {
          if (std::find(np.entities.begin(), np.entities.end(), e) == np.entities.end()) {
            np.entities.push_back(e);
          }
        }
        np.last = more.last;
      }
    }
  }
  return np;
}

std::vector<NounPhrase> Syntax::CoordinatedRight(const NounPhrase& np, size_t end) const {
  std::vector<NounPhrase> out{np};
  size_t i = np.last;
  while (i + 1 < end) {
    const Word& w = words_[i];
    size_t next = i + 1;
    if (w.low == ","sv && next < end && words_[next].low == "and"sv) ++next;
    if (!(w.low == ","sv || w.low == "and"sv || w.low == "or"sv)) break;
    NounPhrase more = PhraseStartingAt(next, end);
    if (!more.valid()) break;
    if (w.low == ","sv && more.entities.empty() && words_[next].cls == WordClass::kDet) {
      // "X, a nationalist group with links to Y, and Z": step over the apposition.
      size_t k = more.last;
      while (k < end && words_[k].low != ","sv && !IsFiniteVerb(k)) ++k;
      if (k + 2 < end && words_[k].low == ","sv && words_[k + 1].low == "and"sv) {
        NounPhrase after = PhraseStartingAt(k + 2, end);
        if (after.valid() && !after.entities.empty()) {
          out.push_back(after);
          break;
        }
      }
      break;
    }
    // A comma followed by a phrase and then a verb is not a list ("X, which ..." is excluded by
    // PhraseStartingAt; "X, a group" is an apposition, kept out by requiring a name or "and").
    // "A, B and C" lists names; "A, the head of B" is an apposition, not a conjunct.
    if (w.low == ","sv && (more.entities.empty() || words_[more.head].entity < 0)) break;
    out.push_back(more);
    i = more.last;
    if (w.low == "and"sv || w.low == "or"sv || words_[next - 1].low == "and"sv) break;
  }
  return out;
}

std::vector<NounPhrase> Syntax::CoordinatedLeft(const NounPhrase& np, size_t begin) const {
  std::vector<NounPhrase> out{np};
  size_t j = np.first;
  while (j > begin + 1) {
    const Word& w = words_[j - 1];
    if (!(w.low == "and"sv || w.low == "or"sv || w.low == ","sv)) break;
    size_t k = j - 1;
    if (w.low == "and"sv && k > begin && words_[k - 1].low == ","sv) --k;
    if (k == begin) break;
    NounPhrase more = PhraseEndingAt(k - 1, begin);
    if (!more.valid() || more.pronoun) break;
    if (w.low == ","sv && more.entities.empty()) break;
    if (more.first > begin && words_[more.first - 1].cls == WordClass::kPrep &&
        words_[more.first - 1].low != "of"sv) {
      break;  // "attacks on X and Y" seen from Y: X is a prepositional object, not a conjunct
    }
    out.push_back(more);
    j = more.first;
  }
  return out;
}

bool Syntax::IsPassive(size_t v) const {
  const Word& w = words_[v];
  if (w.cls != WordClass::kVerb) return false;
  if (w.form != VerbForm::kPastPart && w.form != VerbForm::kPastOrPart) return false;
  const size_t sb = SentenceBegin(w.sentence);
  size_t k = v;
  while (k > sb && (words_[k - 1].cls == WordClass::kAdv || words_[k - 1].cls == WordClass::kNeg))
    --k;
  if (k > sb && (words_[k - 1].low == "being"sv || words_[k - 1].low == "been"sv)) {
    --k;
    while (k > sb && (words_[k - 1].cls == WordClass::kAdv || words_[k - 1].cls == WordClass::kNeg))
      --k;
    if (words_[k].low == "been"sv && k > sb && words_[k - 1].lemma == "have"sv) return true;
  }
  if (k > sb && (words_[k - 1].lemma == "be"sv || words_[k - 1].lemma == "get"sv)) return true;
  NounPhrase np;
  return IsReducedRelative(v, &np) && w.form != VerbForm::kGerund;
}

bool Syntax::IsReducedRelative(size_t v, NounPhrase* modified) const {
  const Word& w = words_[v];
  if (w.cls != WordClass::kVerb) return false;
  const size_t sb = SentenceBegin(w.sentence);
  const size_t se = SentenceEnd(w.sentence);
  size_t k = v;
  while (k > sb && words_[k - 1].cls == WordClass::kAdv) --k;
  if (k > sb + 1 && words_[k - 1].cls == WordClass::kQuote && IsNounish(k - 2)) --k;
  if (k == sb) return false;
  if (!IsNounish(k - 1) && words_[k - 1].cls != WordClass::kPron) return false;
  if (words_[k - 1].cls == WordClass::kPron && w.form != VerbForm::kGerund) return false;
  if (w.form == VerbForm::kGerund) {
    // "drones striking targets", "Moscow now training Belarusians": the phrase is the doer.
    if (words_[k - 1].cls == WordClass::kPron) return false;
    *modified = PhraseEndingAt(k - 1, sb);
    return modified->valid();
  }
  if (w.form != VerbForm::kPastPart && w.form != VerbForm::kPastOrPart) return false;
  if (w.form == VerbForm::kPastOrPart) {
    // Finite past or participle? Intransitives and verbs followed by an object are finite.
    static const std::unordered_set<std::string_view> intr(std::begin(kIntransitive),
                                                           std::end(kIntransitive));
    if (intr.count(w.lemma)) return false;
    size_t n = v + 1;
    while (n < se && (words_[n].cls == WordClass::kAdv || words_[n].cls == WordClass::kPart)) ++n;
    if (n < se) {
      const Word& x = words_[n];
      static const std::unordered_set<std::string_view> patient_verbs = {
          "arrest",    "detain",  "sentence", "jail",    "imprison", "deport",
          "extradite", "expel",   "kill",     "wound",   "injure",   "convict",
          "kidnap",    "execute", "capture",  "evacuate"};
      if (x.low == "by"sv) {
        // participle + by-agent
      } else if (x.cls == WordClass::kPrep && patient_verbs.count(w.lemma)) {
        // "Navalny sentenced to prison", "people detained during protests": these verbs need an
        // object when active, so without one they are passive.
      } else if (x.cls == WordClass::kDet || x.cls == WordClass::kPoss ||
                 x.cls == WordClass::kPron || x.cls == WordClass::kComp ||
                 x.cls == WordClass::kQuote ||
                 ((x.cls == WordClass::kProper || x.cls == WordClass::kNoun ||
                   x.cls == WordClass::kNum) &&
                  x.date < 0)) {
        return false;
      } else {
        // Followed by a preposition or the end: a participle if a finite verb follows in the
        // clause ("vehicles captured in X were filmed") or nothing else is finite (headlines).
        bool finite_before = false;
        for (size_t b = sb; b + 1 < k; ++b) {
          if (words_[b].cls == WordClass::kAux || words_[b].cls == WordClass::kModal ||
              (words_[b].cls == WordClass::kVerb &&
               (words_[b].form == VerbForm::kPast || words_[b].form == VerbForm::kPres3))) {
            if (words_[b].sentence == w.sentence) finite_before = true;
          }
        }
        if (finite_before) {
          bool finite_after = false;
          for (size_t a = n; a < se; ++a) {
            if (words_[a].cls == WordClass::kAux || words_[a].cls == WordClass::kModal) {
              finite_after = true;
              break;
            }
          }
          if (!finite_after) return false;
        }
      }
    }
  }
  *modified = PhraseEndingAt(k - 1, sb);
  if (!modified->valid() || modified->pronoun) return false;
  // "the attack on the border post was claimed": the be-form makes it a full passive, not reduced.
  return true;
}

size_t Syntax::SkipLeftParenthetical(size_t close, size_t begin) const {
  const std::string& c = words_[close].low;
  size_t open = kNone;
  for (size_t j = close; j > begin; --j) {
    const std::string& l = words_[j - 1].low;
    if ((c == ")"sv && l == "("sv) ||
        (c == "-"sv && l == "-"sv && text_.tokens[j - 1].space_before) ||
        (c == ","sv && l == ","sv)) {
      open = j - 1;
      break;
    }
    if (c == ","sv && (l == ";"sv || words_[j - 1].cls == WordClass::kQuote)) break;
  }
  if (open == kNone || open + 1 >= close) return kNone;
  if (c == ")"sv || c == "-"sv) return open;
  const Word& f = words_[open + 1];
  if (f.cls == WordClass::kRel) return open;
  if (f.cls == WordClass::kVerb && (f.form == VerbForm::kPastPart ||
                                    f.form == VerbForm::kPastOrPart || f.form == VerbForm::kGerund))
    return open;
  // Apposition: a noun phrase (with prepositional phrases) and no finite verb.
  for (size_t k = open + 1; k < close; ++k) {
    if (IsFiniteVerb(k) || words_[k].cls == WordClass::kSub) return kNone;
  }
  if (f.cls == WordClass::kDet || f.cls == WordClass::kPoss || IsNounish(open + 1)) return open;
  return kNone;
}

std::vector<NounPhrase> Syntax::Subject(size_t v) const { return SubjectAt(v, 0); }

std::vector<NounPhrase> Syntax::SubjectAt(size_t v, int depth) const {
  // Coordinated and controlled verbs recurse to the verb they share a subject with; the depth
  // bound keeps chains like "attacked and attacked and ..." linear.
  if (depth > 3) return {};
  const size_t sb = SentenceBegin(words_[v].sentence);
  size_t k = v;
  while (k > sb && (words_[k - 1].cls == WordClass::kAdv || words_[k - 1].cls == WordClass::kAux ||
                    words_[k - 1].cls == WordClass::kModal || words_[k - 1].cls == WordClass::kNeg))
    --k;
  if (k > sb && words_[k - 1].cls == WordClass::kTo) {
    size_t g = GoverningVerb(v);
    if (g != kNone) return SubjectAt(g, depth + 1);
    return {};
  }
  const bool progressive = k < v && (words_[k].cls == WordClass::kAux);
  if (words_[v].form == VerbForm::kGerund && !progressive) {
    NounPhrase mod;
    if (IsReducedRelative(v, &mod)) return {mod};
    size_t g = GoverningVerb(v);
    if (g != kNone) return SubjectAt(g, depth + 1);
    return {};
  }
  if (k > sb && (words_[k - 1].low == "and"sv || words_[k - 1].low == "but"sv ||
                 words_[k - 1].low == "or"sv)) {
    // Coordinated verbs share the subject: "Belarus sought ... and sent ...".
    std::vector<NounPhrase> nearest;
    bool have_nearest = false;
    int tried = 0;
    for (size_t u = k - 1; u > sb && tried < 3; --u) {
      const bool verb = (IsVerbUse(u - 1) && (IsFiniteVerb(u - 1) || IsPassive(u - 1))) ||
                        words_[u - 1].cls == WordClass::kAux ||
                        words_[u - 1].cls == WordClass::kModal;
      if (!verb) continue;
      ++tried;
      std::vector<NounPhrase> s = SubjectAt(u - 1, depth + 1);
      if (!have_nearest) {
        nearest = s;
        have_nearest = true;
      }
      // "Russia denied the facilities were X and accused Y": skip the complement's verb.
      if (!s.empty() && (!s.front().entities.empty() || s.front().pronoun)) return s;
    }
    return nearest;
  }
  NounPhrase appositive;
  size_t j = k;  // exclusive
  while (j > sb) {
    const size_t t = j - 1;
    const Word& w = words_[t];
    if (w.cls == WordClass::kRel) {
      if (t == sb) return {};
      size_t a = t - 1;
      bool comma = false;
      if (words_[a].low == ","sv && a > sb) {
        --a;
        comma = true;
      }
      NounPhrase np = PhraseEndingAt(a, sb);
      if (!np.valid()) return {};
      if (!comma && np.first > sb + 1 && words_[np.first - 1].cls == WordClass::kPrep &&
          words_[np.first - 1].low != "of"sv && IsNounish(np.first - 2)) {
        NounPhrase up = PhraseEndingAt(np.first - 2, sb);  // "a camp in Russia that ..."
        if (up.valid()) np = up;
      }
      return CoordinatedLeft(np, sb);
    }
    if (w.low == ","sv || w.low == "-"sv || w.low == ")"sv) {
      size_t open = SkipLeftParenthetical(t, sb);
      if (open == kNone) break;
      NounPhrase inner = PhraseStartingAt(open + 1, t);
      if (inner.valid() && !inner.entities.empty()) appositive = inner;
      j = open;
      continue;
    }
    if (IsNounish(t) || w.cls == WordClass::kPron) {
      NounPhrase np = PhraseEndingAt(t, sb);
      if (!np.valid()) break;
      if ((w.low == "himself"sv || w.low == "herself"sv || w.low == "itself"sv ||
           w.low == "themselves"sv) &&
          t > sb && IsNounish(t - 1)) {
        j = t;  // "Lukashenko himself is expected"
        continue;
      }
      if (np.first > sb) {
        const Word& before = words_[np.first - 1];
        const bool clause_prep = (before.low == "after"sv || before.low == "before"sv ||
                                  before.low == "since"sv || before.low == "until"sv) &&
                                 np.last == k;
        if ((before.cls == WordClass::kPrep || before.cls == WordClass::kPart) && !clause_prep) {
          j = np.first - 1;
          continue;
        }
      }
      // Skip a date phrase ("on Monday" without its preposition, "Monday").
      bool all_date = true;
      for (size_t q = np.first; q < np.last; ++q)
        all_date &= words_[q].date >= 0 || words_[q].cls == WordClass::kDet;
      if (all_date) {
        j = np.first;
        continue;
      }
      if (np.entities.empty() && appositive.valid()) np = appositive;
      if (np.entities.empty() && !np.pronoun && np.first > sb + 1 &&
          words_[np.first - 1].low == ","sv) {
        // "Andriy Yusov, a spokesperson for ... told": the apposition's anchor is the subject.
        NounPhrase anchor = PhraseEndingAt(np.first - 2, sb);
        if (anchor.valid() && !anchor.entities.empty()) np = anchor;
      }
      return CoordinatedLeft(np, sb);
    }
    if (w.cls == WordClass::kVerb &&
        (w.form == VerbForm::kPastPart || w.form == VerbForm::kPastOrPart ||
         w.form == VerbForm::kGerund) &&
        t > sb && (IsNounish(t - 1) || words_[t - 1].cls == WordClass::kAdv)) {
      j = t;  // participle modifier: "fighters aligned with Ukraine"
      continue;
    }
    if (w.cls == WordClass::kAdv) {
      j = t;
      continue;
    }
    break;
  }
  return {};
}

std::vector<NounPhrase> Syntax::Object(size_t v) const {
  const size_t se = SentenceEnd(words_[v].sentence);
  size_t i = v + 1;
  while (i < se && (words_[i].cls == WordClass::kAdv || words_[i].cls == WordClass::kPart)) ++i;
  if (i >= se) return {};
  const Word& w = words_[i];
  if (!(w.cls == WordClass::kDet || w.cls == WordClass::kPoss || w.cls == WordClass::kPron ||
        IsNounish(i)))
    return {};
  if (w.cls == WordClass::kPron && (w.low == "he"sv || w.low == "she"sv || w.low == "they"sv ||
                                    w.low == "we"sv || w.low == "i"sv || w.low == "there"sv))
    return {};  // a new clause ("said they ...")
  NounPhrase np = PhraseStartingAt(i, se);
  if (!np.valid()) return {};
  bool all_date = true;
  for (size_t q = np.first; q < np.last; ++q)
    all_date &= words_[q].date >= 0 || words_[q].cls == WordClass::kDet;
  if (all_date) return {};
  // A phrase followed by a finite verb is the subject of a complement clause ("said the
  // facilities were ..."): still returned; callers decide.
  return CoordinatedRight(np, se);
}

void Syntax::ClauseBounds(size_t i, size_t* begin, size_t* end) const {
  const int s = words_[i].sentence;
  const size_t sb = SentenceBegin(s), se = SentenceEnd(s);
  size_t b = i;
  while (b > sb) {
    const Word& w = words_[b - 1];
    if (w.cls == WordClass::kSub || w.cls == WordClass::kComp || w.cls == WordClass::kRel ||
        w.low == ";"sv || w.low == ":"sv || w.cls == WordClass::kQuote)
      break;
    if (w.cls == WordClass::kCoord && b < i && IsFiniteVerb(b)) break;
    --b;
  }
  size_t e = i + 1;
  while (e < se) {
    const Word& w = words_[e];
    if (w.cls == WordClass::kSub || w.cls == WordClass::kComp || w.cls == WordClass::kRel ||
        w.low == ";"sv || w.low == ":"sv || w.cls == WordClass::kQuote || w.low == "("sv)
      break;
    if (w.low == ","sv) {
      // A comma ends the clause unless a date or a place list continues it ("on Monday, May 22").
      if (!(e + 1 < se && words_[e + 1].date >= 0)) break;
    }
    if (w.cls == WordClass::kCoord && e + 1 < se) {
      size_t n = e + 1;
      while (n < se && (words_[n].cls == WordClass::kAdv)) ++n;
      if (n < se && IsVerbUse(n) && n != i) break;
    }
    ++e;
  }
  *begin = b;
  *end = e;
}

size_t Syntax::GoverningVerb(size_t v) const {
  const size_t sb = SentenceBegin(words_[v].sentence);
  size_t k = v;
  if (k > sb && words_[k - 1].cls == WordClass::kTo) --k;
  // Walk left over an object phrase or a "role in" phrase, at most a few tokens.
  for (size_t steps = 0; k > sb && steps < 14; ++steps) {
    const Word& w = words_[k - 1];
    if ((w.cls == WordClass::kVerb && IsVerbUse(k - 1)) || w.cls == WordClass::kAux) {
      if (w.cls == WordClass::kAux && w.lemma == "be"sv) return kNone;  // "is to", copula
      return k - 1;
    }
    if (IsNounish(k - 1) || w.cls == WordClass::kDet || w.cls == WordClass::kPoss ||
        w.cls == WordClass::kPrep || w.cls == WordClass::kAdv || w.cls == WordClass::kPron ||
        w.cls == WordClass::kNeg) {
      --k;
      continue;
    }
    break;
  }
  return kNone;
}

}  // namespace mosaic::extract
