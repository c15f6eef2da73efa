#include "store/schema.h"

#include <ctime>
#include <vector>

#include "mosaic/store.h"

namespace mosaic::store {
namespace {

struct Migration {
  int version;
  const char* common;  // with {ID}, {INT}, {REAL} placeholders for the dialect's types
  const char* sqlite;  // SQLite-only part (virtual tables)
  const char* postgres;
};

// Offsets (start_pos, end_pos, sent_*) are BYTE offsets into documents.text.
const Migration kMigrations[] = {
    {1,
     R"sql(
CREATE TABLE documents (
  id {ID},
  doc_id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  version {INT} NOT NULL,
  is_current {INT} NOT NULL,
  title TEXT NOT NULL,
  published TEXT NOT NULL,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  reference_date TEXT NOT NULL,
  text TEXT NOT NULL,
  graph TEXT NOT NULL,
  n_entities {INT} NOT NULL,
  n_mentions {INT} NOT NULL,
  n_events {INT} NOT NULL,
  n_relations {INT} NOT NULL,
  ingested_at TEXT NOT NULL);
CREATE INDEX documents_url ON documents(url, is_current);
CREATE TABLE entities (
  id {ID},
  type TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  mention_count {INT} NOT NULL DEFAULT 0,
  doc_count {INT} NOT NULL DEFAULT 0,
  lat {REAL},
  lon {REAL},
  geo_id TEXT,
  geo_precision TEXT,
  country TEXT);
CREATE INDEX entities_rank ON entities(mention_count);
CREATE TABLE entity_keys (
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  entity_id {INT} NOT NULL,
  PRIMARY KEY (type, key));
CREATE INDEX entity_keys_key ON entity_keys(key);
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE entity_docs (
  entity_id {INT} NOT NULL,
  doc {INT} NOT NULL,
  local_id TEXT NOT NULL,
  local_name TEXT NOT NULL,
  matched_key TEXT NOT NULL,
  mentions {INT} NOT NULL,
  PRIMARY KEY (entity_id, doc, local_id));
CREATE INDEX entity_docs_doc ON entity_docs(doc);
CREATE TABLE aliases (
  entity_id {INT} NOT NULL,
  text TEXT NOT NULL,
  n {INT} NOT NULL,
  PRIMARY KEY (entity_id, text));
CREATE TABLE mentions (
  entity_id {INT} NOT NULL,
  doc {INT} NOT NULL,
  start_pos {INT} NOT NULL,
  end_pos {INT} NOT NULL,
  text TEXT NOT NULL,
  sent_start {INT} NOT NULL,
  sent_end {INT} NOT NULL);
CREATE INDEX mentions_entity ON mentions(entity_id, doc);
CREATE TABLE roles (
  entity_id {INT} NOT NULL,
  doc {INT} NOT NULL,
  title TEXT NOT NULL,
  start_pos {INT} NOT NULL,
  end_pos {INT} NOT NULL);
CREATE INDEX roles_entity ON roles(entity_id);
CREATE INDEX roles_doc ON roles(doc);
CREATE TABLE events (
  id {ID},
  doc {INT} NOT NULL,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  subtype TEXT NOT NULL,
  plover TEXT NOT NULL,
  status TEXT NOT NULL,
  cue TEXT NOT NULL,
  source_entity {INT},
  source_text TEXT NOT NULL,
  date_value TEXT,
  date_precision TEXT,
  date_start TEXT,
  date_end TEXT,
  trigger_start {INT} NOT NULL,
  trigger_end {INT} NOT NULL,
  sent_start {INT} NOT NULL,
  sent_end {INT} NOT NULL,
  fatalities {REAL},
  casualties TEXT NOT NULL,
  lat {REAL},
  lon {REAL},
  geo_precision TEXT);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date_start);
CREATE TABLE event_args (
  event_id {INT} NOT NULL,
  entity_id {INT} NOT NULL,
  role TEXT NOT NULL,
  ord {INT} NOT NULL);
CREATE INDEX event_args_entity ON event_args(entity_id, role, event_id);
CREATE INDEX event_args_event ON event_args(event_id);
CREATE TABLE relations (
  id {ID},
  doc {INT} NOT NULL,
  type TEXT NOT NULL,
  subject {INT} NOT NULL,
  object {INT} NOT NULL,
  status TEXT NOT NULL,
  cue TEXT NOT NULL,
  source_entity {INT},
  source_text TEXT NOT NULL,
  ev_start {INT} NOT NULL,
  ev_end {INT} NOT NULL,
  sent_start {INT} NOT NULL,
  sent_end {INT} NOT NULL);
CREATE INDEX relations_subject ON relations(subject);
CREATE INDEX relations_object ON relations(object);
CREATE INDEX relations_doc ON relations(doc);
)sql",
     R"sql(
CREATE VIRTUAL TABLE event_geo USING rtree(id, min_lat, max_lat, min_lon, max_lon);
CREATE VIRTUAL TABLE doc_fts USING fts5(title, text, content='documents', content_rowid='id');
)sql",
     R"sql(
CREATE INDEX events_geo ON events(lat, lon);
ALTER TABLE documents ADD COLUMN tsv tsvector GENERATED ALWAYS AS
  (to_tsvector('simple', left(title || ' ' || text, 500000))) STORED;
CREATE INDEX documents_tsv ON documents USING gin(tsv);
)sql"},
    // Version 2: the user's corrections of cross-article resolution (mosaic merge / split).
    {2, R"sql(
ALTER TABLE entities ADD COLUMN merged_into {INT};
CREATE TABLE entity_overrides (
  id {ID},
  action TEXT NOT NULL,
  entity_id {INT} NOT NULL,
  other_id {INT} NOT NULL,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE INDEX entities_key ON entities(type, key);
CREATE TABLE entity_names (
  entity_id {INT} NOT NULL,
  name TEXT NOT NULL,
  docs {INT} NOT NULL,
  PRIMARY KEY (entity_id, name));
INSERT INTO entity_names (entity_id, name, docs)
  SELECT entity_id, local_name, COUNT(*) FROM entity_docs GROUP BY entity_id, local_name;
CREATE TABLE pinned_keys (
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  entity_id {INT} NOT NULL,
  PRIMARY KEY (type, key));
)sql",
     "", ""},
    // Version 3: PostgreSQL indexes a document's url by its md5, since a b-tree entry holds at
    // most about 2.7 KB and some crawled urls are longer (SQLite has no such limit).
    {3, "", "",
     R"sql(
DROP INDEX documents_url;
CREATE INDEX documents_url ON documents(md5(url), is_current);
)sql"},
    // Version 4: on SQLite, the two tables the merge writes most rows to per document are
    // clustered on their primary keys (WITHOUT ROWID): one b-tree per row instead of a rowid
    // table plus a key index, and event_args' event index is the key itself. PostgreSQL's heap
    // tables stay as they are. The key columns come first: SQLite 3.40's integrity_check reads
    // a WITHOUT ROWID table's columns in declared order although they are stored key first, and
    // reports "NULL value" for every row when the two orders differ.
    {4, "",
     R"sql(
CREATE TABLE entity_docs_v4 (
  entity_id INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  local_name TEXT NOT NULL,
  matched_key TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  PRIMARY KEY (entity_id, doc, local_id)) WITHOUT ROWID;
INSERT INTO entity_docs_v4 SELECT entity_id, doc, local_id, local_name, matched_key, mentions
  FROM entity_docs;
DROP TABLE entity_docs;
ALTER TABLE entity_docs_v4 RENAME TO entity_docs;
CREATE INDEX entity_docs_doc ON entity_docs(doc);
CREATE TABLE event_args_v4 (
  event_id INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (event_id, ord)) WITHOUT ROWID;
INSERT INTO event_args_v4 (event_id, ord, entity_id, role)
  SELECT event_id, ord, entity_id, role FROM event_args;
DROP TABLE event_args;
ALTER TABLE event_args_v4 RENAME TO event_args;
CREATE INDEX event_args_entity ON event_args(entity_id, role, event_id);
)sql",
     ""},
    // Version 5: a document's mentions of an entity are packed into its entity_docs row (`spans`,
    // a JSON array of [start, end, sent_start, sent_end, text]) instead of a row each in a
    // `mentions` table: an article's ~37 mention rows, each with its index entry, were the largest
    // share of the merge's b-tree writes. `mentions` stays as a view with the old columns, so
    // queries (and users' own SQL) read it as before. Existing mention rows go to the first row
    // of their (entity, document) pair; `mentions` then counts each row's own spans.
    // And SQLite's full-text index merges its segments 8 at a time instead of 4: each batch adds
    // a segment, and merging them again and again was about a quarter of the index's cost (about
    // half as much merging, at most 7 segments per level for a search to read instead of 3).
    {5, "",
     R"sql(
CREATE TEMP TABLE spans_v5 (
  entity_id INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  spans TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (entity_id, doc)) WITHOUT ROWID;
INSERT INTO spans_v5 SELECT entity_id, doc,
    json_group_array(json_array(start_pos, end_pos, sent_start, sent_end, text)), COUNT(*)
  FROM (SELECT * FROM mentions ORDER BY entity_id, doc, start_pos) GROUP BY entity_id, doc;
CREATE TABLE entity_docs_v5 (
  entity_id INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  local_name TEXT NOT NULL,
  matched_key TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  spans TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (entity_id, doc, local_id)) WITHOUT ROWID;
INSERT INTO entity_docs_v5 SELECT ed.entity_id, ed.doc, ed.local_id, ed.local_name,
    ed.matched_key, COALESCE(s.n, 0), COALESCE(s.spans, '[]')
  FROM entity_docs ed LEFT JOIN spans_v5 s ON s.entity_id = ed.entity_id AND s.doc = ed.doc
    AND ed.local_id = (SELECT MIN(x.local_id) FROM entity_docs x
                       WHERE x.entity_id = ed.entity_id AND x.doc = ed.doc);
DROP TABLE spans_v5;
DROP TABLE entity_docs;
ALTER TABLE entity_docs_v5 RENAME TO entity_docs;
CREATE INDEX entity_docs_doc ON entity_docs(doc);
DROP TABLE mentions;
CREATE VIEW mentions AS SELECT ed.entity_id AS entity_id, ed.doc AS doc,
    json_extract(m.value, '$[0]') AS start_pos, json_extract(m.value, '$[1]') AS end_pos,
    json_extract(m.value, '$[4]') AS text, json_extract(m.value, '$[2]') AS sent_start,
    json_extract(m.value, '$[3]') AS sent_end
  FROM entity_docs ed, json_each(ed.spans) m;
INSERT INTO doc_fts (doc_fts, rank) VALUES ('automerge', 8);
)sql",
     R"sql(
