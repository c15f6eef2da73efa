// Place resolution: gives every place entity `geo` (coordinates, gazetteer id, precision, country,
// admin1) from the gazetteer, choosing among candidates by population, feature class and the
// document's other places; turns a capital used for its government ("Minsk announced") into an
// organization of kind government linked to the place.
//
// Rules, in order:
//  - Region phrases: a generic word after (or ending) the name picks the level: "the Belgorod
//  region",
//    "Khabarovsk Territory", "Volyn Oblast" -> the region; "Asipovichy district" -> the town's
//    point at district precision. Without such a word a city beats a region of the same name that
//    holds it, when the name is the city's own ("Donetsk" is the city; "Indiana" is the state).
//  - "X County" (or "X" before "County", "Parish") is the US county of that full name when the
//    gazetteer has one, at district precision; "Ky.", "S.C." (AP-style, with the dot) are US
//    states.
//  - Candidates are scored by population and feature (capital, administrative seat), then again
//  with
//    the document's context: the countries it names and the regions and points of its other places
//    (each supporting place adds, up to a cap; a country or region is supported by the places it
//    holds). "X, Y" (a place, a comma, a place) favours the readings where Y holds X, on both
//    sides.
//  - A town abroad found only under a short or differently spelled alternate name, or a village
//    abroad, in a text whose places are elsewhere, is treated as a name the gazetteer lacks.
//  - A capital (GeoNames PPLC) that is the subject of a speech or decision verb ("Moscow claims",
//    "Minsk announced", "according to Moscow") and a seat-of-government name ("the Kremlin") become
//    an organization of kind government whose `linked_place` is a place entity for the city (made,
//    without mentions, when no mention of the city is used as a place).
//  - A name not in the gazetteer gets no coordinates of its own: it borrows the point of the finest
//    resolved place of the text (town, then region, then country; the nearest in the text among
//    equals) at a coarser precision ("district" around a town), or stays without `geo` when the
//    text has none. Coordinates are never made up.
// Deterministic and stateless; safe to call concurrently on different graphs.
#pragma once

#include "mosaic/docgraph.h"
#include "mosaic/pipeline.h"
#include "text/analyzed_text.h"

namespace mosaic::link {

class Gazetteer;

struct PlaceOptions {
  // Which names typed "organization" become places (the tagger's ORG for "Rostov-on-Don"):
  //   kNone:   none;
  //   kNarrow: kind "other" (no organisational cue) and the exact name of a country, region or area
  //            or of a city of at least kRetagPopulation people (used with the NER model);
  //   kBroad:  also any kind but "government" for countries, regions and areas, and any gazetteer
  //            place or unknown name the text calls a place ("the village of X", "X district"): the
  //            capitalisation fallback types every name "organization" and guesses kinds loosely.
  // The Resources overload picks kNarrow with an NER model and kBroad without.
  enum class Retag { kNone, kNarrow, kBroad };
  Retag retag = Retag::kNone;
};
inline constexpr uint32_t kRetagPopulation = 100000;

// Uses resources.gazetteer(); does nothing without one.
void ResolvePlaces(const text::AnalyzedText& text, const Resources& resources, DocGraph* graph);

// The same with an explicit gazetteer (tests, `mosaic eval geo`); does nothing when it is null.
void ResolvePlaces(const text::AnalyzedText& text, const Gazetteer* gazetteer, DocGraph* graph,
                   const PlaceOptions& options = {});

}  // namespace mosaic::link
