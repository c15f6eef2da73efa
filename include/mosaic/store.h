// Store: the cross-document graph that DocGraphs are merged into, and the queries over it.
//
// Two backends behind this one interface, chosen by Store::Open from the --db string:
//   "postgresql://..." or "postgres://..."  -> PostgreSQL (libpq connection URI; shared team
//   server) anything else                           -> SQLite file (default ./mosaic.db), WAL
//   journal
// Both hold the same schema (docs/store.md), versioned in a `schema_version` table; Open applies
// the pending migrations and refuses a database written by a newer Mosaic
// (StatusCode::kCorruption).
//
// Merging (Put) is incremental and idempotent:
//   - a document is keyed by its content hash (Document::id): putting the same text again changes
//     nothing (PutOutcome::kUnchanged);
//   - a different text under the url of a stored document becomes its next version: the old
//   version's
//     facts (mentions, events, relations) leave the graph, its text stays for history;
//   - each per-document entity joins a store-wide entity by (type, name key) (store/name_key.h);
//   the
//     `entity_docs` table records which document (and which of its local entities) supports each
//     join.
// Offsets: the store keeps BYTE offsets into the document text (as DocGraph does); everything a
// query returns as `start`/`end` in JSON is converted to Unicode code points, like the DocGraph
// contract.
//
// Transactions: Put must run between Begin and Commit; a batch of documents per transaction is what
// makes ingest fast and crash-safe (a killed ingest leaves only whole, committed documents).
//
// Thread safety: a Store is used by one thread at a time. Several processes may write the same
// PostgreSQL database (see LockForMerge); a SQLite file has one writer at a time (others wait up
// to busy_timeout).
//
//   auto store = mosaic::Store::Open("mosaic.db", {});
//   if (!store.ok()) { ... store.status().message() ... }
//   (*store)->Begin(); (*store)->Put(graph); (*store)->Commit();
//   auto hits = (*store)->Search("training camp", 10);
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/docgraph.h"
#include "mosaic/status.h"