ALTER TABLE entity_docs ADD COLUMN spans TEXT NOT NULL DEFAULT '[]';
UPDATE entity_docs SET mentions = 0;
UPDATE entity_docs ed SET spans = s.spans, mentions = s.n
  FROM (SELECT entity_id, doc, COUNT(*) AS n, json_agg(json_build_array(start_pos, end_pos,
          sent_start, sent_end, text) ORDER BY start_pos)::text AS spans
        FROM mentions GROUP BY entity_id, doc) s
  WHERE ed.entity_id = s.entity_id AND ed.doc = s.doc
    AND ed.local_id = (SELECT MIN(x.local_id) FROM entity_docs x
                       WHERE x.entity_id = ed.entity_id AND x.doc = ed.doc);
DROP TABLE mentions;
CREATE VIEW mentions AS SELECT ed.entity_id, ed.doc, (m.value->>0)::bigint AS start_pos,
    (m.value->>1)::bigint AS end_pos, m.value->>4 AS text, (m.value->>2)::bigint AS sent_start,
    (m.value->>3)::bigint AS sent_end
  FROM entity_docs ed CROSS JOIN LATERAL jsonb_array_elements(ed.spans::jsonb) AS m(value);
)sql"},
    // Version 6: on SQLite, entity_docs is clustered on (doc, entity_id, local_id) instead of
    // (entity_id, doc, local_id), with an index on (entity_id, doc, mentions) for the entity's
    // side. A merge appends a document's rows at the end of the table instead of spreading them
    // (with their packed spans) over the whole of it: in the batch's commit each random insert
    // dirtied a page of the clustered table, and the index's entries are a fraction of a row's
    // size. Measured: the merge's time in this table fell by about a third, ingest's CPU by 6%.
    // The view is dropped and made again around the rename, as SQLite checks views on a rename.
    // On both backends, roles are indexed on (entity, title): the namesake check reads an
    // entity's distinct role titles in each batch, which read every role row of a frequent
    // entity from the table; the index answers it alone (and still serves lookups by entity).
    {6,
     R"sql(
DROP INDEX roles_entity;
CREATE INDEX roles_entity ON roles(entity_id, title);
)sql",
     R"sql(
