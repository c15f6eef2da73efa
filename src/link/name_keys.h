// Person and organisation name keys that survive romanisation, and the comparisons built on them.
// Used inside a document by coreference (link/coref.cc) and across documents by the store.
//
//   LatinFold("Лукашенко")            -> "lukashenko"   (ICU BGN/PCGN, then ASCII)
//   LatinFold("Lukašenka")            -> "lukashenka"   (č š ž -> ch sh zh before ASCII folding)
//   WordSkeleton("Zelenskyy")         == WordSkeleton("Zelensky") == "zelenski"
//   WordSkeleton("Lukashenka")        == WordSkeleton("Lukashenko")  (Belarusian -ka, Russian -ko)
//   GivenNameClass("Oleksandr")       == GivenNameClass("Alyaksandr") ==
//   GivenNameClass("Alexander") ComparePersonNames("Alexander Lukashenko", "Alyaksandr
//   Lukashenka").relation == kSame ComparePersonNames("Vladimir Putin", "Vladimir Milov").relation
//   == kGivenOnly  (never merged) PersonNameKeys("Alyaksandr Lukashenka") ->
//   {"p:aleksandr|lukashenko", "s:lukashenko"}
//
// The skeleton is a deliberately lossy spelling of one word: x=ks, w=v, q=k, ph=f, kh=h, ts/tz=c,
// y/j/i collapse, ye-/ie- = e-, doubled letters collapse, -skiy/-skyi/-sky = -ski, Belarusian -ou-
// before -sk and word-final = -ov-, -enka = -enko, Polish cz/sz/rz = ch/sh/zh. What the skeleton
// cannot fold (Tsikhanouskaya/Tikhanovskaya, Koushyk/Kovshik) is left to an edit distance on
// skeletons scaled by length. Feminine and masculine forms of one surname (Ivanov/Ivanova,
// -ski/-ska) never match: they name different people.
//
// Thread safety: pure functions; the tables are built once (thread-safe static initialisation) and
// ICU transliterators are per thread (link/translit.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "mosaic/docgraph.h"

namespace mosaic::link {

// Lower-case ASCII Latin form of a name: other scripts romanised (Cyrillic by BGN/PCGN), diacritics
// removed (č/š/ž/ć/ś/ź/ż first become ch/sh/zh), apostrophes dropped, other separators one space.
std::string LatinFold(std::string_view name);

// The space-separated words of `s` (runs of spaces are one separator; no empty words).
std::vector<std::string> SplitWords(std::string_view s);

// The phonetic skeleton of one already folded word (see above). "" for "".
std::string WordSkeleton(std::string_view folded_word);

// The canonical form of a given name's variant class ("aleksandr" for Alexander, Oleksandr,
// Alyaksandr, Aleksandr, ...), or the word's skeleton when the name is not in the tables.
// Diminutives are not merged (Sasha is not Alexander: that needs evidence, not spelling).
std::string GivenNameClass(std::string_view folded_word);

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), capped: returns
// cap + 1 as soon as the distance is known to exceed `cap`.
int EditDistance(std::string_view a, std::string_view b, int cap = 3);

// Like EditDistance, but only edits typical of romanisation count (vowels, v/h inserted or dropped,
// g/h/k, c/t, s/z); any other edit counts as more than `cap`.
int SoftEditDistance(std::string_view a, std::string_view b, int cap = 3);

// Edits a surname skeleton of this length may differ by and still be the same name across
// documents.
int AllowedSurnameEdits(size_t length);