namespace mosaic {

struct StoreOptions {
  // SQLite: milliseconds a connection waits for another writer before failing. Default 10 s.
  int busy_timeout_ms = 10000;
  // Open without creating or migrating (queries only). An absent SQLite file is then kNotFound.
  bool read_only = false;
  // Create an absent SQLite file (ingest). Queries set false: a mistyped path is kNotFound, not a
  // new empty database.
  bool create = true;
};

// The default --db value.
inline constexpr const char* kDefaultDbPath = "mosaic.db";

// The schema version this binary writes (docs/store.md lists each version's change).
inline constexpr int kStoreSchemaVersion = 10;

enum class PutOutcome { kAdded, kUnchanged, kNewVersion };

// A piece of a document that supports a fact. `snippet` is the sentence around the span with the
// span itself marked as [[...]]; start/end are code point offsets into the document text.
struct Evidence {
  std::string doc_id;
  std::string url;
  uint32_t start = 0, end = 0;
  std::string snippet;
};

struct EntitySummary {
  int64_t id = 0;  // store-wide id (stable within one database)
  std::string type, kind, name;
  std::string key;  // the name key it was resolved by
  int64_t mentions = 0, documents = 0;
  std::optional<double> lat, lon;
  std::string geo_id, geo_precision, country;
};

// The user's corrections of cross-article resolution (`mosaic merge`, `mosaic split`).
struct MergeResult {
  int64_t from = 0, into = 0;
  int64_t mentions = 0, documents = 0;  // of `into` afterwards
};
struct SplitSpec {
  std::vector<std::string> documents;  // doc ids or urls whose mentions move out
  std::string alias;                   // or: the documents where the entity is called this
};
struct SplitResult {
  int64_t from = 0, created = 0;
  int64_t moved_mentions = 0, moved_documents = 0;
};

struct EntityFilter {
  std::string type;  // "" = any
  std::string kind;
  std::string name;  // case-insensitive substring of the name; "" = any
  int limit = 100;
};

struct EventRecord {
  int64_t id = 0;
  std::string doc_id, url, published;
  std::string type, subtype, plover;
  std::string status, cue;
  std::string attribution;  // the source's name, "" = the article's own voice
  std::string date, date_precision, date_start, date_end;  // "" when unknown
  std::vector<EntitySummary> actors, targets, places;
  std::optional<double> lat, lon;  // from the first geocoded place
  std::string geo_precision;
  std::optional<double> fatalities;  // killed, lower bound; unset when the text gives no number
  std::string casualties;            // all counts, "killed 3; wounded 2-5"
  Evidence evidence;                 // the trigger
};

struct EventFilter {
  std::string type;    // exact Mosaic type or subtype
  std::string actor;   // entity name (resolved through the name key) or "#ID"
  std::string target;  // ditto
  std::string place;   // ditto
  std::optional<double> near_lat, near_lon, near_km;  // all three or none
  std::string from, to;  // ISO dates, inclusive; events whose date interval overlaps [from, to]
  std::string status;
  int limit = 100;  // 0 = no limit
};

// Reads "LAT,LON,KM" (`events --near`, the API's `near`) into `f`: LAT in [-90, 90], LON in
// [-180, 180], KM > 0. False, and `f` untouched, for anything else.
bool ParseNear(const std::string& text, EventFilter* f);

// How the refusal of a filter names the field at fault: as a command's option ("--from") or as a
// web API query parameter ("from").
enum class FilterNames { kOptions, kParameters };

// Refuses, with InvalidInput and one line naming the field, what an event filter can get wrong
// whatever the store holds: a status not among kAttributionStatuses, a from/to bound that is not
// YYYY, YYYY-MM or YYYY-MM-DD naming a real month and day, a range that ends before it begins, a
// near point out of range. Store::Events checks it too (naming parameters); the CLI and the web
// API check first, so that the message names what their user typed.
Status CheckEventFilter(const EventFilter& f, FilterNames names);
// Likewise for an entity filter: a type not among kEntityTypes. (Kinds are an open set.)
Status CheckEntityFilter(const EntityFilter& f, FilterNames names);

struct RelationRecord {
  std::string type;
  EntitySummary subject, object;
  std::string status, attribution;
  Evidence evidence;
};

struct DocumentRecord {
  std::string doc_id, url, title, published;
  int version = 1;
  int64_t mentions = 0;  // of the entity, in profiles
};

struct EntityProfile {
  EntitySummary entity;
  std::vector<std::pair<std::string, int64_t>> aliases;  // surface form -> mentions
  std::vector<std::pair<std::string, int64_t>> roles;    // title -> documents stating it
  std::vector<RelationRecord> relations;
  std::vector<EventRecord> as_actor, as_target;
  std::vector<DocumentRecord> documents;
  std::vector<Evidence> evidence;  // mention snippets
};

// One hop of a path between two entities: `from` and `to` are connected by a relation of `via` type
// ("relation:leads") or by taking part in the same event ("event:attack").
struct PathHop {
  EntitySummary from, to;
  std::string via;
  Evidence evidence;
};

struct SearchHit {
  std::string doc_id, url, title, published;
  std::string snippet;  // matched words marked [[...]]
  double score = 0;     // higher is better; backend-specific scale
};

struct StoreStats {
  int64_t documents = 0, versions = 0, entities = 0, mentions = 0, events = 0, relations = 0;
};

// An edge of the entity graph as the path search and the GraphML export see it.
struct GraphEdge {
  int64_t from = 0, to = 0;
  std::string via;      // "relation:TYPE" or "event:TYPE"
  int64_t fact_id = 0;  // relation or event id (for evidence)
};

class Store {
 public:
  // Opens (creating and migrating unless options.read_only) the database named by `db`.
  static Result<std::unique_ptr<Store>> Open(const std::string& db, const StoreOptions& options);
  virtual ~Store() = default;

  virtual std::string backend() const = 0;  // "sqlite" | "postgresql"
  virtual int schema_version() const = 0;

  // Ends the connection: a batch still open is rolled back, and SQLite moves its write-ahead log
  // into the database file and removes it. The store's memory (its caches) is released only with
  // the object, so a process about to exit may close its store and skip that teardown (the CLI
  // does). After Close only the destructor may be called; destroying an open store closes it.
  virtual Status Close() = 0;

  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // Merges one document's graph. Must run inside Begin/Commit.
  virtual Result<PutOutcome> Put(const DocGraph& graph) = 0;
  // Whether the store holds this document (any version of its text; it is keyed by the text's
  // content hash), this transaction's own documents included: exactly when Put of its graph
  // would answer kUnchanged. Lets ingest skip extracting a text it has stored already.
  virtual Result<bool> HasDocument(const Document& doc) = 0;