DROP VIEW mentions;
CREATE TABLE entity_docs_v6 (
  doc INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  local_name TEXT NOT NULL,
  matched_key TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  spans TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (doc, entity_id, local_id)) WITHOUT ROWID;
INSERT INTO entity_docs_v6 (doc, entity_id, local_id, local_name, matched_key, mentions, spans)
  SELECT doc, entity_id, local_id, local_name, matched_key, mentions, spans FROM entity_docs
  ORDER BY doc, entity_id, local_id;
DROP TABLE entity_docs;
ALTER TABLE entity_docs_v6 RENAME TO entity_docs;
CREATE INDEX entity_docs_entity ON entity_docs(entity_id, doc, mentions);
CREATE VIEW mentions AS SELECT ed.entity_id AS entity_id, ed.doc AS doc,
    json_extract(m.value, '$[0]') AS start_pos, json_extract(m.value, '$[1]') AS end_pos,
    json_extract(m.value, '$[4]') AS text, json_extract(m.value, '$[2]') AS sent_start,
    json_extract(m.value, '$[3]') AS sent_end
  FROM entity_docs ed, json_each(ed.spans) m;
)sql",
     ""},
    // Version 7: fewer b-trees for each new entity on SQLite, the merge's commonest write on real
    // news (nearly every article names people and places no earlier one did).
    // - entity_keys, aliases and entity_names are clustered on their primary keys (WITHOUT
    //   ROWID): one b-tree each instead of a rowid table plus the key's index.
    // - entity_keys loses its index on the key alone: a lookup by key without a type seeks the
    //   primary key once per type instead (the store holds a handful of types).
    // - entities(type, key) served only the person namesake check; it becomes an index of people
    //   alone, so other new entities do not write it.
    // PostgreSQL keeps its tables and indexes.
    {7, "",
     R"sql(
CREATE TABLE entity_keys_v7 (
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (type, key)) WITHOUT ROWID;
INSERT INTO entity_keys_v7 (type, key, entity_id) SELECT type, key, entity_id FROM entity_keys
  ORDER BY type, key;
DROP TABLE entity_keys;
ALTER TABLE entity_keys_v7 RENAME TO entity_keys;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE aliases_v7 (
  entity_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (entity_id, text)) WITHOUT ROWID;
INSERT INTO aliases_v7 (entity_id, text, n) SELECT entity_id, text, n FROM aliases
  ORDER BY entity_id, text;
DROP TABLE aliases;
ALTER TABLE aliases_v7 RENAME TO aliases;
CREATE TABLE entity_names_v7 (
  entity_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (entity_id, name)) WITHOUT ROWID;
INSERT INTO entity_names_v7 (entity_id, name, docs) SELECT entity_id, name, docs
  FROM entity_names ORDER BY entity_id, name;
DROP TABLE entity_names;
ALTER TABLE entity_names_v7 RENAME TO entity_names;
DROP INDEX entities_key;
CREATE INDEX entities_person_key ON entities(key) WHERE type = 'person';
)sql",
     ""},
    // Version 8: SQLite's full-text index keeps a batch's terms in memory until the batch commits
    // (FTS5's 'hashsize', 32 MiB instead of 1 MiB) and merges its segments 8 at a time again.
    // - With 1 MiB, FTS5 wrote a segment every few hundred news articles, three or four per
    //   batch, and merged them soon after: on 2,235 news articles the merge's instructions were
    //   6.8% higher (callgrind). A batch of 1,024 news articles holds about 3 MiB of terms.
    // - Version 5 set 'automerge' to 8, but a new store made from the latest schema in one script
    //   (since version 7) never got it, and merged 4 at a time, FTS5's default.
    // FTS5 keeps both settings in doc_fts_config; PostgreSQL has no such index.
    {8, "",
     R"sql(
INSERT INTO doc_fts (doc_fts, rank) VALUES ('automerge', 8);
INSERT INTO doc_fts (doc_fts, rank) VALUES ('hashsize', 33554432);
)sql",
     ""},
    // Version 9: SQLite finds events near a point through a grid, not an R*Tree. Each event with
    // a place keeps its quarter-degree band of latitude (`geo_cell`, from 0 at the South Pole to
    // 720 at the North Pole; GeoCell in sql_store.cc), and an index on (geo_cell, lon) holds only
    // those events: `events --near` seeks each band of its bounding box for the box's longitudes.
    // - Adding to an R*Tree chose a leaf, split nodes and rewrote node blobs: on 10,000 short,
    //   fact-dense articles (five events each) it was the merge's largest single write (102 of
    //   721 ms of SQL); with the bands, ingest went from 63.5% to 68.0% of extract's speed there
    //   (85.6% -> 85.9% on 6,000 longer conflict articles, unchanged on general news).
    // - The column is added on PostgreSQL too (the same rows, one INSERT for both), which keeps
    //   its index on events(lat, lon) for the same query.
    {9, "ALTER TABLE events ADD COLUMN geo_cell {INT};",
     R"sql(
UPDATE events SET geo_cell = CAST((lat + 90.0) * 4 AS INTEGER)
  WHERE lat IS NOT NULL AND lon IS NOT NULL;
CREATE INDEX events_cell ON events(geo_cell, lon) WHERE geo_cell IS NOT NULL;
DROP TABLE event_geo;
)sql",
     R"sql(
