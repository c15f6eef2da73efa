// DocGraph: the stateless output of extraction for one document (schema "mosaic.docgraph/1").
//
// Inside the library every span is a pair of BYTE offsets into Document::text. ToJson converts them
// to Unicode code point offsets, which is what the JSON contract (docs/schema.md) promises: every
// {start, end} slices the emitted `text` exactly. Stages fill the parts they own:
//   text    -> sentences
//   tag     -> entities (names), dates, quantities
//   link    -> entity merging, roles, geo
//   extract -> events, relations
// Ids are local to the document ("e1", "v1"); the store gives global ids when merging.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mosaic/document.h"
#include "mosaic/status.h"

namespace mosaic {

struct Span {
  uint32_t start = 0;  // byte offset into Document::text
  uint32_t end = 0;    // one past the last byte
  bool operator==(const Span&) const = default;
};

struct Mention {
  Span span;
  std::string text;   // exactly Document::text[span.start, span.end)
  int sentence = -1;  // index into DocGraph::sentences
};

struct Geo {
  double lat = 0, lon = 0;
  std::string id;         // "geonames:N" or "iso:XX-YYY" or "iso:XX" or "fips:SSCCC" (US county)
  std::string precision;  // facility | village | city | district | region | country
  std::string country;    // ISO 3166-1 alpha-2
  std::string admin1;     // first-level subdivision name, if known
  // A name the gazetteer does not hold, placed by the text inside or beside a place it does hold
  // ("the village of X near Y"): lat, lon and id are that place's, at a coarser precision. Not an
  // identity: the store does not join entities on such an id.
  bool borrowed = false;
};

struct Role {
  std::string title;  // "Foreign Minister", "governor of Belgorod"
  Span evidence;      // the words that state it
  std::string of;     // entity id the role is held in, if resolved ("" otherwise)
};

struct Entity {
  std::string id;    // "e1", "e2", ... local to the document
  std::string type;  // person | organization | place | group
  std::string
      kind;  // organization: armed_group, government, media, party, international, research,
             // other; place: country, region, city, village, facility, area; else ""
  std::string name;                  // canonical name: the most complete frequent form
  std::vector<std::string> aliases;  // every other surface form
  std::vector<Mention> mentions;
  std::optional<Geo> geo;
  std::vector<Role> roles;
  std::string linked_place;  // for a capital used for its government: the place entity id
};

struct DateExpr {
  Span span;
  std::string text;
  std::string type;       // date | time | duration | set
  std::string value;      // TIMEX3-style value ("2023-05-22", "2023-06", "P27Y"), "" if unresolved
  std::string precision;  // day | week | month | year | decade | century | ""
  std::string modifier;   // early | mid | late | approx | before | after | since | ""
  std::string interval_start, interval_end;  // ISO dates, inclusive; "" when unresolved
  bool resolved = false;                     // false for a relative date with no reference date
  std::string note;  // why a date is unresolved, or what it was resolved against
};

struct Quantity {
  Span span;
  std::string text;
  double value = 0;           // the number ("some 200" -> 200)
  std::optional<double> min;  // lower bound ("at least 12" -> 12)
  std::optional<double> max;  // upper bound ("nearly 1,800" -> 1800)
  std::string approx;         // exact | approx | at_least | at_most | range | vague
  std::string unit;           // the counted noun ("civilians", "people", "km")
  std::string role;           // killed | wounded | detained | evacuated | displaced | missing | ""
  std::string of;             // entity id of the counted group, when it is a named entity
  std::string qualifier;      // "seriously" in "at least 2 seriously"
  int parent = -1;            // index of the quantity this one is a part of ("of whom")
  int sentence = -1;
};

// Every status an attribution may carry, as docs/schema.md lists them ("" reads as asserted).
inline constexpr std::array<std::string_view, 6> kAttributionStatuses = {
    "asserted", "claimed", "denied", "unconfirmed", "speculative", "planned"};

// Every entity type, as docs/schema.md lists them.
inline constexpr std::array<std::string_view, 4> kEntityTypes = {"person", "organization", "place",
                                                                 "group"};

struct Attribution {
  std::string source;       // "" = the article's own voice; else an entity id
  std::string source_text;  // surface text of the source ("Lavrov", "the FT")
  std::string status;       // asserted | claimed | denied | unconfirmed | speculative | planned
  std::string cue;          // the word that set the status ("said", "could not be confirmed")
};

struct Casualty {
  std::string role;  // killed | wounded | ...
  double min = 0;
  std::optional<double> max;
  std::string who;    // counted group as text
  int quantity = -1;  // index into DocGraph::quantities
};

struct Event {
  std::string id;
  std::string type;     // Mosaic type (docs/events.md)
  std::string subtype;  // e.g. drone_strike
  std::string plover;   // PLOVER category
  Mention trigger;
  int sentence = -1;
  std::vector<std::string> actors, targets, places;  // entity ids
  std::optional<DateExpr> date;
  std::vector<Casualty> casualties;
  Attribution attribution;
};

struct Relation {
  std::string type;             // leads, member_of, spokesperson_for, ...
  std::string subject, object;  // entity ids
  Span evidence;
  Attribution attribution;
};

struct DocGraph {
  static constexpr const char* kSchema = "mosaic.docgraph/1";
  Document doc;
  std::string reference_date;    // ISO date relative dates were resolved against, "" if none
  std::string reference_source;  // published | text | none
  std::vector<Span> sentences;
  std::vector<Entity> entities;
  std::vector<DateExpr> dates;
  std::vector<Quantity> quantities;
  std::vector<Event> events;
  std::vector<Relation> relations;
};

struct JsonOptions {
  bool with_text = false;  // include the document text
  bool pretty = false;
};

// Serialises to one line of JSON (no trailing newline), offsets in code points.
std::string ToJson(const DocGraph& g, const JsonOptions& options = {});

// Parses one DocGraph line as ToJson writes it with `with_text` (the text is required: spans are
// offsets into it). Checks the schema, that doc.id is the text's hash, that every span lies in the
// text and every mention's text is the slice it names, and that every entity id an event,
// relation or quantity refers to is defined. Errors are one line naming the JSON path.
Result<DocGraph> DocGraphFromJson(std::string_view json);

}  // namespace mosaic