  // Several processes writing one PostgreSQL database (mosaic worker): Put locks the names it
  // resolves (doc id, url, entity keys) until Commit, so concurrent writers never create one
  // entity twice; a writer that puts several documents per transaction calls this first, right
  // after Begin, with all of them, so that it takes every lock at once in a fixed order and never
  // deadlocks with another. A no-op on SQLite (one writer at a time). See docs/scale.md.
  virtual Status LockForMerge(const std::vector<const DocGraph*>& graphs) {
    (void)graphs;
    return Status::Ok();
  }
  // Whether the open transaction should be committed before it takes more documents, whatever
  // the caller's batch size: on PostgreSQL, when the name locks it holds (above) near its share
  // of the server's shared lock table, which a larger batch would exhaust ("out of shared
  // memory"). Never on SQLite.
  virtual bool BatchFull() const { return false; }
  // For a writer that locks a whole batch up front (LockForMerge): how many of `graphs`, from
  // the first, one transaction can merge together without its name locks passing that same share
  // of the server's lock table. At least 1 (a single document always goes); all of them on
  // SQLite. The caller commits each such group on its own.
  virtual Result<size_t> MergeGroupSize(const std::vector<const DocGraph*>& graphs) {
    return graphs.size();
  }
  // For a writer that puts documents one at a time (ingest), before each Put: true when the
  // document may be put in the open transaction. On PostgreSQL, once the transaction holds name
  // locks, false when another writer holds one of this document's names: the caller then commits
  // (letting go of its own locks) and puts the document in a new transaction, so that no two
  // writers ever wait for each other while each holds what the other needs. Always true on
  // SQLite (one writer at a time).
  virtual Result<bool> LockOrYield(const DocGraph& graph) {
    (void)graph;
    return true;
  }

  virtual Result<StoreStats> Stats() = 0;
  virtual Result<std::vector<EntitySummary>> Entities(const EntityFilter& filter) = 0;
  // Entities a name (or "#ID") refers to, best (most mentioned) first. Empty when none.
  virtual Result<std::vector<EntitySummary>> FindEntities(const std::string& name_or_id) = 0;
  virtual Result<EntityProfile> Profile(int64_t entity_id, int max_items) = 0;
  virtual Result<std::vector<EventRecord>> Events(const EventFilter& filter) = 0;
  virtual Result<std::vector<SearchHit>> Search(const std::string& text, int limit) = 0;

  // Neighbours of an entity for path search: at most `limit` edges, relations first.
  virtual Result<std::vector<GraphEdge>> Neighbours(int64_t entity_id, int limit) = 0;
  // Evidence for an edge found by Neighbours.
  virtual Result<Evidence> EdgeEvidence(const GraphEdge& edge) = 0;

  // Corrections, each in its own transaction (not inside Begin/Commit) and recorded in the
  // entity_overrides table. They last: the name keys move with the facts (a split pins the moved
  // names' own keys to the new entity), so documents ingested later resolve as the user decided,
  // and a re-ingested or re-versioned document keeps to it.
  // Moves every fact of `from` (mentions, roles, aliases, event arguments, relations, name keys)
  // to `into`; `from` remains as a pointer ("#from" finds `into`).
  virtual Result<MergeResult> MergeEntities(int64_t from, int64_t into) = 0;
  // Moves the facts of entity `id` in the documents `spec` names to a new entity.
  virtual Result<SplitResult> SplitEntity(int64_t id, const SplitSpec& spec) = 0;

  // Streams for exports (current document versions only), in id order.
  virtual Status ForEachDocGraphJson(bool with_text,
                                     const std::function<Status(const std::string&)>& fn) = 0;
  // One current document's DocGraph JSON line (as ForEachDocGraphJson gives it), by its doc_id;
  // nullopt when no current document has that id.
  virtual Result<std::optional<std::string>> DocGraphJson(const std::string& doc_id,
                                                          bool with_text) = 0;
  virtual Status ForEachEntity(const std::function<Status(const EntitySummary&)>& fn) = 0;
  virtual Status ForEachEvent(const std::function<Status(const EventRecord&)>& fn) = 0;
  virtual Status ForEachRelation(const std::function<Status(const RelationRecord&)>& fn) = 0;
  virtual Status ForEachDocument(const std::function<Status(const DocumentRecord&)>& fn) = 0;
};

}  // namespace mosaic