// A person's name split into parts: titles, honorifics, possessive 's and initials' dots removed;
// the last word is the surname; Slavic patronymics (-ovich, -evna, ...) are kept apart.
struct PersonName {
  std::vector<std::string> given;  // folded given names (first, middle), without the patronymic
  std::string patronymic;          // folded, "" if none
  std::string surname;             // folded
  std::string surname_skeleton;    // WordSkeleton(surname)
  std::string given_class;         // GivenNameClass(given[0]), "" if no given name
  std::string given_skeleton;      // WordSkeleton(given[0]), "" if none or an initial
  bool initial_only = false;       // the given name is an initial ("A. Lukashenko")
  bool feminine = false;           // the surname has a feminine Slavic ending (-ova, -skaya, -ina)
  bool empty() const { return surname.empty(); }
};
PersonName ParsePersonName(std::string_view name);

enum class NameRelation {
  kSame,          // given names agree (or one is an initial of the other) and surnames match
  kSurnameMatch,  // surnames match, one side has no given name: the same person if the context
                  // agrees
  kGivenOnly,  // only the given names agree: different people ("Vladimir Putin" / "Vladimir Milov")
  kConflict,   // surnames match but given names differ, or feminine vs masculine form: different
  kDifferent,  // surnames differ
};
const char* NameRelationName(NameRelation r);

struct NameMatch {
  NameRelation relation = NameRelation::kDifferent;
  int surname_edits = 0;  // residual edits between the surname skeletons
  std::string
      evidence;  // why, e.g. "given aleksandr=aleksandr; surname lukashenko~lukashenko (0 edits)"
};

// Compares two person names as spelled. `surname_edits` is the number of residual edits the
// surnames may differ by; -1 means AllowedSurnameEdits (the cross-document default). In-document
// coreference passes a looser limit for misspellings when nothing else competes.
NameMatch ComparePersonNames(std::string_view a, std::string_view b, int surname_edits = -1);
// The same with both names already parsed (pa == ParsePersonName(a), pb == ParsePersonName(b)):
// callers comparing many pairs parse each name once.
NameMatch ComparePersonNames(const PersonName& pa, std::string_view a, const PersonName& pb,
                             std::string_view b, int surname_edits = -1);

// Blocking keys for a person name, best first: "p:<given class>|<surname skeleton>" when a given
// name is known, then "s:<surname skeleton>". Two names that ComparePersonNames calls kSame with
// zero residual edits share their "p:" key; with residual edits they share at most a "s:" key, so
// callers that block on keys must also look up near surnames (or compare within the "s:" block).
std::vector<std::string> PersonNameKeys(std::string_view name);

// Keys for an organisation or group name: "o:<folded name without a leading 'the'>" and, for a
// name of three or more capitalised words, "a:<acronym>" ("Collective Security Treaty Organization"
// -> "a:csto"); a name that is itself an acronym gives "a:<it>".
std::vector<std::string> OrgNameKeys(std::string_view name);

// The acronym of a multi-word name, from the initials of its capitalised words (function words
// skipped): "Collective Security Treaty Organization" -> "CSTO", "Financial Times" -> "FT".
std::string Acronym(std::string_view name);

// True when `word` looks like an acronym: 2-6 characters, mostly capitals ("CSTO", "FT", "RFE/RL").
bool LooksLikeAcronym(std::string_view word);

// What the store knows about an entity besides its names when deciding a cross-article join.
struct ActorContext {
  std::vector<std::string> countries_a,
      countries_b;  // ISO codes co-occurring/linked with each side
  std::vector<std::string> cooccurring_a,
      cooccurring_b;  // folded names of other entities in the docs
};

struct ActorMatch {
  bool same = false;
  double score = 0;      // 0..1, for ranking candidates
  std::string evidence;  // human-readable reason, stored with the merge
};

// Cross-article decision for two per-document entities: types must agree; people by
// ComparePersonNames over their names and aliases (kSame joins; kSurnameMatch joins only when the
// roles or co-occurring entities agree; kGivenOnly/kConflict never join); organisations and groups
// by folded name or acronym <-> long form; places by folded name (geocoded places are joined by the
// store on their gazetteer id instead).
ActorMatch SameActor(const Entity& a, const Entity& b, const ActorContext& context = {});

}  // namespace mosaic::link