UPDATE events SET geo_cell = floor((lat + 90) * 4) WHERE lat IS NOT NULL AND lon IS NOT NULL;
)sql"},
    // Version 10: the ranking index holds only entities mentioned more than once. Most entities of
    // real news are named once in one article and stay so; each was an entry in the middle of
    // `entities_rank` (after the other ones, before the twos), a write and in time a page split
    // there, though a listing by mentions only reaches them after every entity named more often.
    // Entities() reads the ones first through this index, then the rest (sql_store.cc). On 817 news
    // DocGraphs the merge's instructions fell by 3.0% (callgrind); the index is about a third of
    // its old size.
    {10, R"sql(
DROP INDEX entities_rank;
CREATE INDEX entities_rank ON entities(mention_count) WHERE mention_count > 1;
)sql",
     "", ""},
};

// The latest SQLite schema in one script: what migrations 1..kStoreSchemaVersion leave, each
// statement as sqlite_master stores it (a renamed table's name quoted, as SQLite rewrites it).
// SqliteStoreTest.NewStoreHasTheMigratedSchema checks that a store made from it and one made by
// replaying the migrations have the same sqlite_master and full-text settings (doc_fts_config).
// A new store is made from it: replaying the migrations rebuilds tables and makes SQLite re-read
// its schema after every change, 6-12 ms, longer than loading the models beside it, so every small
// ingest waited for it.
// Update this with every new migration (the test says when it is stale).
constexpr const char* kSqliteLatest = R"sql(
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  doc_id TEXT NOT NULL UNIQUE,
  url TEXT NOT NULL,
  version INTEGER NOT NULL,
  is_current INTEGER NOT NULL,
  title TEXT NOT NULL,
  published TEXT NOT NULL,
  source TEXT NOT NULL,
  external_id TEXT NOT NULL,
  reference_date TEXT NOT NULL,
  text TEXT NOT NULL,
  graph TEXT NOT NULL,
  n_entities INTEGER NOT NULL,
  n_mentions INTEGER NOT NULL,
  n_events INTEGER NOT NULL,
  n_relations INTEGER NOT NULL,
  ingested_at TEXT NOT NULL);
