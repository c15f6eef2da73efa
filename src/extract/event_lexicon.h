// The event lexicon: which verbs and nouns trigger which Mosaic event type, and how each type maps
// to PLOVER, the CAMEO root code and ACLED's event / sub-event type (docs/events.md is the
// reference; this file is its machine form).
//
// Lookups are by lower-cased lemma (verbs) or word (nouns); the caller supplies the context words
// that disambiguate ("send back" is a return, "send troops" a deployment, "drone strike" a
// drone strike). Thread safety: immutable static tables.
#pragma once

#include <string_view>

namespace mosaic::extract {

struct EventTypeInfo {
  std::string_view type;                          // Mosaic type
  std::string_view plover;                        // PLOVER category ("OTHER" where PLOVER has none)
  int cameo_root;                                 // CAMEO root code (1..20), 0 if none
  std::string_view acled_event, acled_sub_event;  // "" where ACLED has no equivalent
  // How arguments map: for "symmetric" types (clash, meet, negotiate) the object and "with"
  // phrases are co-participants; for "motion" types (visit, deploy, deport) a place object or a
  // "to" phrase is the destination.
  bool symmetric = false;
  bool motion = false;
};

struct Trigger {
  std::string_view type;
  std::string_view subtype;  // "" or e.g. "drone_strike"
};

// Every type, in documentation order.
const EventTypeInfo* EventTypes(size_t* count);
const EventTypeInfo* FindEventType(std::string_view type);

// A verb trigger from its lemma. `next` is the word after the verb (particles: "send back",
// "take over"); `object_head` the head of its direct object ("" if none), used for light and
// ambiguous verbs ("pass a law", "fire on", "send troops"). Returns {"", ""} if not a trigger.
Trigger VerbTrigger(std::string_view lemma, std::string_view next, std::string_view object_head);

// A nominal trigger ("attack", "attacks", "mutiny", "talks"); `prev` is the word before it
// ("drone" in "drone strikes"). Returns {"", ""} if not a trigger.
Trigger NounTrigger(std::string_view word, std::string_view prev);

// Verbs whose object is an event noun and whose subject is that event's actor ("took part in a
// meeting", "launched an attack", "staged protests", "carried out raids").
bool IsSupportVerb(std::string_view lemma);
// Verbs that mark the start / continuation of an event named by their subject or complement
// ("clashes started in Belgorod", "began training").
bool IsAspectualVerb(std::string_view lemma);
// Nouns for the people in an organisation's leadership or service: used for roles and relations.
bool IsLeaderNoun(std::string_view word);
// Military personnel and units ("troops", "fighters"): the objects of deploy/send.
bool IsForceNoun(std::string_view word);
// Pejorative labels used in accusations ("extremists", "terrorists", "saboteurs").
bool IsPejorativeLabel(std::string_view word);

}  // namespace mosaic::extract
