#include "extract/event_lexicon.h"

#include <string>
#include <unordered_map>
#include <unordered_set>

namespace mosaic::extract {

// Words are compared with literals as string_views ("x"sv): libstdc++ 12's std::string == "x"
// calls memcmp before it compares the lengths, and these rules make millions of such comparisons.
using namespace std::string_view_literals;
namespace {

// PLOVER has 16 categories; where a Mosaic type has none the category is "OTHER".
constexpr EventTypeInfo kTypes[] = {
    {"attack", "ASSAULT", 18, "Battles", "Armed clash", false, false},
    {"sabotage", "ASSAULT", 18, "Explosions/Remote violence", "Remote explosive/landmine/IED",
     false, false},
    {"clash", "ASSAULT", 19, "Battles", "Armed clash", true, false},
    {"seize", "COERCE", 19, "Battles", "Non-state actor overtakes territory", false, false},
    {"mutiny", "REJECT", 13, "Strategic developments", "Other", false, false},
    {"kill", "ASSAULT", 18, "Violence against civilians", "Attack", false, false},
    {"wound", "ASSAULT", 18, "Violence against civilians", "Attack", false, false},
    {"arrest", "COERCE", 17, "Strategic developments", "Arrests", false, false},
    {"sentence", "COERCE", 17, "Strategic developments", "Other", false, false},
    {"deport", "COERCE", 17, "Strategic developments", "Other", false, true},
    {"evacuate", "AID", 7, "Strategic developments", "Other", false, false},
    {"protest", "PROTEST", 14, "Protests", "Peaceful protest", false, false},
    {"train", "COOPERATE", 6, "Strategic developments", "Other", false, false},
    {"deploy", "MOBILIZE", 15, "Strategic developments", "Other", false, true},
    {"recruit", "MOBILIZE", 15, "Strategic developments", "Other", false, false},
    {"arm", "AID", 7, "Strategic developments", "Other", false, false},
    {"meet", "CONSULT", 4, "", "", true, false},
    {"visit", "CONSULT", 4, "", "", false, true},
    {"negotiate", "CONSULT", 4, "Strategic developments", "Agreement", true, false},
    {"mediate", "CONSULT", 4, "Strategic developments", "Agreement", false, false},
    {"legislate", "OTHER", 0, "", "", false, false},
    {"reward", "SUPPORT", 5, "", "", false, false},
    {"accuse", "ACCUSE", 11, "", "", false, false},
    {"deny", "REJECT", 1, "", "", false, false},
    {"claim_responsibility", "OTHER", 1, "", "", false, false},
    {"threaten", "THREATEN", 13, "", "", false, false},
    {"request", "REQUEST", 2, "", "", false, false},
    {"support", "SUPPORT", 5, "", "", false, false},
    {"sanction", "SANCTION", 16, "", "", false, false},
    {"investigate", "ACCUSE", 9, "", "", false, false},
};

struct VerbSense {
  std::string_view lemma, type, subtype;
  std::string_view Key() const { return lemma; }
};
constexpr VerbSense kVerbSenses[] = {
    {"attack", "attack", ""},
    {"assault", "attack", "assault"},
    {"storm", "attack", "raid"},
    {"raid", "attack", "raid"},
    {"ambush", "attack", "ambush"},
    {"shell", "attack", "shelling"},
    {"bombard", "attack", "shelling"},
    {"bomb", "attack", "bombing"},
    {"strike", "attack", ""},
    {"hit", "attack", ""},
    {"shoot", "attack", "shooting"},
    {"invade", "attack", "invasion"},
    {"target", "attack", ""},
    {"sabotage", "sabotage", ""},
    {"derail", "sabotage", "derailment"},
    {"clash", "clash", ""},
    {"fight", "clash", ""},
    {"battle", "clash", ""},
    {"seize", "seize", ""},
    {"capture", "seize", ""},
    {"occupy", "seize", "occupation"},
    {"overrun", "seize", ""},
    {"retake", "seize", "retake"},
    {"regain", "seize", "retake"},
    {"mutiny", "mutiny", ""},
    {"rebel", "mutiny", "rebellion"},
    {"revolt", "mutiny", "rebellion"},
    {"kill", "kill", ""},
    {"murder", "kill", ""},
    {"assassinate", "kill", "assassination"},
    {"execute", "kill", "execution"},
    {"wound", "wound", ""},
    {"injure", "wound", ""},
    {"arrest", "arrest", ""},
    {"detain", "arrest", "detention"},
    {"kidnap", "arrest", "abduction"},
    {"sentence", "sentence", ""},
    {"imprison", "sentence", "imprisonment"},
    {"jail", "sentence", "imprisonment"},
    {"convict", "sentence", "conviction"},
    {"deport", "deport", ""},
    {"extradite", "deport", "extradition"},
    {"expel", "deport", "expulsion"},
    {"exile", "deport", "exile"},
    {"evacuate", "evacuate", ""},
    {"protest", "protest", ""},
    {"demonstrate", "protest", ""},
    {"rally", "protest", ""},
    {"train", "train", ""},
    {"deploy", "deploy", ""},
    {"mobilise", "deploy", "mobilisation"},
    {"mobilize", "deploy", "mobilisation"},
    {"station", "deploy", ""},
    {"dispatch", "deploy", ""},
    {"recruit", "recruit", ""},
    {"enlist", "recruit", ""},
    {"arm", "arm", "weapons"},
    {"fund", "arm", "funding"},
    {"finance", "arm", "funding"},
    {"equip", "arm", "weapons"},
    {"meet", "meet", ""},
    {"visit", "visit", ""},
    {"host", "visit", "host"},
    {"negotiate", "negotiate", ""},
    {"mediate", "mediate", ""},
    {"broker", "mediate", ""},
    {"legislate", "legislate", ""},
    {"decree", "legislate", "decree"},
    {"enact", "legislate", ""},
    {"reward", "reward", ""},
    {"award", "reward", ""},
    {"honour", "reward", ""},
    {"honor", "reward", ""},
    {"accuse", "accuse", ""},
    {"blame", "accuse", ""},
    {"denounce", "accuse", "denounce"},
    {"condemn", "accuse", "denounce"},
    {"criticise", "accuse", "criticism"},
    {"criticize", "accuse", "criticism"},
    {"deny", "deny", ""},
    {"threaten", "threaten", ""},
    {"warn", "threaten", "warning"},
    {"request", "request", ""},
    {"demand", "request", "demand"},
    {"urge", "request", "appeal"},
    {"appeal", "request", "appeal"},
    {"support", "support", ""},
    {"endorse", "support", ""},
    {"sanction", "sanction", ""},
    {"investigate", "investigate", ""},
    {"prosecute", "investigate", "prosecution"},
};

struct NounSense {
  std::string_view word, type, subtype;
  std::string_view Key() const { return word; }
};
constexpr NounSense kNounSenses[] = {
    {"attack", "attack", ""},
    {"attacks", "attack", ""},
    {"assault", "attack", "assault"},
    {"assaults", "attack", "assault"},
    {"offensive", "attack", "offensive"},
    {"raid", "attack", "raid"},
    {"raids", "attack", "raid"},
    {"incursion", "attack", "raid"},
    {"incursions", "attack", "raid"},
    {"invasion", "attack", "invasion"},
    {"shelling", "attack", "shelling"},
    {"bombardment", "attack", "shelling"},
    {"bombing", "attack", "bombing"},
    {"bombings", "attack", "bombing"},
    {"airstrike", "attack", "air_strike"},
    {"airstrikes", "attack", "air_strike"},
    {"ambush", "attack", "ambush"},
    {"sabotage", "sabotage", ""},
    {"derailment", "sabotage", "derailment"},
    {"derailments", "sabotage", "derailment"},
    {"clash", "clash", ""},
    {"clashes", "clash", ""},
    {"fighting", "clash", ""},
    {"skirmish", "clash", ""},
    {"skirmishes", "clash", ""},
    {"battle", "clash", ""},
    {"battles", "clash", ""},
    {"firefight", "clash", ""},
    {"seizure", "seize", ""},
    {"occupation", "seize", "occupation"},
    {"takeover", "seize", ""},
    {"mutiny", "mutiny", ""},
    {"rebellion", "mutiny", "rebellion"},
    {"uprising", "mutiny", "rebellion"},
    {"revolt", "mutiny", "rebellion"},
    {"killing", "kill", ""},
    {"killings", "kill", ""},
    {"murder", "kill", ""},
    {"assassination", "kill", "assassination"},
    {"arrest", "arrest", ""},
    {"arrests", "arrest", ""},
    {"detention", "arrest", "detention"},
    {"detentions", "arrest", "detention"},
    {"imprisonment", "sentence", "imprisonment"},
    {"conviction", "sentence", "conviction"},
    {"deportation", "deport", ""},
    {"deportations", "deport", ""},
    {"extradition", "deport", "extradition"},
    {"expulsion", "deport", "expulsion"},
    {"evacuation", "evacuate", ""},
    {"evacuations", "evacuate", ""},
    {"protest", "protest", ""},
    {"protests", "protest", ""},
    {"demonstration", "protest", ""},
    {"demonstrations", "protest", ""},
    {"rally", "protest", ""},
    {"rallies", "protest", ""},
    {"training", "train", ""},
    {"deployment", "deploy", ""},
    {"mobilisation", "deploy", "mobilisation"},
    {"mobilization", "deploy", "mobilisation"},
    {"recruitment", "recruit", ""},
    {"meeting", "meet", ""},
    {"talks", "negotiate", ""},
    {"negotiations", "negotiate", ""},
    {"visit", "visit", ""},
    {"summit", "meet", "summit"},
    {"mediation", "mediate", ""},
    {"bill", "legislate", "bill"},
    {"law", "legislate", "law"},
    {"decree", "legislate", "decree"},
    {"legislation", "legislate", "law"},
    {"reward", "reward", ""},
    {"award", "reward", ""},
    {"accusation", "accuse", ""},
    {"accusations", "accuse", ""},
    {"denial", "deny", ""},
    {"ultimatum", "threaten", ""},
    {"sanctions", "sanction", ""},
    {"investigation", "investigate", ""},
    {"probe", "investigate", ""},
};

// Words before "strike(s)" that make it a military strike, with the subtype.
struct StrikeKind {
  std::string_view prev, subtype;
};
constexpr StrikeKind kStrikeKinds[] = {
    {"drone", "drone_strike"},    {"air", "air_strike"},     {"missile", "missile_strike"},
    {"rocket", "missile_strike"}, {"artillery", "shelling"}, {"military", ""},
    {"retaliatory", ""},          {"precision", ""},
};

constexpr std::string_view kLegislationNouns[] = {
    "law",     "laws",        "bill",      "bills",      "decree",
    "decrees", "legislation", "amendment", "amendments", "ordinance"};
constexpr std::string_view kForceNouns[] = {
    "troops",       "forces",         "soldiers", "fighters", "units",      "unit",
    "battalion",    "battalions",     "brigade",  "brigades", "contingent", "mercenaries",
    "servicemen",   "personnel",      "militia",  "militias", "police",     "officers",
    "paratroopers", "reinforcements", "tanks",    "warships", "jets",       "aircraft",
    "army",         "guard",          "guards",   "division", "divisions"};
constexpr std::string_view kLeaderNouns[] = {
    "leader",       "founder",    "commander",   "head",       "chief",      "chairman",
    "chairwoman",   "director",   "president",   "minister",   "governor",   "mayor",
    "spokesperson", "spokesman",  "spokeswoman", "commandant", "secretary",  "ceo",
    "boss",         "general",    "colonel",     "member",     "fighter",    "chancellor",
    "premier",      "prosecutor", "ambassador",  "envoy",      "deputy",     "official",
    "officer",      "adviser",    "advisor",     "teacher",    "instructor", "troubleshooter",
    "analyst",      "author",     "journalist",  "researcher"};
constexpr std::string_view kPejorative[] = {
    "extremists", "extremist", "terrorists",   "terrorist",    "saboteurs",    "saboteur",
    "militants",  "radicals",  "provocateurs", "mercenaries",  "fascists",     "nazis",
    "neo-nazis",  "bandits",   "insurgents",   "infiltrators", "provocations", "provocation"};

template <size_t N>
bool In(const std::string_view (&list)[N], std::string_view w) {
  for (std::string_view x : list) {
    if (x == w) return true;
  }
  return false;
}

}  // namespace

const EventTypeInfo* EventTypes(size_t* count) {
  *count = std::size(kTypes);
  return kTypes;
}

const EventTypeInfo* FindEventType(std::string_view type) {
  for (const auto& t : kTypes) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

// An index from each word of a table of senses (VerbSense or NounSense) to its first entry: the
// callers keep one, built on first use, instead of scanning the hundred-odd entries for every verb
// and noun of a text.
template <typename Sense, size_t N>
std::unordered_map<std::string_view, const Sense*> FirstSenses(const Sense (&table)[N]) {
  std::unordered_map<std::string_view, const Sense*> m;
  for (const Sense& s : table) m.emplace(s.Key(), &s);  // keeps the first
  return m;
}

template <typename Sense>
const Sense* Find(const std::unordered_map<std::string_view, const Sense*>& index,
                  std::string_view word) {
  auto it = index.find(word);
  return it == index.end() ? nullptr : it->second;
}

Trigger VerbTrigger(std::string_view lemma, std::string_view next, std::string_view object_head) {
  // Particle and light-verb senses first.
  if (lemma == "send"sv || lemma == "bring"sv) {
    if (next == "back"sv || next == "home"sv) return {"deport", "return"};
    if (In(kForceNouns, object_head)) return {"deploy", ""};
    return {"", ""};
  }
  if (lemma == "hand"sv && next == "over"sv) return {"deport", "transfer"};
  if (lemma == "return"sv && !object_head.empty() && next != "to"sv) return {"deport", "return"};
  if (lemma == "blow"sv && next == "up"sv) return {"sabotage", "explosion"};
  if (lemma == "take"sv && (next == "over"sv || object_head == "control"sv)) return {"seize", ""};
  if (lemma == "open"sv && object_head == "fire"sv) return {"attack", "shooting"};
  if (lemma == "fire"sv && (next == "on"sv || next == "at"sv || object_head == "missiles"sv ||
                            object_head == "rockets"sv || object_head == "shells"sv)) {
    return {"attack", "shelling"};
  }
  if (lemma == "head"sv && (next == "to"sv || next == "for"sv)) return {"visit", "travel"};
  if (lemma == "travel"sv && next == "to"sv) return {"visit", "travel"};
  if (lemma == "arrive"sv && next == "in"sv) return {"visit", "travel"};
  if ((lemma == "pass"sv || lemma == "adopt"sv || lemma == "approve"sv || lemma == "sign"sv ||
       lemma == "draft"sv || lemma == "introduce"sv || lemma == "issue"sv) &&
      In(kLegislationNouns, object_head)) {
    return {"legislate",
            object_head == "decree"sv || object_head == "decrees"sv ? "decree" : "law"};
  }
  if (lemma == "call"sv && (next == "for"sv || next == "on"sv)) return {"request", "appeal"};
  // "demonstrated that", "seizing the opportunity": not protests or seizures.
  if (lemma == "demonstrate"sv && (next == "that"sv || !object_head.empty())) return {"", ""};
  if ((lemma == "seize"sv || lemma == "take"sv) &&
      (object_head == "opportunity"sv || object_head == "initiative"sv ||
       object_head == "chance"sv || object_head == "moment"sv)) {
    return {"", ""};
  }
  if (lemma == "ask"sv && next == "for"sv) return {"request", ""};
  if (lemma == "hold"sv && (object_head == "talks"sv || object_head == "negotiations"sv)) {
    return {"negotiate", ""};
  }
  if (lemma == "talk"sv && next == "with"sv) return {"negotiate", ""};
  if (lemma == "protest"sv && object_head.empty() && next != "against"sv && next != "in"sv &&
      next != "outside"sv && next != "at"sv && next != "on"sv && next != "over"sv &&
      !next.empty() && next != "."sv && next != ","sv) {
    return {"", ""};
  }
  static const auto senses = FirstSenses(kVerbSenses);
  if (const auto* v = Find(senses, lemma)) return {v->type, v->subtype};
  return {"", ""};
}

Trigger NounTrigger(std::string_view word, std::string_view prev) {
  if (word == "strike"sv || word == "strikes"sv) {
    for (const auto& k : kStrikeKinds) {
      if (k.prev == prev) return {"attack", k.subtype};
    }
    return {"", ""};  // a labour strike or a strike of luck
  }
  if (word == "attack"sv || word == "attacks"sv) {
    if (prev == "drone"sv) return {"attack", "drone_strike"};
    if (prev == "missile"sv || prev == "rocket"sv) return {"attack", "missile_strike"};
    if (prev == "air"sv) return {"attack", "air_strike"};
    if (prev == "heart"sv || prev == "panic"sv) return {"", ""};
  }
  if (word == "training"sv && (prev == "military"sv || prev == "combat"sv))
    return {"train", "military"};
  static const auto senses = FirstSenses(kNounSenses);
  if (const auto* n = Find(senses, word)) return {n->type, n->subtype};
  return {"", ""};
}

bool IsSupportVerb(std::string_view lemma) {
  static const std::unordered_set<std::string_view> k = {
      "launch",   "conduct",   "carry",  "stage",    "hold", "take",    "organise",
      "organize", "mount",     "attend", "join",     "lead", "receive", "order",
      "announce", "begin",     "start",  "continue", "play", "make",    "perpetrate",
      "commit",   "undertake", "wage",   "play",     "hold"};
  return k.count(lemma) > 0;
}

bool IsAspectualVerb(std::string_view lemma) {
  static const std::unordered_set<std::string_view> k = {
      "begin", "start", "continue", "erupt",     "resume", "end",  "happen", "occur",
      "take",  "break", "escalate", "intensify", "spread", "stop", "halt"};
  return k.count(lemma) > 0;
}

// Membership through hash sets built on first use: asked of most nouns of a text, where a scan of
// a few dozen words each time cost more than the hash.
bool IsLeaderNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k(std::begin(kLeaderNouns),
                                                      std::end(kLeaderNouns));
  return k.count(w) > 0;
}
bool IsForceNoun(std::string_view w) {
  static const std::unordered_set<std::string_view> k(std::begin(kForceNouns),
                                                      std::end(kForceNouns));
  return k.count(w) > 0;
}
bool IsPejorativeLabel(std::string_view w) {
  static const std::unordered_set<std::string_view> k(std::begin(kPejorative),
                                                      std::end(kPejorative));
  return k.count(w) > 0;
}

}  // namespace mosaic::extract