CREATE INDEX documents_url ON documents(url, is_current);
CREATE TABLE entities (
  id INTEGER PRIMARY KEY,
  type TEXT NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  key TEXT NOT NULL,
  mention_count INTEGER NOT NULL DEFAULT 0,
  doc_count INTEGER NOT NULL DEFAULT 0,
  lat REAL,
  lon REAL,
  geo_id TEXT,
  geo_precision TEXT,
  country TEXT, merged_into INTEGER);
CREATE INDEX entities_rank ON entities(mention_count) WHERE mention_count > 1;
CREATE TABLE roles (
  entity_id INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  title TEXT NOT NULL,
  start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL);
CREATE INDEX roles_doc ON roles(doc);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  subtype TEXT NOT NULL,
  plover TEXT NOT NULL,
  status TEXT NOT NULL,
  cue TEXT NOT NULL,
  source_entity INTEGER,
  source_text TEXT NOT NULL,
  date_value TEXT,
  date_precision TEXT,
  date_start TEXT,
  date_end TEXT,
  trigger_start INTEGER NOT NULL,
  trigger_end INTEGER NOT NULL,
  sent_start INTEGER NOT NULL,
  sent_end INTEGER NOT NULL,
  fatalities REAL,
  casualties TEXT NOT NULL,
  lat REAL,
  lon REAL,
  geo_precision TEXT, geo_cell INTEGER);
