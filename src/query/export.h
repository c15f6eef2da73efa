// Exports of the store into the formats analysts' tools read (docs/store.md has the field lists):
//   jsonl    one DocGraph per line (the extract contract; current document versions)
//   csv      events, ACLED-like columns (event_date, time_precision, event_type, sub_event_type,
//            actor1, actor2, location, latitude, longitude, geo_precision, fatalities, source,
//            notes) plus Mosaic's status and attribution
//   geojson  a FeatureCollection of geocoded events and places (Point, [lon, lat])
//   graphml  the actor network: entities that take part in relations or events, edges weighted by
//            how many facts support them (loads in Gephi, yEd, networkx)
//   ftm      FollowTheMoney entities as JSON lines (Person, Organization, PublicBody, Address,
//   Event,
//            Directorship, Membership, UnknownLink, Article; loads into Aleph with `ftm` tools)
// Output is streamed; ids in ftm are stable hashes of the store's keys, so two exports of the same
// data (or of SQLite and PostgreSQL stores) agree. csv and geojson may be limited to the events
// an EventFilter matches (ExportOptions::events).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mosaic/store.h"

namespace mosaic::query {

struct ExportOptions {
  bool with_text = false;  // jsonl: include each document's text
  // csv and geojson: only the events this filter matches (its limit is ignored: all of them),
  // and in geojson only the places they name. The other formats refuse a filter.
  std::optional<EventFilter> events;
};

const std::vector<std::string>& ExportFormats();

Status Export(Store& store, const std::string& format, std::ostream& out,
              const ExportOptions& options = {});

// RFC 4180 field quoting (exposed for tests).
std::string CsvField(const std::string& s);

}  // namespace mosaic::query