CREATE INDEX events_doc ON events(doc);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_date ON events(date_start);
CREATE TABLE relations (
  id INTEGER PRIMARY KEY,
  doc INTEGER NOT NULL,
  type TEXT NOT NULL,
  subject INTEGER NOT NULL,
  object INTEGER NOT NULL,
  status TEXT NOT NULL,
  cue TEXT NOT NULL,
  source_entity INTEGER,
  source_text TEXT NOT NULL,
  ev_start INTEGER NOT NULL,
  ev_end INTEGER NOT NULL,
  sent_start INTEGER NOT NULL,
  sent_end INTEGER NOT NULL);
CREATE INDEX relations_subject ON relations(subject);
CREATE INDEX relations_object ON relations(object);
CREATE INDEX relations_doc ON relations(doc);
CREATE VIRTUAL TABLE doc_fts USING fts5(title, text, content='documents', content_rowid='id');
CREATE TABLE entity_overrides (
  id INTEGER PRIMARY KEY,
  action TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  other_id INTEGER NOT NULL,
  detail TEXT NOT NULL,
  created_at TEXT NOT NULL);
CREATE TABLE pinned_keys (
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (type, key));
CREATE TABLE "event_args" (
  event_id INTEGER NOT NULL,
  ord INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (event_id, ord)) WITHOUT ROWID;
CREATE INDEX event_args_entity ON event_args(entity_id, role, event_id);
CREATE INDEX roles_entity ON roles(entity_id, title);
CREATE TABLE "entity_docs" (
  doc INTEGER NOT NULL,
  entity_id INTEGER NOT NULL,
  local_id TEXT NOT NULL,
  local_name TEXT NOT NULL,
  matched_key TEXT NOT NULL,
  mentions INTEGER NOT NULL,
  spans TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (doc, entity_id, local_id)) WITHOUT ROWID;
CREATE INDEX entity_docs_entity ON entity_docs(entity_id, doc, mentions);
CREATE VIEW mentions AS SELECT ed.entity_id AS entity_id, ed.doc AS doc,
    json_extract(m.value, '$[0]') AS start_pos, json_extract(m.value, '$[1]') AS end_pos,
    json_extract(m.value, '$[4]') AS text, json_extract(m.value, '$[2]') AS sent_start,
    json_extract(m.value, '$[3]') AS sent_end
  FROM entity_docs ed, json_each(ed.spans) m;
CREATE TABLE "entity_keys" (
  type TEXT NOT NULL,
  key TEXT NOT NULL,
  entity_id INTEGER NOT NULL,
  PRIMARY KEY (type, key)) WITHOUT ROWID;
CREATE INDEX entity_keys_entity ON entity_keys(entity_id);
CREATE TABLE "aliases" (
  entity_id INTEGER NOT NULL,
  text TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (entity_id, text)) WITHOUT ROWID;
CREATE TABLE "entity_names" (
  entity_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  docs INTEGER NOT NULL,
  PRIMARY KEY (entity_id, name)) WITHOUT ROWID;
CREATE INDEX entities_person_key ON entities(key) WHERE type = 'person';
CREATE INDEX events_cell ON events(geo_cell, lon) WHERE geo_cell IS NOT NULL;
INSERT INTO doc_fts (doc_fts, rank) VALUES ('automerge', 8);
INSERT INTO doc_fts (doc_fts, rank) VALUES ('hashsize', 33554432);
)sql";

std::string Expand(std::string sql, Dialect d) {
  auto replace = [&](const std::string& from, const std::string& to) {
    for (size_t p = sql.find(from); p != std::string::npos; p = sql.find(from, p + to.size())) {
      sql.replace(p, from.size(), to);
    }
  };
  bool pg = d == Dialect::kPostgres;
  replace("{ID}",
          pg ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY" : "INTEGER PRIMARY KEY");
  replace("{INT}", pg ? "BIGINT" : "INTEGER");
  replace("{REAL}", pg ? "DOUBLE PRECISION" : "REAL");
  return sql;
}

Result<int> CurrentVersion(Conn& conn) {
  auto v = QueryInt(conn, "SELECT MAX(version) FROM schema_version", {});
  if (!v.ok()) return v.status();
  return v->value_or(0);
}

}  // namespace

std::string NowIso() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Result<int> Migrate(Conn& conn, const std::string& name, bool read_only, bool replay) {
  const bool pg = conn.dialect() == Dialect::kPostgres;
  auto too_new = [&](int v) {
    return Status::Corruption(name + ": database schema version " + std::to_string(v) +
                              " is newer than this mosaic supports (" +
                              std::to_string(kStoreSchemaVersion) + "); use a newer mosaic");
  };
  if (read_only) {
    auto v = CurrentVersion(conn);
    if (!v.ok())
      return Status::NotFound(name + ": not a Mosaic database (no schema_version table)");
    if (*v > kStoreSchemaVersion) return too_new(*v);
    // Versions 2 to 5 differ only in layout: a PostgreSQL index (3), how SQLite clusters two
    // tables (4), mentions packed into entity_docs behind a `mentions` view with the old table's
    // columns (5). Every query reads them alike, so a reader need not wait for a writer to
    // migrate the database.
    constexpr int kOldestReadable = 2;
    if (*v < kOldestReadable) {
      return Status::InvalidInput(name + ": database schema version " + std::to_string(*v) +
                                  " needs migrating; open it once for writing (mosaic ingest)");
    }
    return *v;
  }
  {
    // Fast path, and the only one for a reader while another process writes: an up-to-date
    // database needs no write lock.
    auto v = CurrentVersion(conn);
    if (v.ok() && *v == kStoreSchemaVersion) return *v;
    if (v.ok() && *v > kStoreSchemaVersion) return too_new(*v);
  }
  MOSAIC_RETURN_IF_ERROR(conn.Exec(pg ? "BEGIN" : "BEGIN IMMEDIATE"));
  auto fail = [&](const Status& s) {
    (void)conn.Exec("ROLLBACK");
    return s;
  };
  if (pg) {
    // Serialises concurrent first opens; released at COMMIT.
    Status st = conn.Exec("SELECT pg_advisory_xact_lock(7306196)");
    if (!st.ok()) return fail(st);
  }
  Status st = conn.Exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT "
      "NULL)");
  if (!st.ok()) return fail(st);
  auto cur = CurrentVersion(conn);
  if (!cur.ok()) return fail(cur.status());
  if (*cur > kStoreSchemaVersion) return fail(too_new(*cur));
  if (*cur == 0 && !pg && !replay) {
    // A new SQLite store (nothing but schema_version in it): the latest schema at once, and
    // every version recorded as the migrations would record them.
    auto tables =
        QueryInt(conn, "SELECT COUNT(*) FROM sqlite_master WHERE name != 'schema_version'", {});
    if (!tables.ok()) return fail(tables.status());
    if (**tables == 0) {
      st = conn.Exec(kSqliteLatest);
      for (const Migration& m : kMigrations) {
        if (!st.ok()) break;
        st = Run(conn, "INSERT INTO schema_version(version, applied_at) VALUES (?, ?)",
                 {int64_t{m.version}, NowIso()});
      }
      if (!st.ok()) return fail(st.WithContext(name + ": creating the schema"));
      MOSAIC_RETURN_IF_ERROR(conn.Exec("COMMIT"));
      return kStoreSchemaVersion;
    }
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= *cur) continue;
    if (*m.common) st = conn.Exec(Expand(m.common, conn.dialect()));
    const char* dialect_part = pg ? m.postgres : m.sqlite;
    if (st.ok() && *dialect_part) st = conn.Exec(dialect_part);  // PostgreSQL refuses ""
    if (st.ok()) {
      st = Run(conn, "INSERT INTO schema_version(version, applied_at) VALUES (?, ?)",
               {int64_t{m.version}, NowIso()});
    }
    if (!st.ok()) {
      return fail(
          st.WithContext(name + ": migration to schema version " + std::to_string(m.version)));
    }
  }
  MOSAIC_RETURN_IF_ERROR(conn.Exec("COMMIT"));
  return kStoreSchemaVersion;
}

}  // namespace mosaic::store
