#include "store/sql_store.h"

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/container/node_hash_map.h>
#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "store/graph_blob.h"
#include "store/graph_codec.h"
#include "store/name_key.h"
#include "store/schema.h"
#include "util/geo.h"
#include "util/json_writer.h"

namespace mosaic::store {
namespace {

constexpr const char* kEntityCols =
    "en.id, en.type, en.kind, en.name, en.key, en.mention_count, en.doc_count, en.lat, en.lon, "
    "en.geo_id, en.geo_precision, en.country";

constexpr std::string_view kInsertInto = "INSERT INTO ";

EntitySummary ReadEntity(Stmt* s, int c) {
  EntitySummary e;
  e.id = s->Int(c);
  e.type = s->Text(c + 1);
  e.kind = s->Text(c + 2);
  e.name = s->Text(c + 3);
  e.key = s->Text(c + 4);
  e.mentions = s->Int(c + 5);
  e.documents = s->Int(c + 6);
  e.lat = s->OptReal(c + 7);
  e.lon = s->OptReal(c + 8);
  e.geo_id = s->Text(c + 9);
  e.geo_precision = s->Text(c + 10);
  e.country = s->Text(c + 11);
  return e;
}

// A document's key in the store: its id (the readers set the text's content hash), else the hash.
std::string DocIdOf(const Document& d) { return d.id.empty() ? ContentId(d.text) : d.id; }

// An event's band of latitude for `events --near` (schema version 9): quarter degrees from 0 at
// the South Pole to 720 at the North Pole. Migration 9 computes the same number in SQL
// (CAST((lat + 90.0) * 4 AS INTEGER), which truncates as this does for a latitude in range).
int64_t GeoCell(double lat) {
  return static_cast<int64_t>((std::clamp(lat, -90.0, 90.0) + 90.0) * 4.0);
}

// "2023" -> "2023-01-01" (low) / "2023-12-31" (high); "2023-06" -> "2023-06-01" / "2023-06-31".
// Day 31 for every month is fine: the bounds are only compared as strings.
std::string PadDate(const std::string& d, bool high) {
  if (d.size() == 4) return d + (high ? "-12-31" : "-01-01");
  if (d.size() == 7) return d + (high ? "-31" : "-01");
  return d.substr(0, std::min<size_t>(d.size(), 10));
}

bool IsIsoDatePrefix(const std::string& d) {
  if (d.size() != 4 && d.size() != 7 && d.size() < 10) return false;
  for (size_t i = 0; i < std::min<size_t>(d.size(), 10); ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? d[i] != '-' : (d[i] < '0' || d[i] > '9')) return false;
  }
  return true;
}

// A date bound a user gave (events --from/--to, the web API's from/to): YYYY, YYYY-MM or
// YYYY-MM-DD naming a real month and day (2023-02-30 is not one), optionally followed by a time
// ("T..."). IsIsoDatePrefix above only checks the shape, which is enough for the pipeline's own
// dates; a bound like 2020-13-45 would otherwise be compared as text and answer nonsense.
bool IsCalendarDateBound(const std::string& d) {
  if (!IsIsoDatePrefix(d) || (d.size() > 10 && d[10] != 'T')) return false;
  const int year = std::stoi(d.substr(0, 4));
  if (d.size() == 4) return true;
  const unsigned month = static_cast<unsigned>(std::stoi(d.substr(5, 2)));
  if (d.size() == 7) return month >= 1 && month <= 12;
  const unsigned day = static_cast<unsigned>(std::stoi(d.substr(8, 2)));
  return std::chrono::year_month_day{std::chrono::year{year}, std::chrono::month{month},
                                     std::chrono::day{day}}
      .ok();
}

Span SentenceAround(const DocGraph& g, int sentence, uint32_t pos) {
  if (sentence >= 0 && static_cast<size_t>(sentence) < g.sentences.size()) {
    return g.sentences[static_cast<size_t>(sentence)];
  }
  auto it = std::upper_bound(g.sentences.begin(), g.sentences.end(), pos,
                             [](uint32_t p, const Span& s) { return p < s.start; });
  if (it != g.sentences.begin()) {
    --it;
    if (pos >= it->start && pos <= it->end) return *it;
  }
  return Span{0, 0};  // unknown: the snippet falls back to a window around the span
}

uint32_t CodePoints(const std::string& text, uint32_t byte_end) {
  uint32_t n = 0;
  byte_end = std::min<uint32_t>(byte_end, static_cast<uint32_t>(text.size()));
  for (uint32_t i = 0; i < byte_end; ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string Casualties(const Event& ev, std::optional<double>* fatalities) {
  std::string out;
  for (const auto& c : ev.casualties) {
    if (!out.empty()) out += "; ";
    char buf[64];
    if (c.max && *c.max != c.min) {
      std::snprintf(buf, sizeof buf, "%g-%g", c.min, *c.max);
    } else {
      std::snprintf(buf, sizeof buf, "%g", c.min);
    }
    out += (c.role.empty() ? std::string("affected") : c.role) + " " + buf;
    if (!c.who.empty()) out += " " + c.who;
    // Several "killed" counts in one event usually restate one toll: keep the largest lower bound.
    if (c.role == "killed" && (!*fatalities || c.min > **fatalities)) *fatalities = c.min;
  }
  return out;
}

struct DocText {
  std::string doc_id, url, text;
};

class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<Conn> conn, int version) : conn_(std::move(conn)), version_(version) {}

  std::string backend() const override { return pg() ? "postgresql" : "sqlite"; }
  int schema_version() const override { return version_; }

  Status Close() override {
    if (!conn_) return Status::Ok();
    if (conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");
    Status st = conn_->Close();
    conn_.reset();
    insert_stmts_.clear();  // they were the connection's
    return st;
  }

  Status Begin() override {
    pg_savepoint_open_ = false;
    locks_held_.clear();
    if (pg() && lock_budget_ == 0) MOSAIC_RETURN_IF_ERROR(ReadLockBudget());
    entity_cache_.clear();
    absent_keys_.clear();     // other writers may store keys between batches
    next_entity_id_.reset();  // or entities (a split in this process, too)
    pinned_loaded_ = false;   // another process may have split an entity since the last batch
    batch_lost_ = false;
    batch_first_doc_.reset();
    DropPending();
    role_titles_.clear();
    MOSAIC_RETURN_IF_ERROR(conn_->Exec(pg() ? "BEGIN" : "BEGIN IMMEDIATE"));
    if (Status st = ForgetOthersWrites(); !st.ok()) {
      (void)conn_->Exec("ROLLBACK");
      return st;
    }
    if (!pg() && !all_keys_cached_) {
      // A store without entity keys (a first ingest): from now on every stored key is one this
      // writer claimed, and so in key_cache_, until ClearWriteCaches says otherwise.
      auto any = QueryInt(*conn_, "SELECT 1 FROM entity_keys LIMIT 1", {});
      if (!any.ok()) {
        (void)conn_->Exec("ROLLBACK");
        return any.status();
      }
      all_keys_cached_ = !any->has_value();
    }
    return Status::Ok();
  }
  // SQLite: another connection may have committed since this one's last transaction (a second
  // ingest, a user's merge or split), and the write caches' next event id, keys and done-sets
  // may be stale then. data_version changes only with other connections' commits. Called inside
  // the transaction that will write.
  Status ForgetOthersWrites() {
    if (pg()) return Status::Ok();
    auto v = QueryInt(*conn_, "PRAGMA data_version", {});
    if (!v.ok()) return v.status();
    const int64_t version = v->value_or(0);
    if (data_version_ && *data_version_ != version) ClearWriteCaches();
    data_version_ = version;
    return Status::Ok();
  }
  Status Commit() override {
    pg_savepoint_open_ = false;  // the transaction's end ends it
    locks_held_.clear();         // and releases the name locks
    if (batch_lost_) {
      // Reported by the Put that failed. Not a success: a caller that counts or acknowledges
      // what the batch merged (ingest's summary, a queue worker's acks) must not count it.
      batch_lost_ = false;
      DropPending();
      return Status::IoError("nothing committed: the batch was already rolled back");
    }
    // Names shown: each document votes for its own canonical form of an entity (the pipeline's
    // most complete frequent form); the form most documents use wins, then the longest. Once per
    // batch, for the entities whose votes it changed, except those it created whose every vote
    // is for the name they were created with (most entities of real news): that name wins.
    std::map<int64_t, bool> may_change;  // in id order, as the statement lists them
    for (const auto& [k, n] : batch_names_) {
      auto created = batch_created_.find(k.first);
      bool& may = may_change.try_emplace(k.first, created == batch_created_.end()).first->second;
      may = may || (n > 0 && k.second != created->second);
    }
    std::string rename = pg() ? "{" : "[";
    for (const auto& [eid, may] : may_change) {
      if (may) rename += (rename.size() > 1 ? "," : "") + std::to_string(eid);
    }
    rename += pg() ? "}" : "]";
    if (Status st = FlushPending(); !st.ok()) {
      (void)conn_->Exec("ROLLBACK");
      ClearWriteCaches();
      batch_first_doc_.reset();
      return st;
    }
    const bool any_doc = batch_first_doc_.has_value();
    batch_first_doc_.reset();
    if (any_doc && rename.size() > 2) {
      Status st = RenameByVotes(pg() ? "SELECT unnest(CAST(? AS BIGINT[])) AS id"
                                     : "SELECT value AS id FROM json_each(?)",
                                {rename});
      if (!st.ok()) {
        (void)conn_->Exec("ROLLBACK");
        ClearWriteCaches();
        return st;
      }
    }
    batch_rows_.clear();
    Status st = conn_->Exec("COMMIT");
    if (!st.ok()) ClearWriteCaches();
    return st;
  }
  Status Rollback() override {
    pg_savepoint_open_ = false;
    locks_held_.clear();
    ClearWriteCaches();
    DropPending();
    batch_lost_ = false;
    // Nothing open (the database rolled the batch back itself, or its Commit reported that):
    // nothing to undo.
    if (!conn_->InTransaction()) return Status::Ok();
    return conn_->Exec("ROLLBACK");
  }

  // A document is merged whole or not at all. On PostgreSQL, and for a Put outside a batch, its
  // own savepoint undoes a document that fails part-way. A SQLite batch takes no savepoint per
  // document: SQLite first copies every page a savepoint's writes touch into a journal, and
  // those copies were 6% of the merging thread on real news (the merge of 2,235 news DocGraphs
  // took 0.555-0.562 s with them, 0.519-0.534 s without). A document that fails there is undone
  // by RedoBatch instead.
  Result<PutOutcome> Put(const DocGraph& g) override {
    if (batch_lost_) {
      // The batch's transaction is gone: merging on would store this document on its own,
      // outside the batch the caller will commit or roll back.
      return Status::IoError(
                 "not merged: the database rolled this batch back after an earlier error")
          .WithContext(g.doc.source.empty() ? g.doc.id : g.doc.source);
    }
    entity_cache_.clear();
    const bool in_batch = conn_->InTransaction();  // else the savepoint is the transaction
    const bool own_savepoint = pg() || !in_batch;
    if (!in_batch) next_event_id_.reset(), next_entity_id_.reset(), absent_keys_.clear();
    const size_t fts_before = pending_fts_.size();
    const size_t keys_before = pending_keys_.size();
    doc_delta_.clear();
    doc_aliases_.clear();
    doc_names_.clear();
    doc_created_.clear();
    put_row_ = 0;
    if (own_savepoint && pg() && in_batch) {
      // Sent, not waited for: they go out with the document's first query (Conn::ExecLater).
      // The previous document's savepoint is released here (see pg_savepoint_open_).
      if (pg_savepoint_open_) MOSAIC_RETURN_IF_ERROR(conn_->ExecLater("RELEASE SAVEPOINT put_doc"));
      pg_savepoint_open_ = false;
      MOSAIC_RETURN_IF_ERROR(conn_->ExecLater("SAVEPOINT put_doc"));
    } else if (own_savepoint) {
      MOSAIC_RETURN_IF_ERROR(Savepoint("SAVEPOINT put_doc"));
    }
    if (!in_batch) {
      if (Status st = ForgetOthersWrites(); !st.ok()) {
        (void)conn_->Exec("ROLLBACK TO SAVEPOINT put_doc");
        (void)conn_->Exec("RELEASE SAVEPOINT put_doc");
        return st;
      }
    }
    auto r = LockedPut(g);
    if (r.ok()) {
      // PostgreSQL: the document's inserts were sent without waiting (Stmt::Send); whether they
      // all went in is known here, before the document counts as merged.
      if (Status st = conn_->Sync(); !st.ok()) r = st;
    }
    if (!r.ok()) {
      pending_fts_.resize(fts_before);
      TrimPendingKeys(keys_before);
      doc_delta_.clear();
      doc_aliases_.clear();
      doc_names_.clear();
    } else {
      for (const auto& [id, d] : doc_delta_) {
        auto& b = batch_delta_[id];
        b.first += d.first;
        b.second += d.second;
      }
      doc_delta_.clear();
      for (const auto& [k, n] : doc_aliases_) batch_aliases_[k] += n;
      for (const auto& [k, n] : doc_names_) batch_names_[k] += n;
      for (auto& c : doc_created_) batch_created_[c.id] = std::move(c.name);
      doc_created_.clear();
      doc_aliases_.clear();
      doc_names_.clear();
    }
    // Where the document came from, for an error line (made only when one is needed).
    auto where = [&g] { return g.doc.source.empty() ? g.doc.id : g.doc.source; };
    auto lose_batch = [&](const std::string& why) {
      ClearWriteCaches();
      DropPending();
      batch_first_doc_.reset();
      batch_lost_ = true;
      // The batch is gone, whatever this document's own fault: the store's failure (IoError),
      // so that an ingest stops and says so rather than going on as if only it was lost.
      return Status(r.status().is_fatal() ? r.status().code() : StatusCode::kIoError,
                    r.status().message() + why)
          .WithContext(where());
    };
    if (!r.ok() && in_batch && !conn_->InTransaction()) {
      // The database itself rolled the whole transaction back (SQLite does after some errors,
      // a full disk among them): the batch's earlier documents are gone too. Say so; the
      // batch's later Puts and its Commit then fail too, until Rollback or Begin.
      return lose_batch(
          "; the database rolled back this batch (documents since the last commit are not "
          "stored)");
    }
    if (!r.ok() && !own_savepoint) {
      // Undo this document only, by merging the batch's other documents again without it.
      if (Status st = RedoBatch(); !st.ok()) {
        if (conn_->InTransaction()) (void)conn_->Exec("ROLLBACK");
        return lose_batch("; merging the batch again without it failed too (" + st.message() +
                          "), so the batch was rolled back (documents since the last commit "
                          "are not stored)");
      }
      return r.status().WithContext(where());
    }
    if (!r.ok()) {
      // Undo this document only; the batch's other documents stay.
      (void)conn_->Exec("ROLLBACK TO SAVEPOINT put_doc");
      (void)conn_->Exec("RELEASE SAVEPOINT put_doc");
      // The rollback let go of the name locks the document took in its savepoint: they are not
      // counted as held (LockForMerge asks the server for them again).
      if (pg()) {
        for (int64_t id : MergeLockIds({&g})) locks_held_.erase(id);
      }
      ClearWriteCaches();
      return r.status().WithContext(where());
    }
    if (!in_batch) {
      if (Status st = FlushPending(); !st.ok()) {
        (void)conn_->Exec("ROLLBACK TO SAVEPOINT put_doc");
        (void)conn_->Exec("RELEASE SAVEPOINT put_doc");
        ClearWriteCaches();
        DropPending();
        return st.WithContext(where());
      }
    }
    if (own_savepoint && pg() && in_batch) {
      pg_savepoint_open_ = true;  // released by the next Put, or ended by the batch's commit
    } else if (own_savepoint) {
      MOSAIC_RETURN_IF_ERROR(Savepoint("RELEASE SAVEPOINT put_doc"));
    } else if (put_row_ != 0) {
      batch_rows_.push_back(put_row_);
    }
    return r;
  }

  // Undoes a SQLite batch's failed document (Put): rolls the batch back and merges the documents
  // it had merged before again, from the graphs the batch stored with them (graph_codec.h: a
  // stored graph decodes to the graph that was put; its source has a column of its own). The
  // store ends as if the failed document had never come: rows, ids, counters and the full-text
  // index alike. It costs the batch's merge again, on a path only a failing document takes.
  Status RedoBatch() {
    if (redoing_) return Status::Internal("a document failed while its batch was merged again");
    std::vector<DocGraph> graphs;
    graphs.reserve(batch_rows_.size());
    for (int64_t row : batch_rows_) {
      auto s = conn_->Prepare("SELECT graph, text, source FROM documents WHERE id = ?");
      if (!s.ok()) return s.status();
      (*s)->Bind({row});
      auto found = (*s)->Step();
      if (!found.ok()) return found.status();
      if (!*found) return Status::Internal("a document of the open batch is missing");
      auto g = DecodeGraph((*s)->Text(0), (*s)->Text(1));
      std::string source = (*s)->Text(2);
      (*s)->Reset();
      if (!g.ok()) return g.status();
      g->doc.source = std::move(source);
      graphs.push_back(std::move(*g));
    }
    ClearWriteCaches();
    MOSAIC_RETURN_IF_ERROR(conn_->Exec("ROLLBACK"));
    MOSAIC_RETURN_IF_ERROR(Begin());
    redoing_ = true;
    for (const DocGraph& g : graphs) {
      auto r = Put(g);
      if (!r.ok()) {
        redoing_ = false;
        return r.status();
      }
    }
    redoing_ = false;
    return Status::Ok();
  }

  // Runs an INSERT of one row (`sql` without RETURNING) and returns the row's id. SQLite reads
  // the rowid the insert set: RETURNING makes SQLite collect the output in a temporary table
  // for every statement, which cost several times the insert itself (most of the merge's time
  // on real news, where most names are new). PostgreSQL returns it.
  Result<int64_t> InsertId(const std::string& sql, const std::vector<Value>& params) {
    if (pg()) {
      auto v = QueryInt(*conn_, sql + " RETURNING id", params);
      if (!v.ok()) return v.status();
      if (!v->has_value()) return Status::Internal("INSERT ... RETURNING gave no id");
      return **v;
    }
    MOSAIC_RETURN_IF_ERROR(Run(*conn_, sql, params));
    auto id = conn_->LastInsertRowid();
    if (!id) return Status::Internal("the connection gave no rowid for an INSERT");
    return *id;
  }

  // SAVEPOINT / RELEASE: a prepared statement on SQLite (sqlite3_exec would parse it again for
  // every document); PostgreSQL runs it as a plain command.
  Status Savepoint(const std::string& sql) {
    if (pg()) return conn_->Exec(sql);
    return Run(*conn_, sql, {});
  }

  // ---- user corrections ----

  Result<MergeResult> MergeEntities(int64_t from, int64_t into) override {
    if (from == into) return Status::InvalidInput("merge: an entity cannot be merged into itself");
    return InOwnTransaction([&] { return MergeInner(from, into); });
  }

  Result<SplitResult> SplitEntity(int64_t id, const SplitSpec& spec) override {
    return InOwnTransaction([&] { return SplitInner(id, spec); });
  }

  // Runs a user correction in a transaction of its own: committed when `fn` succeeds, rolled back
  // when it fails. The write caches are dropped either way (ids and keys may have moved).
  template <typename Fn>
  auto InOwnTransaction(Fn fn) -> decltype(fn()) {
    MOSAIC_RETURN_IF_ERROR(conn_->Exec(pg() ? "BEGIN" : "BEGIN IMMEDIATE"));
    auto r = fn();
    if (!r.ok()) {
      (void)conn_->Exec("ROLLBACK");
      ClearWriteCaches();
      return r.status();
    }
    Status st = conn_->Exec("COMMIT");
    ClearWriteCaches();
    if (!st.ok()) return st;
    return r;
  }

  Result<StoreStats> Stats() override {
    StoreStats s;
    struct Q {
      const char* sql;
      int64_t* out;
    } qs[] = {{"SELECT COUNT(*) FROM documents WHERE is_current = 1", &s.documents},
              {"SELECT COUNT(*) FROM documents", &s.versions},
              {"SELECT COUNT(*) FROM entities WHERE doc_count > 0", &s.entities},
              // The entities' own counters (a merged entity's are zero): summing entity_docs
              // read every support row of the store, 0.3 s at 100,000 articles.
              {"SELECT COALESCE(SUM(mention_count), 0) FROM entities", &s.mentions},
              {"SELECT COUNT(*) FROM events", &s.events},
              {"SELECT COUNT(*) FROM relations", &s.relations}};
    for (const auto& q : qs) {
      auto v = QueryInt(*conn_, q.sql, {});
      if (!v.ok()) return v.status();
      *q.out = v->value_or(0);
    }
    return s;
  }

  Result<std::vector<EntitySummary>> Entities(const EntityFilter& f) override {
    MOSAIC_RETURN_IF_ERROR(CheckEntityFilter(f, FilterNames::kParameters));
    std::string sql =
        std::string("SELECT ") + kEntityCols + " FROM entities en WHERE en.doc_count > 0";
    std::vector<Value> params;
    if (!f.type.empty()) {
      sql += " AND en.type = ?";
      params.push_back(f.type);
    }
    if (!f.kind.empty()) {
      sql += " AND en.kind = ?";
      params.push_back(f.kind);
    }
    if (!f.name.empty()) {
      // The name itself, or any of its keys (so "lukasenka" finds "Lukašenka").
      std::string key = NameKey(f.name);
      sql += " AND (lower(en.name) LIKE ? ESCAPE '\\'";
      params.push_back("%" + LikeEscape(Lower(f.name)) + "%");
      if (!key.empty()) {
        sql += " OR en.id IN (SELECT entity_id FROM entity_keys WHERE key LIKE ? ESCAPE '\\')";
        params.push_back("%" + LikeEscape(key) + "%");
      }
      sql += ")";
    }
    const std::string order = " ORDER BY en.mention_count DESC, en.id";
    if (f.limit <= 0) return CollectEntities(sql + order, params);
    // Entities named more than once first, read in order through entities_rank, which holds only
    // those (schema 10); the others, all named once, only when the first are not enough.
    params.push_back(int64_t{f.limit});
    auto top = CollectEntities(sql + " AND en.mention_count > 1" + order + " LIMIT ?", params);
    if (!top.ok() || top->size() >= static_cast<size_t>(f.limit)) return top;
    params.back() = static_cast<int64_t>(f.limit) - static_cast<int64_t>(top->size());
    auto rest = CollectEntities(sql + " AND en.mention_count <= 1" + order + " LIMIT ?", params);
    if (!rest.ok()) return rest.status();
    top->insert(top->end(), std::make_move_iterator(rest->begin()),
                std::make_move_iterator(rest->end()));
    return top;
  }

  Result<std::vector<EntitySummary>> FindEntities(const std::string& name) override {
    if (name.size() > 1 && name[0] == '#' &&
        std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      // A merged entity's id finds the entity it was merged into.
      const int64_t id = static_cast<int64_t>(std::stoll(name.substr(1)));
      return CollectEntities(std::string("SELECT ") + kEntityCols +
                                 " FROM entities en WHERE en.id = COALESCE((SELECT merged_into "
                                 "FROM entities WHERE id = ?), ?)",
                             {id, id});
    }
    // A name without a letter or digit ("", "-") has no key and would match every name as a
    // substring: it names nothing.
    const std::string key = NameKey(name);
    if (key.empty()) return std::vector<EntitySummary>{};
    // PostgreSQL indexes entity_keys by key; SQLite (schema 7) only by (type, key), so it seeks
    // that once per stored type, the types found by skipping from one to the next.
    auto exact = CollectEntities(
        std::string(pg() ? ""
                         : "WITH RECURSIVE types(type) AS (SELECT MIN(type) FROM entity_keys "
                           "UNION ALL SELECT (SELECT MIN(type) FROM entity_keys WHERE type > "
                           "types.type) FROM types WHERE types.type IS NOT NULL) ") +
            "SELECT " + kEntityCols + " FROM entities en WHERE en.id IN " +
            (pg() ? "(SELECT entity_id FROM entity_keys WHERE key = ?)"
                  : "(SELECT k.entity_id FROM types JOIN entity_keys k ON k.type = types.type "
                    "AND k.key = ?)") +
            " AND en.doc_count > 0 ORDER BY en.mention_count DESC, en.id",
        {key});
    if (!exact.ok() || !exact->empty()) return exact;
    EntityFilter f;
    f.name = name;
    f.limit = 10;
    return Entities(f);
  }

  Result<EntityProfile> Profile(int64_t id, int max_items) override {
    EntityProfile p;
    auto e = LoadEntity(id);
    if (!e.ok()) return e.status();
    p.entity = *e;
    const int64_t lim = std::max(1, max_items);
    auto pairs = [&](const std::string& sql, std::vector<std::pair<std::string, int64_t>>* out) {
      return ForEachRow(sql, {id, lim}, [&](Stmt& row) {
        out->emplace_back(row.Text(0), row.Int(1));
        return Status::Ok();
      });
    };
    // (a, b) integer pairs of the rows of `sql` over (id, lim).
    auto int_pairs = [&](const std::string& sql, std::vector<std::pair<int64_t, int64_t>>* out) {
      return ForEachRow(sql, {id, lim}, [&](Stmt& row) {
        out->emplace_back(row.Int(0), row.Int(1));
        return Status::Ok();
      });
    };
    MOSAIC_RETURN_IF_ERROR(pairs(
        "SELECT text, n FROM aliases WHERE entity_id = ? AND n > 0 ORDER BY n DESC, text LIMIT ?",
        &p.aliases));
    MOSAIC_RETURN_IF_ERROR(
        pairs("SELECT title, COUNT(DISTINCT doc) FROM roles WHERE entity_id = ? GROUP BY title "
              "ORDER BY 2 DESC, title LIMIT ?",
              &p.roles));
    auto rels = CollectRelations(
        "SELECT r.id, r.type, r.subject, r.object, r.status, r.source_text, r.doc, r.ev_start, "
        "r.ev_end, r.sent_start, r.sent_end FROM relations r WHERE r.subject = ? OR r.object = ? "
        "ORDER BY r.id LIMIT ?",
        {id, id, lim});
    if (!rels.ok()) return rels.status();
    p.relations = std::move(*rels);
    for (auto [role, out] : {std::pair{"actor", &p.as_actor}, std::pair{"target", &p.as_target}}) {
      auto evs = CollectEvents(EventSelect() +
                                   " WHERE e.id IN (SELECT event_id FROM event_args WHERE "
                                   "entity_id = ? AND role = ?) ORDER BY e.id DESC LIMIT ?",
                               {id, std::string(role), lim}, nullptr);
      if (!evs.ok()) return evs.status();
      *out = std::move(*evs);
    }
    {
      // Newest documents first, read in the support index's order (no sort of all documents of
      // a frequent entity), then each document's fields.
      std::vector<std::pair<int64_t, int64_t>> docs;
      MOSAIC_RETURN_IF_ERROR(int_pairs(
          "SELECT ed.doc, SUM(ed.mentions) FROM entity_docs ed WHERE ed.entity_id = ? GROUP BY "
          "ed.doc ORDER BY ed.doc DESC LIMIT ?",
          &docs));
      for (const auto& [doc, n] : docs) {
        const int64_t mentions = n;  // a lambda may not capture a structured binding (clang 14)
        MOSAIC_RETURN_IF_ERROR(
            ForEachRow("SELECT " + std::string(kDocumentColumns) + " FROM documents WHERE id = ?",
                       {doc}, [&](Stmt& row) {
                         DocumentRecord r = ReadDocument(row);
                         r.mentions = mentions;
                         p.documents.push_back(std::move(r));
                         return Status::Ok();
                       }));
      }
    }
    {
      // One snippet per document (the first mention), newest documents first.
      std::vector<std::pair<int64_t, int64_t>> firsts;
      MOSAIC_RETURN_IF_ERROR(int_pairs(
          "SELECT m.doc, MIN(m.start_pos) FROM mentions m WHERE m.entity_id = ? GROUP BY m.doc "
          "ORDER BY m.doc DESC LIMIT ?",
          &firsts));
      for (auto [doc, start] : firsts) {
        std::optional<std::array<int64_t, 4>> span;
        MOSAIC_RETURN_IF_ERROR(ForEachRow(
            "SELECT start_pos, end_pos, sent_start, sent_end FROM mentions WHERE entity_id = ? "
            "AND doc = ? AND start_pos = ? LIMIT 1",
            {id, doc, start}, [&](Stmt& row) {
              span = Quad(&row);
              return Status::Ok();
            }));
        if (!span) continue;
        auto ev = MakeEvidence(doc, *span);
        if (!ev.ok()) return ev.status();
        p.evidence.push_back(std::move(*ev));
      }
    }
    return p;
  }

  Result<std::vector<EventRecord>> Events(const EventFilter& f) override {
    MOSAIC_RETURN_IF_ERROR(CheckEventFilter(f, FilterNames::kParameters));
    std::string sql = EventSelect() + " WHERE 1 = 1";
    std::vector<Value> params;
    if (!f.type.empty()) {
      sql += " AND (e.type = ? OR e.subtype = ?)";
      params.push_back(f.type);
      params.push_back(f.type);
    }
    if (!f.status.empty()) {
      sql += " AND e.status = ?";
      params.push_back(f.status);
    }
    for (auto [role, name] : {std::pair{"actor", &f.actor}, std::pair{"target", &f.target},
                              std::pair{"place", &f.place}}) {
      if (name->empty()) continue;
      auto ents = FindEntities(*name);
      if (!ents.ok()) return ents.status();
      if (ents->empty()) return std::vector<EventRecord>();
      // A name may denote several entities (a person and a group); take them all, up to 8.
      size_t n = std::min<size_t>(ents->size(), 8);
      sql += " AND e.id IN (SELECT event_id FROM event_args WHERE role = ? AND entity_id IN (";
      params.push_back(std::string(role));
      for (size_t i = 0; i < n; ++i) {
        sql += i ? ", ?" : "?";
        params.push_back((*ents)[i].id);
      }
      sql += "))";
    }
    if (!f.from.empty()) {
      sql += " AND e.date_end >= ?";
      params.push_back(PadDate(f.from, false));
    }
    if (!f.to.empty()) {
      sql += " AND e.date_start <= ?";
      params.push_back(PadDate(f.to, true));
    }
    const bool near = f.near_lat && f.near_lon && f.near_km;
    if (near) {
      double lat = *f.near_lat, lon = *f.near_lon, km = *f.near_km;
      // Bounding box in degrees, then the exact great-circle distance below.
      const geo::LatLonBox box = geo::BoxAround(lat, lon, km);
      const double lat0 = box.lat0, lat1 = box.lat1, lon0 = box.lon0, lon1 = box.lon1;
      if (pg()) {
        sql += " AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?";
      } else if (version_ >= 9) {
        // Each quarter-degree band of the box is one seek of events_cell for the box's
        // longitudes (the bands are few: 50 km spans 2 or 3 of them, the whole Earth 721).
        sql += " AND e.geo_cell IS NOT NULL AND e.geo_cell IN (";
        for (int64_t c = GeoCell(lat0), last = GeoCell(lat1); c <= last; ++c) {
          sql += std::to_string(c) + (c < last ? "," : ")");
        }
        sql += " AND e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?";
      } else {
        // A store of schema version 8 or older, opened only to read: its R*Tree.
        sql +=
            " AND e.id IN (SELECT id FROM event_geo WHERE min_lat >= ? AND max_lat <= ? AND "
            "min_lon >= ? AND max_lon <= ?)";
      }
      params.insert(params.end(), {lat0, lat1, lon0, lon1});
    }
    sql += " ORDER BY e.date_start DESC NULLS LAST, e.id DESC";
    if (!near && f.limit > 0) {
      sql += " LIMIT ?";
      params.push_back(int64_t{f.limit});
    }
    std::function<bool(const EventRecord&)> keep;
    if (near) {
      keep = [&](const EventRecord& e) {
        return e.lat && e.lon &&
               geo::HaversineKm(*f.near_lat, *f.near_lon, *e.lat, *e.lon) <= *f.near_km;
      };
    }
    auto out = CollectEvents(sql, params, keep, near ? f.limit : 0);
    return out;
  }

  Result<std::vector<SearchHit>> Search(const std::string& text, int limit) override {
    std::vector<SearchHit> hits;
    std::string sql;
    std::vector<Value> params;
    if (pg()) {
      sql =
          "SELECT d.doc_id, d.url, d.title, d.published, ts_headline('simple', d.text, s.q, "
          "'StartSel=[[, StopSel=]], MaxWords=30, MinWords=12'), s.r FROM (SELECT id, q, "
          "ts_rank(tsv, q) AS r FROM documents, plainto_tsquery('simple', ?) AS q WHERE tsv @@ q "
          "AND is_current = 1 ORDER BY r DESC, id LIMIT ?) s JOIN documents d ON d.id = s.id "
          "ORDER BY s.r DESC, d.id";
      params = {text, int64_t{limit}};
    } else {
      // Each word becomes a quoted FTS5 string, so no user text is read as query syntax.
      std::string q;
      std::string word;
      auto flush = [&] {
        if (word.empty()) return;
        std::string quoted = "\"";
        for (char c : word) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        q += (q.empty() ? "" : " ") + quoted + "\"";
        word.clear();
      };
      for (char c : text) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
          flush();
        } else {
          word += c;
        }
      }
      flush();
      if (q.empty()) return hits;
      auto ranked = SearchRankedFirst(q, limit);
      if (!ranked.ok()) return ranked.status();
      if (ranked->has_value()) return std::move(**ranked);
      sql =
          "SELECT d.doc_id, d.url, d.title, d.published, snippet(doc_fts, 1, '[[', ']]', '…', "
          "16), -bm25(doc_fts) FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid WHERE "
          "doc_fts MATCH ? AND d.is_current = 1 ORDER BY bm25(doc_fts), d.id LIMIT ?";
      params = {q, int64_t{limit}};
    }
    auto s = conn_->Prepare(sql);
    if (!s.ok()) return s.status();
    (*s)->Bind(params);
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      hits.push_back(HitFromRow(*s, (*s)->Real(5)));
    }
    return hits;
  }

  // SQLite's search in two steps: the best-ranked rows from the full-text index alone, then
  // the document fields and snippet of those rows only. One query doing both looks up the
  // document of every matching row (to skip superseded versions) before it sorts: a word in
  // most documents cost a lookup per document. Superseded versions are rare, so the first step
  // takes `limit` rows plus a margin for them; when the margin is not enough (a page rewritten
  // many times), the answer is empty (nullopt) and the caller runs the one-query form.
  Result<std::optional<std::vector<SearchHit>>> SearchRankedFirst(const std::string& q, int limit) {
    constexpr int64_t kSupersededMargin = 16;
    const int64_t want = int64_t{limit} + kSupersededMargin;
    std::vector<std::pair<int64_t, double>> rows;  // (document row, score)
    {
      auto s = conn_->Prepare(
          "SELECT rowid, -bm25(doc_fts) FROM doc_fts WHERE doc_fts MATCH ? ORDER BY "
          "bm25(doc_fts), rowid LIMIT ?");
      if (!s.ok()) return s.status();
      (*s)->Bind({q, want});
      while (true) {
        auto row = (*s)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        rows.emplace_back((*s)->Int(0), (*s)->Real(1));
      }
    }
    std::vector<SearchHit> hits;
    auto s = conn_->Prepare(
        "SELECT d.doc_id, d.url, d.title, d.published, snippet(doc_fts, 1, '[[', ']]', '…', 16), "
        "d.is_current FROM doc_fts JOIN documents d ON d.id = doc_fts.rowid WHERE doc_fts MATCH ? "
        "AND doc_fts.rowid = ?");
    if (!s.ok()) return s.status();
    for (const auto& [id, score] : rows) {
      if (hits.size() >= static_cast<size_t>(limit)) break;
      (*s)->Bind({q, id});
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) continue;
      if ((*s)->Int(5) == 1) hits.push_back(HitFromRow(*s, score));
      (*s)->Reset();
    }
    // Fewer current documents than asked for while the index may hold more matches: a ranked
    // run of superseded versions; the one-query form answers.
    if (hits.size() < static_cast<size_t>(limit) && static_cast<int64_t>(rows.size()) == want) {
      return std::optional<std::vector<SearchHit>>();
    }
    return std::optional<std::vector<SearchHit>>(std::move(hits));
  }

  // A search result from the columns doc_id, url, title, published and snippet.
  static SearchHit HitFromRow(Stmt* s, double score) {
    SearchHit h;
    h.doc_id = s->Text(0);
    h.url = s->Text(1);
    h.title = s->Text(2);
    h.published = s->Text(3);
    h.snippet = s->Text(4);
    for (char& c : h.snippet) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    h.score = score;
    return h;
  }

  Result<std::vector<GraphEdge>> Neighbours(int64_t id, int limit) override {
    std::vector<GraphEdge> out;
    std::unordered_set<int64_t> seen;
    {
      auto s = conn_->Prepare(
          "SELECT r.id, r.type, r.subject, r.object FROM relations r WHERE r.subject = ? OR "
          "r.object = ? ORDER BY r.id LIMIT ?");
      if (!s.ok()) return s.status();
      (*s)->Bind({id, id, int64_t{limit}});
      while (true) {
        auto row = (*s)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        int64_t other = (*s)->Int(2) == id ? (*s)->Int(3) : (*s)->Int(2);
        if (other == id || !seen.insert(other).second) continue;
        out.push_back({id, other, "relation:" + (*s)->Text(1), (*s)->Int(0)});
      }
    }
    // Co-participation in an event. Countries and regions named as an event's place would join
    // nearly everything to everything, so they are not edges.
    auto s = conn_->Prepare(
        "SELECT a2.entity_id, e.type, e.id FROM event_args a1 JOIN event_args a2 ON a2.event_id = "
        "a1.event_id JOIN events e ON e.id = a1.event_id JOIN entities en ON en.id = a2.entity_id "
        "WHERE a1.entity_id = ? AND a2.entity_id <> ? AND NOT (a2.role = 'place' AND en.kind IN "
        "('country', 'region')) ORDER BY e.id LIMIT ?");
    if (!s.ok()) return s.status();
    (*s)->Bind({id, id, int64_t{limit} * 4});
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      int64_t other = (*s)->Int(0);
      if (static_cast<int>(out.size()) >= limit) continue;
      if (!seen.insert(other).second) continue;
      out.push_back({id, other, "event:" + (*s)->Text(1), (*s)->Int(2)});
    }
    return out;
  }

  Result<Evidence> EdgeEvidence(const GraphEdge& edge) override {
    bool rel = edge.via.rfind("relation:", 0) == 0;
    auto s = conn_->Prepare(
        rel ? "SELECT doc, ev_start, ev_end, sent_start, sent_end FROM relations WHERE id = ?"
            : "SELECT doc, trigger_start, trigger_end, sent_start, sent_end FROM events WHERE id = "
              "?");
    if (!s.ok()) return s.status();
    (*s)->Bind({edge.fact_id});
    auto row = (*s)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no such " + std::string(rel ? "relation" : "event"));
    int64_t doc = (*s)->Int(0);
    std::array<int64_t, 4> span{(*s)->Int(1), (*s)->Int(2), (*s)->Int(3), (*s)->Int(4)};
    (*s)->Reset();
    return MakeEvidence(doc, span);
  }

  Status ForEachDocGraphJson(bool with_text,
                             const std::function<Status(const std::string&)>& fn) override {
    auto s = conn_->Prepare(
        "SELECT graph, text, doc_id FROM documents WHERE is_current = 1 ORDER BY id");
    if (!s.ok()) return s.status();
    (*s)->Bind({});
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      auto line = StoredGraphJson((*s)->Text(0), (*s)->Text(1), with_text);
      // A damaged row names its document, so that it can be found and ingested again.
      Status st = line.ok() ? fn(*line) : line.status().WithContext("document " + (*s)->Text(2));
      if (!st.ok()) {
        (*s)->Reset();
        return st;
      }
    }
  }

  // Put's own first step (PutInner), so the two always agree.
  Result<bool> HasDocument(const Document& doc) override { return Stored(DocIdOf(doc)); }

  // Whether any version of the document `doc_id` is stored.
  Result<bool> Stored(const std::string& doc_id) {
    auto existing = QueryInt(*conn_, "SELECT id FROM documents WHERE doc_id = ?", {Borrow(doc_id)});
    if (!existing.ok()) return existing.status();
    return existing->has_value();
  }

  Result<std::optional<std::string>> DocGraphJson(const std::string& doc_id,
                                                  bool with_text) override {
    auto s =
        conn_->Prepare("SELECT graph, text FROM documents WHERE doc_id = ? AND is_current = 1");
    if (!s.ok()) return s.status();
    (*s)->Bind({doc_id});
    auto row = (*s)->Step();
    if (!row.ok()) return row.status();
    std::optional<std::string> out;
    if (*row) {
      auto line = StoredGraphJson((*s)->Text(0), (*s)->Text(1), with_text);
      if (!line.ok()) {
        (*s)->Reset();
        return line.status().WithContext("document " + doc_id);
      }
      out = std::move(*line);
    }
    (*s)->Reset();
    return out;
  }

  Status ForEachEntity(const std::function<Status(const EntitySummary&)>& fn) override {
    return ForEachRow(std::string("SELECT ") + kEntityCols +
                          " FROM entities en WHERE en.doc_count > 0 ORDER BY en.id",
                      {}, [&](Stmt& row) { return fn(ReadEntity(&row, 0)); });
  }

  Status ForEachEvent(const std::function<Status(const EventRecord&)>& fn) override {
    return ForEachRow(EventSelect() + " ORDER BY e.id", {}, [&](Stmt& row) {
      auto ev = ReadEvent(&row);
      return ev.ok() ? fn(*ev) : ev.status();
    });
  }

  Status ForEachRelation(const std::function<Status(const RelationRecord&)>& fn) override {
    return ForEachRow(
        "SELECT r.id, r.type, r.subject, r.object, r.status, r.source_text, r.doc, r.ev_start, "
        "r.ev_end, r.sent_start, r.sent_end FROM relations r ORDER BY r.id",
        {}, [&](Stmt& row) {
          auto r = ReadRelation(&row);
          return r.ok() ? fn(*r) : r.status();
        });
  }

  Status ForEachDocument(const std::function<Status(const DocumentRecord&)>& fn) override {
    return ForEachRow("SELECT " + std::string(kDocumentColumns) +
                          " FROM documents WHERE is_current = 1 ORDER BY id",
                      {}, [&](Stmt& row) { return fn(ReadDocument(row)); });
  }

 private:
  bool pg() const { return conn_->dialect() == Dialect::kPostgres; }

  // A document's listing fields, read from the columns kDocumentColumns names, in order.
  static constexpr const char* kDocumentColumns = "doc_id, url, title, published, version";
  static DocumentRecord ReadDocument(Stmt& row) {
    DocumentRecord d;
    d.doc_id = row.Text(0);
    d.url = row.Text(1);
    d.title = row.Text(2);
    d.published = row.Text(3);
    d.version = static_cast<int>(row.Int(4));
    return d;
  }

  // Runs `sql` with `params` and calls `fn` on every row; stops at the first error (fn's or the
  // database's) and releases the statement's read snapshot then.
  Status ForEachRow(const std::string& sql, const std::vector<Value>& params,
                    const std::function<Status(Stmt&)>& fn) {
    auto s = conn_->Prepare(sql);
    if (!s.ok()) return s.status();
    (*s)->BindSpanInPlace(params);  // `params` outlives the rows
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::Ok();
      Status st = fn(**s);
      if (!st.ok()) {
        (*s)->Reset();
        return st;
      }
    }
  }

  // ---- concurrent writers (PostgreSQL; docs/scale.md) ----
  //
  // Put reads documents and entity_keys, then inserts what it did not find. Two transactions
  // doing that at once for the same name could both miss it and create the same person twice
  // (or insert one doc_id twice). So on PostgreSQL every Put first takes a transaction-level
  // advisory lock on each name it may look up or create: its doc_id, its url, and every
  // (type, key) of every entity. A second writer of any of those waits until the first commits,
  // then (READ COMMITTED: each statement sees what committed before it) finds the rows. Locks are
  // taken in ascending order in one statement, so writers that take all theirs up front
  // (LockForMerge over a whole batch) never deadlock on them. SQLite needs none of this: it has
  // one writer at a time.

  Status LockForMerge(const std::vector<const DocGraph*>& graphs) override {
    if (!pg() || graphs.empty()) return Status::Ok();
    std::vector<int64_t> ids = MergeLockIds(graphs);
    // Held already (a worker's whole batch, or LockOrYield): no round trip.
    if (std::all_of(ids.begin(), ids.end(), [&](int64_t id) { return locks_held_.contains(id); })) {
      return Status::Ok();
    }
    locks_held_.insert(ids.begin(), ids.end());
    // Advisory locks are per database: the schema's hash is mixed in so that graphs in separate
    // schemas never wait for each other. All writers of one schema still take them in k order.
    return Run(*conn_,
               "SELECT pg_advisory_xact_lock(s.k # hashtextextended(current_schema(), 0)) FROM "
               "(SELECT k FROM unnest(CAST(? AS BIGINT[])) AS k ORDER BY k OFFSET 0) AS s",
               {LockIdArray(ids)});
  }

  // A writer that takes its locks a document at a time (ingest) must never wait for another
  // writer while it holds locks of its own: two such writers, each holding a name the other's
  // next document needs, would wait for each other (PostgreSQL then aborts one of them, a whole
  // batch). So within a transaction that holds locks, a document's names are only tried; if
  // another writer holds one, the caller commits (letting go of its own) and puts the document
  // in a new transaction, where it waits holding nothing else, as a worker does.
  Result<bool> LockOrYield(const DocGraph& g) override {
    if (!pg()) return true;
    if (locks_held_.empty()) {
      MOSAIC_RETURN_IF_ERROR(LockForMerge({&g}));
      return true;
    }
    std::vector<int64_t> ids = MergeLockIds({&g});
    std::erase_if(ids, [&](int64_t id) { return locks_held_.contains(id); });
    if (ids.empty()) return true;
    // Every lock is tried (the ones granted are this transaction's until it ends); the count is
    // of those another writer holds.
    auto refused = QueryInt(
        *conn_,
        "SELECT COUNT(*) FROM (SELECT k FROM unnest(CAST(? AS BIGINT[])) AS k ORDER BY k OFFSET "
        "0) AS s WHERE NOT pg_try_advisory_xact_lock(s.k # hashtextextended(current_schema(), 0))",
        {LockIdArray(ids)});
    if (!refused.ok()) return refused.status();
    if (refused->value_or(0) > 0) return false;
    locks_held_.insert(ids.begin(), ids.end());
    return true;
  }

  // The name locks of `graphs`, sorted, each once.
  std::vector<int64_t> MergeLockIds(const std::vector<const DocGraph*>& graphs) {
    std::vector<int64_t> ids;
    for (const DocGraph* g : graphs) AppendMergeLockIds(*g, &ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
  }
  static std::string LockIdArray(const std::vector<int64_t>& ids) {
    std::string array = "{";
    for (size_t i = 0; i < ids.size(); ++i) array += (i ? "," : "") + std::to_string(ids[i]);
    return array + "}";
  }

  void AppendMergeLockIds(const DocGraph& g, std::vector<int64_t>* ids) {
    auto add = [&](const std::string& name) {
      ids->push_back(static_cast<int64_t>(XXH3_64bits(name.data(), name.size())));
    };
    const std::string doc_id = DocIdOf(g.doc);
    add("doc\x1f" + doc_id);
    add("url\x1f" + (g.doc.url.empty() ? "doc:" + doc_id : g.doc.url));
    for (const Entity& e : g.entities) {
      for (const auto& k : KeysOf(e)) add("key\x1f" + e.type + '\x1f' + k);
    }
  }

  bool BatchFull() const override {
    return pg() && lock_budget_ > 0 && locks_held_.size() >= lock_budget_;
  }

  Result<size_t> MergeGroupSize(const std::vector<const DocGraph*>& graphs) override {
    if (!pg() || graphs.size() <= 1) return graphs.size();
    if (lock_budget_ == 0) MOSAIC_RETURN_IF_ERROR(ReadLockBudget());
    absl::flat_hash_set<int64_t> ids;
    std::vector<int64_t> one;
    for (size_t n = 0; n < graphs.size(); ++n) {
      one.clear();
      AppendMergeLockIds(*graphs[n], &one);
      ids.insert(one.begin(), one.end());
      if (ids.size() > lock_budget_) return std::max<size_t>(n, 1);
    }
    return graphs.size();
  }

  // PostgreSQL: how many name locks one transaction of this writer may hold (BatchFull,
  // MergeGroupSize): an eighth of the server's shared lock table, max_locks_per_transaction x
  // max_connections (6,400 by default; each of a news article's 15-20 names is a lock, so a batch
  // of about 800 articles filled it, and the ingest stopped with "out of shared memory"). Every
  // writer holds its share at once (queue workers wait for each other's names holding the locks
  // they took before), so a default server takes seven writers at their fullest with room left
  // for everything else it locks. Read once.
  Status ReadLockBudget() {
    auto per_txn = QueryInt(*conn_,
                            "SELECT CAST(current_setting('max_locks_per_transaction') "
                            "AS BIGINT) * CAST(current_setting('max_connections') AS BIGINT)",
                            {});
    if (!per_txn.ok()) return per_txn.status();
    lock_budget_ = static_cast<size_t>(std::max<int64_t>(256, per_txn->value_or(6400) / 8));
    return Status::Ok();
  }

  Result<PutOutcome> LockedPut(const DocGraph& g) {
    MOSAIC_RETURN_IF_ERROR(LockForMerge({&g}));
    return PutInner(g);
  }

  void ClearWriteCaches() {
    pinned_loaded_ = false;
    all_keys_cached_ = false;
    key_cache_.clear();
    absent_keys_.clear();
    kind_done_.clear();
    geo_done_.clear();
    role_titles_.clear();
    next_event_id_.reset();
    next_entity_id_.reset();
  }

  void DropPending() {
    pending_keys_.clear();
    pending_key_ids_.clear();
    pending_fts_.clear();
    batch_rows_.clear();
    doc_delta_.clear();
    batch_delta_.clear();
    doc_aliases_.clear();
    batch_aliases_.clear();
    doc_names_.clear();
    batch_names_.clear();
    doc_created_.clear();
    batch_created_.clear();
  }

  // How key_cache_, pending_key_ids_, absent_keys_ and pinned_ index an entity key: a 128-bit
  // hash of (type, key), as keys_memo_ indexes its entries (a chance collision among millions of
  // keys has odds below 10^-25). Resolve makes it once per key and looks it up in all four:
  // building, hashing and comparing the joined text in string-keyed maps was a tenth of the
  // merging thread's time on a first ingest.
  using KeyId = std::pair<uint64_t, uint64_t>;
  struct MemoIdHash {  // the id is a hash already
    size_t operator()(const KeyId& id) const { return id.first; }
  };
  KeyId CacheKey(const std::string& type, const std::string& key) {
    std::string& text = cache_key_text_;  // reused: no allocation once it has grown
    text.assign(type).push_back('\x1f');
    text.append(key);
    const XXH128_hash_t h = XXH3_128bits(text.data(), text.size());
    return {h.low64, h.high64};
  }

  // Forgets the keys a failed document added (those from `n` on).
  void TrimPendingKeys(size_t n) {
    for (size_t i = n; i < pending_keys_.size(); ++i) {
      pending_key_ids_.erase(CacheKey(pending_keys_[i].type, pending_keys_[i].key));
    }
    if (pending_keys_.size() > n) pending_keys_.resize(n);
  }

  // Writes what the batch deferred, multi-row: claimed entity keys, entity counters, alias and
  // name counts, and (SQLite) the full-text rows.
  Status FlushPending() {
    if (!pending_keys_.empty()) {
      std::vector<Value> rows;  // borrowing the pending keys' texts until written
      rows.reserve(pending_keys_.size() * 3);
      for (auto& k : pending_keys_) AppendRow(&rows, Borrow(k.type), Borrow(k.key), k.entity);
      Status st = InsertRows("INSERT INTO entity_keys (type, key, entity_id) VALUES ", 3, rows,
                             " ON CONFLICT DO NOTHING");
      rows.clear();
      pending_keys_.clear();
      pending_key_ids_.clear();
      MOSAIC_RETURN_IF_ERROR(st);
    }
    MOSAIC_RETURN_IF_ERROR(WriteCounters());
    MOSAIC_RETURN_IF_ERROR(
        WriteTextCounts(&batch_aliases_, "INSERT INTO aliases (entity_id, text, n) VALUES ",
                        " ON CONFLICT (entity_id, text) DO UPDATE SET n = aliases.n + excluded.n",
                        "DELETE FROM aliases WHERE n <= 0 AND entity_id = ?"));
    MOSAIC_RETURN_IF_ERROR(WriteTextCounts(
        &batch_names_, "INSERT INTO entity_names (entity_id, name, docs) VALUES ",
        " ON CONFLICT (entity_id, name) DO UPDATE SET docs = entity_names.docs + excluded.docs",
        "DELETE FROM entity_names WHERE docs <= 0 AND entity_id = ?"));
    if (!pending_fts_.empty()) {
      // One statement for the batch, read from the rows just written. Written per document
      // instead, FTS5's hash of pending terms goes cold between documents and costs twice as
      // much; and a multi-row INSERT into a virtual table always opens a statement journal, at
      // whose savepoint FTS5 writes its pending terms out as a segment of their own. The batch's
      // documents are the rows from its first one on: a new row's id is above every existing
      // one, and RedoBatch rolls a failed document's row back with the batch.
      const int64_t first = *std::min_element(pending_fts_.begin(), pending_fts_.end());
      pending_fts_.clear();
      MOSAIC_RETURN_IF_ERROR(Run(*conn_,
                                 "INSERT INTO doc_fts (rowid, title, text) SELECT id, title, text "
                                 "FROM documents WHERE id >= ? ORDER BY id",
                                 {first}));
    }
    return Status::Ok();
  }

  // PostgreSQL: looks up every key of the document's entities that the caches do not answer in
  // one query, instead of one round trip per key in Resolve (on 817 news articles 11,470 lookups,
  // a fifth of the merge's time in SQL). Found keys go to key_cache_, the others to absent_keys_,
  // as Resolve's own lookups would put them: this writer holds the advisory lock of each of the
  // document's keys (LockForMerge), so none of them is claimed by another writer meanwhile.
  Status PrefetchKeys(const DocGraph& g, const std::string& doc_id) {
    std::string json;
    JsonWriter w(&json);
    w.BeginArray();
    std::vector<KeyId> asked;
    absl::flat_hash_set<KeyId, MemoIdHash> seen;
    auto ask = [&](const std::string& type, const std::string& key) {
      const KeyId ck = CacheKey(type, key);
      if (key_cache_.contains(ck) || pending_key_ids_.contains(ck) || absent_keys_.contains(ck) ||
          !seen.insert(ck).second) {
        return;
      }
      asked.push_back(ck);
      w.BeginArray();
      w.String(type);
      w.String(key);
      w.EndArray();
    };
    for (const Entity& e : g.entities) {
      const std::vector<std::string>& keys = KeysOf(e);
      if (keys.empty()) ask(e.type, "doc:" + doc_id + ":" + e.id);  // Resolve's own key
      for (const auto& k : keys) ask(e.type, k);
    }
    w.EndArray();
    if (asked.empty()) return Status::Ok();
    // One index probe per key (a join would let the planner scan the whole table).
    MOSAIC_RETURN_IF_ERROR(ForEachRow(
        "SELECT q.t, q.k, (SELECT e.entity_id FROM entity_keys e WHERE e.type = q.t AND e.key = "
        "q.k) FROM (SELECT j->>0 AS t, j->>1 AS k FROM json_array_elements(CAST(? AS json)) AS j) "
        "AS q",
        {Borrow(json)}, [&](Stmt& row) {
          if (!row.IsNull(2)) key_cache_[CacheKey(row.Text(0), row.Text(1))] = row.Int(2);
          return Status::Ok();
        }));
    for (const KeyId& ck : asked) {
      if (!key_cache_.contains(ck)) absent_keys_.insert(ck);
    }
    return Status::Ok();
  }

  // An entity this document created, whose row is not written yet (new_entities_).
  struct NewEntity {
    int64_t id;
    const Entity* from;  // the document's entity: its type, name and mentions
    std::string key;
    std::string kind;  // the kind of the first of the document's entities that had one
    std::optional<Geo> geo;
  };

  // The row this document will write for entity `id`, if it creates it (null otherwise).
  NewEntity* NewEntityRow(int64_t id) {
    // Ids are handed out in increasing order (NewEntityId): an older entity is not among them.
    if (new_entities_.empty() || id < new_entities_.front().id) return nullptr;
    for (NewEntity& ne : new_entities_) {
      if (ne.id == id) return &ne;
    }
    return nullptr;
  }

  // An id for a new entity of the document being put (see next_entity_id_). Ids are handed out
  // in increasing order: NewEntityRow relies on it.
  Result<int64_t> NewEntityId() {
    auto ids = NewIds("entities", 1, &next_entity_id_);
    if (!ids.ok()) return ids.status();
    return ids->front();
  }

  // Writes the rows of the entities this document created (see new_entities_).
  Status WriteNewEntities() {
    if (new_entities_.empty()) return Status::Ok();
    std::vector<Value> rows;  // borrowing from new_entities_ and the document's graph
    rows.reserve(new_entities_.size() * 12);
    for (const NewEntity& ne : new_entities_) {
      const Entity& e = *ne.from;
      const std::optional<Geo>& geo = ne.geo;
      AppendRow(&rows, ne.id, Borrow(e.type), Borrow(ne.kind), Borrow(e.name), Borrow(ne.key),
                static_cast<int64_t>(e.mentions.size()), int64_t{1},
                geo ? Value(geo->lat) : Value(Null{}), geo ? Value(geo->lon) : Value(Null{}),
                geo ? BorrowOrNull(geo->id) : Value(Null{}),
                geo ? BorrowOrNull(geo->precision) : Value(Null{}),
                geo ? BorrowOrNull(geo->country) : Value(Null{}));
    }
    Status st = InsertRows(
        "INSERT INTO entities (id, type, kind, name, key, mention_count, doc_count, lat, lon, "
        "geo_id, geo_precision, country) VALUES ",
        12, rows, "");
    rows.clear();
    new_entities_.clear();
    return st;
  }

  // Hands out `n` ids of `table` (events, entities), in increasing order, for rows this
  // transaction will insert with explicit ids. PostgreSQL takes them from the table's identity
  // sequence; SQLite, the only writer while its transaction lasts, counts on from the largest id,
  // kept in `*next` until the write caches are cleared.
  Result<std::vector<int64_t>> NewIds(const std::string& table, size_t n,
                                      std::optional<int64_t>* next) {
    std::vector<int64_t> ids;
    if (n == 0) return ids;
    if (pg()) {
      // Ids are taken from the sequence kPgIdBlock at a time (or more, for a larger document) and
      // kept for the documents that follow: a sequence value is never handed out twice, even when
      // the transaction that took it rolls back, so what is reserved stays this writer's and a
      // document needs no round trip for its ids (two per document before, one per table).
      std::vector<int64_t>& reserve = id_reserve_[table];  // largest first
      if (reserve.size() < n) {
        std::vector<int64_t> more;
        MOSAIC_RETURN_IF_ERROR(ForEachRow("SELECT nextval(pg_get_serial_sequence('" + table +
                                              "', 'id')) FROM generate_series(1, ?)",
                                          {static_cast<int64_t>(std::max(n, kPgIdBlock))},
                                          [&](Stmt& row) {
                                            more.push_back(row.Int(0));
                                            return Status::Ok();
                                          }));
        if (more.size() < n) return Status::Internal("the " + table + " sequence gave too few ids");
        // Later values of the sequence are larger: the new block goes below what is left.
        std::sort(more.begin(), more.end(), std::greater<>());
        more.insert(more.end(), reserve.begin(), reserve.end());
        reserve = std::move(more);
      }
      ids.assign(reserve.rbegin(), reserve.rbegin() + static_cast<std::ptrdiff_t>(n));
      reserve.resize(reserve.size() - n);
      return ids;
    }
    if (!*next) {
      auto max = QueryInt(*conn_, "SELECT COALESCE(MAX(id), 0) FROM " + table, {});
      if (!max.ok()) return max.status();
      *next = max->value_or(0) + 1;
    }
    for (size_t i = 0; i < n; ++i) ids.push_back((**next)++);
    return ids;
  }

  // EntityKeys, remembered by what they are computed from (type, geo id and whether the point
  // is borrowed, name, aliases): the same names recur in document after document, and folding
  // and romanising them is not free.
  // The memo is indexed by a 128-bit hash of those fields rather than by the fields themselves:
  // building, hashing and comparing the joined text was most of the memo's cost, and a chance
  // collision among at most 200,000 entries (odds about 10^-28) is not worth a comparison.
  const std::vector<std::string>& KeysOf(const Entity& e) {
    std::string& memo = memo_text_;  // reused: no allocation once it has grown
    memo.clear();
    memo.append(e.type).push_back('\x1f');
    if (e.geo) memo.append(e.geo->id).append(e.geo->borrowed ? "\x1e" : "");  // see EntityKeys
    memo.push_back('\x1f');
    memo.append(e.name);
    for (const auto& a : e.aliases) memo.append(1, '\x1f').append(a);
    const XXH128_hash_t h = XXH3_128bits(memo.data(), memo.size());
    const std::pair<uint64_t, uint64_t> id{h.low64, h.high64};
    auto it = keys_memo_.find(id);
    if (it != keys_memo_.end()) return it->second;
    if (keys_memo_.size() >= 200000) keys_memo_.clear();  // bounded: a fresh start now and then
    return keys_memo_.emplace(id, EntityKeys(e)).first->second;
  }

  // The namesake check's view of an entity's role titles.
  Result<const std::vector<std::string>*> RoleTitles(int64_t id) {
    auto it = role_titles_.find(id);
    if (it != role_titles_.end()) return &it->second;
    std::vector<std::string> titles;
    MOSAIC_RETURN_IF_ERROR(ForEachRow(
        "SELECT DISTINCT title FROM roles WHERE entity_id = ? LIMIT " + std::to_string(kMaxTitles),
        {id}, [&](Stmt& row) {
          titles.push_back(row.Text(0));
          return Status::Ok();
        }));
    return &role_titles_.emplace(id, std::move(titles)).first->second;
  }
  static constexpr size_t kMaxTitles = 200;

  static std::string Lower(std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  }
  static std::string LikeEscape(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '%' || c == '_' || c == '\\') out += '\\';
      out += c;
    }
    return out;
  }

  static std::array<int64_t, 4> Quad(Stmt* s) {
    return {s->Int(0), s->Int(1), s->Int(2), s->Int(3)};
  }

  // ---- corrections (MergeEntities, SplitEntity) ----

  // The live entity `id` stands for (itself, or what it was merged into); an error if unknown.
  Result<EntitySummary> LiveEntity(int64_t id) {
    auto target = QueryInt(*conn_, "SELECT merged_into FROM entities WHERE id = ?", {id});
    if (!target.ok()) return target.status();
    auto e = LoadEntity(target->value_or(id));
    if (!e.ok()) return Status::NotFound("no entity #" + std::to_string(id));
    return e;
  }

  // Recounts an entity's counters and aliases from its mention and document rows.
  Status Recount(int64_t id) {
    entity_cache_.clear();  // LoadEntity must see the new counters
    MOSAIC_RETURN_IF_ERROR(Run(*conn_, "DELETE FROM aliases WHERE entity_id = ?", {id}));
    MOSAIC_RETURN_IF_ERROR(
        Run(*conn_,
            "INSERT INTO aliases (entity_id, text, n) SELECT entity_id, text, "
            "COUNT(*) FROM mentions WHERE entity_id = ? GROUP BY entity_id, text",
            {id}));
    MOSAIC_RETURN_IF_ERROR(Run(*conn_, "DELETE FROM entity_names WHERE entity_id = ?", {id}));
    MOSAIC_RETURN_IF_ERROR(Run(*conn_,
                               "INSERT INTO entity_names (entity_id, name, docs) SELECT entity_id, "
                               "local_name, COUNT(*) FROM entity_docs WHERE entity_id = ? GROUP BY "
                               "entity_id, local_name",
                               {id}));
    MOSAIC_RETURN_IF_ERROR(RenameByVotes("SELECT CAST(? AS BIGINT) AS id", {id}));
    return Run(*conn_,
               "UPDATE entities SET mention_count = (SELECT COALESCE(SUM(mentions), 0) FROM "
               "entity_docs WHERE entity_id = ?), doc_count = (SELECT COUNT(DISTINCT doc) FROM "
               "entity_docs WHERE "
               "entity_id = ?) WHERE id = ?",
               {id, id, id});
  }

  // Sets the name shown of the entities `ids_sql` selects (a SELECT of ids with `params`) to the
  // form most of their documents use (entity_names), then the longest; writes only changes.
  Status RenameByVotes(const std::string& ids_sql, const std::vector<Value>& params) {
    return Run(*conn_,
               "UPDATE entities SET name = v.best FROM (SELECT t.id AS id, (SELECT n.name FROM "
               "entity_names n WHERE n.entity_id = t.id AND n.docs > 0 ORDER BY n.docs DESC, "
               "LENGTH(n.name) DESC, n.name LIMIT 1) AS best FROM (" +
                   ids_sql +
                   ") AS t) AS v WHERE entities.id = v.id AND v.best IS NOT NULL AND "
                   "entities.name <> v.best",
               params);
  }

  Status RecordOverride(const std::string& action, int64_t a, int64_t b,
                        const std::string& detail) {
    return Run(*conn_,
               "INSERT INTO entity_overrides (action, entity_id, other_id, detail, created_at) "
               "VALUES (?, ?, ?, ?, ?)",
               {action, a, b, detail, NowIso()});
  }

  Status LoadPinnedKeys() {
    pinned_.clear();
    MOSAIC_RETURN_IF_ERROR(
        ForEachRow("SELECT type, key, entity_id FROM pinned_keys", {}, [&](Stmt& row) {
          pinned_[CacheKey(row.Text(0), row.Text(1))] = row.Int(2);
          return Status::Ok();
        }));
    pinned_loaded_ = true;
    return Status::Ok();
  }

  Result<MergeResult> MergeInner(int64_t from_id, int64_t into_id) {
    auto from = LiveEntity(from_id);
    if (!from.ok()) return from.status();
    auto into = LiveEntity(into_id);
    if (!into.ok()) return into.status();
    if (from->id == into->id) {
      return Status::InvalidInput("merge: #" + std::to_string(from_id) + " and #" +
                                  std::to_string(into_id) + " are already one entity (#" +
                                  std::to_string(into->id) + ")");
    }
    const int64_t a = from->id, b = into->id;
    for (const char* sql : {"UPDATE roles SET entity_id = ? WHERE entity_id = ?",
                            "UPDATE entity_docs SET entity_id = ? WHERE entity_id = ?",
                            "UPDATE event_args SET entity_id = ? WHERE entity_id = ?",
                            "UPDATE relations SET subject = ? WHERE subject = ?",
                            "UPDATE relations SET object = ? WHERE object = ?",
                            "UPDATE events SET source_entity = ? WHERE source_entity = ?",
                            "UPDATE entity_keys SET entity_id = ? WHERE entity_id = ?",
                            "UPDATE pinned_keys SET entity_id = ? WHERE entity_id = ?",
                            "UPDATE entities SET merged_into = ? WHERE merged_into = ?"}) {
      MOSAIC_RETURN_IF_ERROR(Run(*conn_, sql, {b, a}));
    }
    // The merged entity keeps what only the other one knew: coordinates, an organisation kind.
    MOSAIC_RETURN_IF_ERROR(Run(*conn_,
                               "UPDATE entities SET lat = (SELECT lat FROM entities WHERE id = ?), "
                               "lon = (SELECT lon FROM entities WHERE id = ?), geo_id = (SELECT "
                               "geo_id FROM entities WHERE id = ?), geo_precision = (SELECT "
                               "geo_precision FROM entities WHERE id = ?), country = (SELECT "
                               "country FROM entities WHERE id = ?) WHERE id = ? AND lat IS NULL",
                               {a, a, a, a, a, b}));
    MOSAIC_RETURN_IF_ERROR(
        Run(*conn_,
            "UPDATE entities SET kind = (SELECT kind FROM entities WHERE id = ?) WHERE id = ? AND "
            "kind = ''",
            {a, b}));
    MOSAIC_RETURN_IF_ERROR(Run(*conn_, "DELETE FROM aliases WHERE entity_id = ?", {a}));
    MOSAIC_RETURN_IF_ERROR(Run(*conn_, "DELETE FROM entity_names WHERE entity_id = ?", {a}));
    MOSAIC_RETURN_IF_ERROR(
        Run(*conn_,
            "UPDATE entities SET merged_into = ?, mention_count = 0, doc_count = 0 WHERE id = ?",
            {b, a}));
    MOSAIC_RETURN_IF_ERROR(Recount(b));
    MOSAIC_RETURN_IF_ERROR(RecordOverride("merge", a, b, from->name + " -> " + into->name));
    auto after = LoadEntity(b);
    if (!after.ok()) return after.status();
    return MergeResult{a, b, after->mentions, after->documents};
  }

  Result<SplitResult> SplitInner(int64_t id, const SplitSpec& spec) {
    auto e = LiveEntity(id);
    if (!e.ok()) return e.status();
    id = e->id;
    if (spec.documents.empty() == spec.alias.empty()) {
      return Status::InvalidInput("split: name either documents or an alias");
    }
    // The entity's documents, and which of them move.
    std::vector<int64_t> moving;
    std::string sql =
        spec.alias.empty()
            ? "SELECT DISTINCT x.doc FROM entity_docs x JOIN documents d ON d.id = x.doc WHERE "
              "x.entity_id = ? AND (d.doc_id = ? OR d.url = ?)"
            : "SELECT DISTINCT x.doc FROM entity_docs x WHERE x.entity_id = ? AND (x.local_name = "
              "? OR EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = x.entity_id AND m.doc = "
              "x.doc AND m.text = ?))";
    std::vector<std::string> wanted =
        spec.alias.empty() ? spec.documents : std::vector<std::string>{spec.alias};
    for (const auto& w : wanted) {
      const size_t before = moving.size();
      MOSAIC_RETURN_IF_ERROR(ForEachRow(sql, {id, w, w}, [&](Stmt& row) {
        moving.push_back(row.Int(0));
        return Status::Ok();
      }));
      if (moving.size() == before) {
        return Status::NotFound("split: #" + std::to_string(id) + " (" + e->name + ") has no " +
                                (spec.alias.empty() ? "document " : "mention called ") + w);
      }
    }
    std::sort(moving.begin(), moving.end());
    moving.erase(std::unique(moving.begin(), moving.end()), moving.end());
    if (static_cast<int64_t>(moving.size()) >= e->documents) {
      return Status::InvalidInput("split: that would move all of #" + std::to_string(id) + " (" +
                                  e->name + "); nothing would be left to split from");
    }
    // Names used in the moving and in the staying documents, to decide the new entity's name
    // and which name keys follow it.
    auto names_in = [&](bool in_moving) -> Result<std::map<std::string, int64_t>> {
      std::map<std::string, int64_t> out;
      MOSAIC_RETURN_IF_ERROR(
          ForEachRow("SELECT doc, text FROM mentions WHERE entity_id = ?", {id}, [&](Stmt& row) {
            bool m = std::binary_search(moving.begin(), moving.end(), row.Int(0));
            if (m == in_moving) ++out[row.Text(1)];
            return Status::Ok();
          }));
      return out;
    };
    auto moved_names = names_in(true);
    if (!moved_names.ok()) return moved_names.status();
    auto kept_names = names_in(false);
    if (!kept_names.ok()) return kept_names.status();
    // The new entity's name: the most complete form used in the moving documents (most words;
    // then most mentions) that contains the alias, if one was given.
    std::string name;
    {
      auto words = [](const std::string& t) { return std::count(t.begin(), t.end(), ' ') + 1; };
      int64_t best_words = -1, best_n = -1;
      for (const auto& [text, count] : *moved_names) {
        if (!spec.alias.empty() && text.find(spec.alias) == std::string::npos) continue;
        int64_t w = words(text);
        if (w > best_words || (w == best_words && count > best_n)) {
          best_words = w, best_n = count, name = text;
        }
      }
      if (name.empty()) name = spec.alias.empty() ? e->name : spec.alias;
    }
    auto created =
        InsertId("INSERT INTO entities (type, kind, name, key) VALUES (?, ?, ?, ?)",
                 {e->type, e->kind, name, "split:" + std::to_string(id) + ":" + NameKey(name)});
    if (!created.ok()) return created.status();
    const int64_t n = *created;

    int64_t moved_mentions = 0;
    for (int64_t doc : moving) {
      auto c =
          QueryInt(*conn_, "SELECT SUM(mentions) FROM entity_docs WHERE entity_id = ? AND doc = ?",
                   {id, doc});
      if (!c.ok()) return c.status();
      moved_mentions += c->value_or(0);
      for (const char* q :
           {"UPDATE roles SET entity_id = ? WHERE entity_id = ? AND doc = ?",
            "UPDATE entity_docs SET entity_id = ? WHERE entity_id = ? AND doc = ?",
            "UPDATE event_args SET entity_id = ? WHERE entity_id = ? AND event_id IN (SELECT id "
            "FROM events WHERE doc = ?)",
            "UPDATE relations SET subject = ? WHERE subject = ? AND doc = ?",
            "UPDATE relations SET object = ? WHERE object = ? AND doc = ?",
            "UPDATE events SET source_entity = ? WHERE source_entity = ? AND doc = ?"}) {
        MOSAIC_RETURN_IF_ERROR(Run(*conn_, q, {n, id, doc}));
      }
    }
    MOSAIC_RETURN_IF_ERROR(Recount(id));
    MOSAIC_RETURN_IF_ERROR(Recount(n));

    // Name keys: those only the moving names produce follow them, and are pinned, so that a
    // later document using them resolves to the new entity before any shared key is tried.
    auto keys_of = [&](const std::map<std::string, int64_t>& names) {
      std::set<std::string> keys;
      for (const auto& [text, count] : names) {
        Entity probe;
        probe.type = e->type;
        probe.name = text;
        for (const auto& k : EntityKeys(probe)) keys.insert(k);
      }
      return keys;
    };
    std::set<std::string> kept_keys = keys_of(*kept_names);
    std::vector<std::string> pinned;
    for (const auto& k : keys_of(*moved_names)) {
      if (kept_keys.count(k)) continue;
      for (const char* q : {"INSERT INTO entity_keys (type, key, entity_id) VALUES (?, ?, ?) ON "
                            "CONFLICT (type, key) DO UPDATE SET entity_id = excluded.entity_id",
                            "INSERT INTO pinned_keys (type, key, entity_id) VALUES (?, ?, ?) ON "
                            "CONFLICT (type, key) DO UPDATE SET entity_id = excluded.entity_id"}) {
        MOSAIC_RETURN_IF_ERROR(Run(*conn_, q, {e->type, k, n}));
      }
      pinned.push_back(k);
    }
    std::string detail = spec.alias.empty() ? "documents:" : "alias: " + spec.alias;
    for (const auto& d : spec.documents) detail += " " + d;
    MOSAIC_RETURN_IF_ERROR(RecordOverride("split", id, n, detail));
    return SplitResult{id, n, moved_mentions, static_cast<int64_t>(moving.size())};
  }

  // ---- merge ----

  Result<PutOutcome> PutInner(const DocGraph& g) {
    const std::string doc_id = DocIdOf(g.doc);
    const std::string url = g.doc.url.empty() ? "doc:" + doc_id : g.doc.url;
    int64_t version = 1;
    PutOutcome outcome = PutOutcome::kAdded;
    {
      // Whether this text is stored already (then nothing changes), and the current version of
      // its url (which this text replaces): one statement, on PostgreSQL one round trip.
      auto s = conn_->Prepare(
          pg() ? "SELECT 0, id, version FROM documents WHERE doc_id = ? UNION ALL "
                 "SELECT 1, id, version FROM documents WHERE md5(url) = md5(?) AND url = ? AND "
                 "is_current = 1"
               : "SELECT 0, id, version FROM documents WHERE doc_id = ? UNION ALL "
                 "SELECT 1, id, version FROM documents WHERE url = ? AND is_current = 1");
      if (!s.ok()) return s.status();
      (*s)->Bind(pg() ? std::vector<Value>{Borrow(doc_id), Borrow(url), Borrow(url)}
                      : std::vector<Value>{Borrow(doc_id), Borrow(url)});
      bool stored = false;
      std::vector<std::pair<int64_t, int64_t>> prev;
      while (true) {
        auto row = (*s)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        if ((*s)->Int(0) == 0) {
          stored = true;
        } else {
          prev.emplace_back((*s)->Int(1), (*s)->Int(2));
        }
      }
      if (stored) return PutOutcome::kUnchanged;
      for (auto [old_doc, old_version] : prev) {
        MOSAIC_RETURN_IF_ERROR(RemoveFacts(old_doc));
        MOSAIC_RETURN_IF_ERROR(
            Run(*conn_, "UPDATE documents SET is_current = 0 WHERE id = ?", {old_doc}));
        version = std::max(version, old_version + 1);
        outcome = PutOutcome::kNewVersion;
      }
    }

    size_t n_mentions = 0;
    std::unordered_set<std::string> local_ids;
    for (const auto& e : g.entities) {
      n_mentions += e.mentions.size();
      local_ids.insert(e.id);
    }
    int64_t n_relations = 0;  // those whose both ends are entities of this document
    for (const auto& r : g.relations)
      n_relations += local_ids.count(r.subject) && local_ids.count(r.object);
    // SQLite keeps the graph in its binary form, PostgreSQL as JSON text (graph_blob.h).
    const std::string graph = pg() ? ToJson(g, JsonOptions{}) : PackGraph(g);
    const std::string now = NowIso();
    // PostgreSQL: the keys are looked up before the document's row is sent, so that the server
    // builds the row (its text search vector above all) while this thread resolves the entities,
    // instead of before the look-up can answer.
    if (pg()) MOSAIC_RETURN_IF_ERROR(PrefetchKeys(g, doc_id));
    // The row's texts are borrowed (sql.h): the graph and these locals outlive the insert.
    std::vector<Value> doc_values = {Borrow(doc_id),
                                     Borrow(url),
                                     version,
                                     Borrow(g.doc.title),
                                     Borrow(g.doc.published),
                                     Borrow(g.doc.source),
                                     Borrow(g.doc.external_id),
                                     Borrow(g.reference_date),
                                     Borrow(g.doc.text),
                                     pg() ? Borrow(graph) : Value(BlobRef{graph}),
                                     static_cast<int64_t>(g.entities.size()),
                                     static_cast<int64_t>(n_mentions),
                                     static_cast<int64_t>(g.events.size()),
                                     n_relations,
                                     Borrow(now)};
    static constexpr char kInsertDocument[] =
        "INSERT INTO documents (doc_id, url, version, is_current, title, published, source, "
        "external_id, reference_date, text, graph, n_entities, n_mentions, n_events, n_relations, "
        "ingested_at";
    int64_t doc_row = 0;
    if (pg()) {
      // The id from this writer's reserve (NewIds), so that the insert needs no answer and goes
      // out with the document's other inserts (Stmt::Send) instead of a round trip of its own.
      auto id = NewIds("documents", 1, nullptr);
      if (!id.ok()) return id.status();
      doc_row = id->front();
      doc_values.push_back(doc_row);  // the id is the last column named
      auto s = conn_->Prepare(std::string(kInsertDocument) +
                              ", id) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      if (!s.ok()) return s.status();
      (*s)->BindSpanInPlace(doc_values);
      MOSAIC_RETURN_IF_ERROR((*s)->Send());
    } else {
      auto doc = InsertId(std::string(kInsertDocument) +
                              ") VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          doc_values);
      if (!doc.ok()) return doc.status();
      doc_row = *doc;
    }
    if (!batch_first_doc_) batch_first_doc_ = doc_row;
    put_row_ = doc_row;
    if (!pg()) pending_fts_.push_back(doc_row);  // the full-text row: at the batch's commit

    // Entities: local id -> store-wide id. Rows are gathered per document and written with
    // multi-row statements: one round trip per table instead of one per mention (PostgreSQL).
    std::unordered_map<std::string, int64_t> global;
    std::unordered_map<std::string, const Entity*> local;
    std::map<int64_t, std::pair<int64_t, int64_t>> counters;  // id -> (mentions, documents)
    std::vector<Value> role_rows, support_rows;
    std::string spans;
    DocContext context = ContextOf(g);
    new_entities_.clear();
    for (const Entity& e : g.entities) {
      auto resolved = Resolve(e, doc_id, context);
      if (!resolved.ok()) return resolved.status();
      const auto& [gid, matched_key] = *resolved;
      global[e.id] = gid;
      local[e.id] = &e;
      // The mentions, packed into the entity's document row (schema version 5).
      spans.clear();
      JsonWriter w(&spans);
      w.BeginArray();
      for (const Mention& m : e.mentions) {
        ++doc_aliases_[{gid, m.text}];
        Span sent = SentenceAround(g, m.sentence, m.span.start);
        w.BeginArray();
        for (int64_t v :
             {int64_t{m.span.start}, int64_t{m.span.end}, int64_t{sent.start}, int64_t{sent.end}}) {
          w.Int(v);
        }
        w.String(m.text);
        w.EndArray();
      }
      w.EndArray();
      auto cached = role_titles_.find(gid);
      for (const Role& r : e.roles) {
        AppendRow(&role_rows, gid, doc_row, Borrow(r.title), int64_t{r.evidence.start},
                  int64_t{r.evidence.end});
        if (cached != role_titles_.end() && cached->second.size() < kMaxTitles &&
            std::find(cached->second.begin(), cached->second.end(), r.title) ==
                cached->second.end()) {
          cached->second.push_back(r.title);
        }
      }
      // The graph's strings are borrowed; the matched key and the span list are this loop's own.
      AppendRow(&support_rows, gid, doc_row, Borrow(e.id), Borrow(e.name), Value(matched_key),
                static_cast<int64_t>(e.mentions.size()), Value(std::move(spans)));
      ++doc_names_[{gid, e.name}];  // the document's canonical form: one vote for the name shown
      auto& c = counters[gid];
      c.first += static_cast<int64_t>(e.mentions.size());
      c.second = 1;
    }
    MOSAIC_RETURN_IF_ERROR(WriteNewEntities());
    MOSAIC_RETURN_IF_ERROR(InsertRows(
        "INSERT INTO roles (entity_id, doc, title, start_pos, end_pos) VALUES ", 5, role_rows, ""));
    MOSAIC_RETURN_IF_ERROR(InsertRows(
        "INSERT INTO entity_docs (entity_id, doc, local_id, local_name, matched_key, mentions, "
        "spans) VALUES ",
        7, support_rows, " ON CONFLICT DO NOTHING"));
    for (const auto& c : doc_created_) {  // counted in the new row already
      auto& n = counters[c.id];
      n.first -= c.mentions;
      n.second -= 1;
    }
    MOSAIC_RETURN_IF_ERROR(AddToCounters(counters, +1));
    auto gid_of = [&](const std::string& local_id) -> std::optional<int64_t> {
      auto it = global.find(local_id);
      if (it == global.end()) return std::nullopt;
      return it->second;
    };
    // Borrowed texts (sql.h): the graph outlives the rows built from it.
    auto source_text = [&](const Attribution& a) -> Value {
      if (!a.source_text.empty()) return Borrow(a.source_text);
      auto it = local.find(a.source);
      return it == local.end() ? Value(std::string()) : Borrow(it->second->name);
    };
    auto status_of = [](const Attribution& a) -> Value {
      return a.status.empty() ? Value(TextRef{"asserted"}) : Borrow(a.status);
    };

    // Events: ids handed out up front, so that events and their arguments go in as multi-row
    // statements.
    auto event_ids = NewIds("events", g.events.size(), &next_event_id_);
    if (!event_ids.ok()) return event_ids.status();
    std::vector<Value> event_rows, arg_rows;
    for (size_t k = 0; k < g.events.size(); ++k) {
      const Event& ev = g.events[k];
      const int64_t eid = (*event_ids)[k];
      std::optional<double> fatalities;
      std::string casualties = Casualties(ev, &fatalities);
      Value date_value = Null{}, date_precision = Null{}, date_start = Null{}, date_end = Null{};
      if (ev.date && ev.date->resolved) {
        const DateExpr& d = *ev.date;
        date_value = BorrowOrNull(d.value);
        date_precision = BorrowOrNull(d.precision);
        std::string lo = d.interval_start, hi = d.interval_end;
        if (lo.empty() && IsIsoDatePrefix(d.value)) lo = PadDate(d.value, false);
        if (hi.empty() && IsIsoDatePrefix(d.value)) hi = PadDate(d.value, true);
        date_start = TextOrNull(lo);
        date_end = TextOrNull(hi);
      }
      const Entity* place = nullptr;
      for (const auto& p : ev.places) {
        auto it = local.find(p);
        if (it != local.end() && it->second->geo) {
          place = it->second;
          break;
        }
      }
      Value source = Null{};
      if (auto sid = gid_of(ev.attribution.source)) source = *sid;
      Span sent = SentenceAround(g, ev.sentence >= 0 ? ev.sentence : ev.trigger.sentence,
                                 ev.trigger.span.start);
      AppendRow(&event_rows, eid, doc_row, Borrow(ev.id), Borrow(ev.type), Borrow(ev.subtype),
                Borrow(ev.plover), status_of(ev.attribution), Borrow(ev.attribution.cue), source,
                source_text(ev.attribution), date_value, date_precision, date_start, date_end,
                int64_t{ev.trigger.span.start}, int64_t{ev.trigger.span.end}, int64_t{sent.start},
                int64_t{sent.end}, OptReal(fatalities), std::move(casualties),
                place ? Value(place->geo->lat) : Value(Null{}),
                place ? Value(place->geo->lon) : Value(Null{}),
                place ? BorrowOrNull(place->geo->precision) : Value(Null{}),
                place ? Value(GeoCell(place->geo->lat)) : Value(Null{}));
      int64_t ord = 0;
      for (auto [role, ids] : {std::pair{"actor", &ev.actors}, std::pair{"target", &ev.targets},
                               std::pair{"place", &ev.places}}) {
        for (const auto& lid : *ids) {
          auto gid = gid_of(lid);
          if (!gid) continue;  // a dangling local id: the DocGraph is inconsistent; skip the arg
          AppendRow(&arg_rows, eid, *gid, TextRef{role}, ord++);
        }
      }
    }
    MOSAIC_RETURN_IF_ERROR(InsertRows(
        "INSERT INTO events (id, doc, local_id, type, subtype, plover, status, cue, "
        "source_entity, source_text, date_value, date_precision, date_start, date_end, "
        "trigger_start, trigger_end, sent_start, sent_end, fatalities, casualties, lat, lon, "
        "geo_precision, geo_cell) VALUES ",
        24, event_rows, ""));
    MOSAIC_RETURN_IF_ERROR(InsertRows(
        "INSERT INTO event_args (event_id, entity_id, role, ord) VALUES ", 4, arg_rows, ""));

    std::vector<Value> relation_rows;
    for (const Relation& r : g.relations) {
      auto subject = gid_of(r.subject), object = gid_of(r.object);
      if (!subject || !object) continue;
      Value source = Null{};
      if (auto sid = gid_of(r.attribution.source)) source = *sid;
      Span sent = SentenceAround(g, -1, r.evidence.start);
      AppendRow(&relation_rows, doc_row, Borrow(r.type), *subject, *object,
                status_of(r.attribution), Borrow(r.attribution.cue), source,
                source_text(r.attribution), int64_t{r.evidence.start}, int64_t{r.evidence.end},
                int64_t{sent.start}, int64_t{sent.end});
    }
    MOSAIC_RETURN_IF_ERROR(
        InsertRows("INSERT INTO relations (doc, type, subject, object, status, cue, source_entity, "
                   "source_text, ev_start, ev_end, sent_start, sent_end) VALUES ",
                   12, relation_rows, ""));
    return outcome;
  }

  // Runs `head` + "(?, ...), (?, ...)" + `tail` over `flat` (ncols values per row), in chunks so
  // that the number of distinct prepared statements stays small.
  // Every caller writes inside an undo of its own (a document's savepoint, or the batch's
  // transaction, which Commit rolls back when a write fails), so on SQLite `head`'s "INSERT INTO"
  // runs as "INSERT OR FAIL INTO": a statement that may fail part-way through several rows
  // otherwise opens a statement journal and copies every page it touches there first, to undo
  // itself (about 2% of the merge's instructions). FAIL keeps the rows a failed statement wrote,
  // which the enclosing undo then removes.
  Status InsertRows(const std::string& head, int ncols, const std::vector<Value>& flat,
                    const std::string& tail) {
    constexpr size_t kChunk = 32;
    const size_t rows = flat.size() / static_cast<size_t>(ncols);
    if (rows == 0) return Status::Ok();
    // The statement for (head, tail, n rows) is found by its short head, not by building and
    // hashing the whole multi-row SQL text each time.
    auto& by_rows = insert_stmts_[head + '\x1f' + tail];
    if (by_rows.empty()) by_rows.resize(kChunk + 1, nullptr);
    for (size_t r = 0; r < rows; r += kChunk) {
      size_t n = std::min(kChunk, rows - r);
      if (!by_rows[n]) {
        std::string one = "(";
        for (int i = 0; i < ncols; ++i) one += i ? ", ?" : "?";
        one += ")";
        std::string sql = head;
        if (!pg() && sql.starts_with(kInsertInto)) {
          sql.replace(0, kInsertInto.size(), "INSERT OR FAIL INTO ");
        }
        for (size_t i = 0; i < n; ++i) sql += (i ? ", " : "") + one;
        sql += tail;
        auto stmt = conn_->Prepare(sql);
        if (!stmt.ok()) return stmt.status();
        by_rows[n] = *stmt;
      }
      Stmt* st = by_rows[n];
      // `flat` outlives the run below: its strings are read in place, not copied. Nothing is
      // read back from an insert: PostgreSQL sends it without waiting (Stmt::Send).
      st->BindSpanInPlace(std::span<const Value>(flat).subspan(r * ncols, n * ncols));
      MOSAIC_RETURN_IF_ERROR(st->Send());
    }
    return Status::Ok();
  }

  // Adds (sign = +1) or subtracts per-entity (mentions, documents) to the entity counters. The
  // change is kept in memory (doc_delta_) and written once per batch by WriteCounters: a frequent
  // entity's row is updated once per batch instead of once per document.
  Status AddToCounters(const std::map<int64_t, std::pair<int64_t, int64_t>>& counters, int sign) {
    for (const auto& [id, c] : counters) {
      auto& d = doc_delta_[id];
      d.first += sign * c.first;
      d.second += sign * c.second;
    }
    return Status::Ok();
  }

  // Adds per-(entity, text) changes with one upsert per 32 rows; entities whose count went down
  // (a document replaced by its next version) then lose the rows that reached zero.
  // Hashed, not ordered: a batch adds to thousands of (entity, text) pairs, mostly one at a time,
  // and a tree's string comparisons on each were several percent of the merge. The rows are
  // sorted once when written. Open addressing (absl), as for the key caches below.
  using TextKey = std::pair<int64_t, std::string>;
  using TextCounts = absl::flat_hash_map<TextKey, int64_t>;
  Status WriteTextCounts(TextCounts* counts, const std::string& head, const std::string& tail,
                         const std::string& drop_sql) {
    // In key order: the tables are clustered on (entity, text), and neighbouring rows share pages.
    std::vector<const TextCounts::value_type*> changed;
    changed.reserve(counts->size());
    for (const auto& kv : *counts) {
      if (kv.second != 0) changed.push_back(&kv);
    }
    std::sort(changed.begin(), changed.end(),
              [](const auto* a, const auto* b) { return a->first < b->first; });
    std::vector<Value> rows;
    rows.reserve(changed.size() * 3);
    std::set<int64_t> shrunk;
    for (const auto* kv : changed) {
      const auto& [k, n] = *kv;
      if (n < 0) shrunk.insert(k.first);
      AppendRow(&rows, k.first, Borrow(k.second), n);  // `counts` holds the text
    }
    Status st = InsertRows(head, 3, rows, tail);
    rows.clear();
    counts->clear();
    MOSAIC_RETURN_IF_ERROR(st);
    for (int64_t id : shrunk) MOSAIC_RETURN_IF_ERROR(Run(*conn_, drop_sql, {id}));
    return Status::Ok();
  }

  // Writes the batch's counter changes (batch_delta_), in id order.
  Status WriteCounters() {
    constexpr size_t kChunk = 32;
    std::vector<std::tuple<int64_t, int64_t, int64_t>> all;
    for (const auto& [id, c] : batch_delta_) {
      if (c.first || c.second) all.emplace_back(id, c.first, c.second);
    }
    batch_delta_.clear();
    std::sort(all.begin(), all.end());
    for (size_t r = 0; r < all.size(); r += kChunk) {
      size_t n = std::min(kChunk, all.size() - r);
      // OR FAIL on SQLite, as in InsertRows: a failed write rolls the whole batch back.
      std::string sql = pg() ? "UPDATE" : "UPDATE OR FAIL";
      sql +=
          " entities SET mention_count = mention_count + v.m, doc_count = doc_count + v.d "
          "FROM (";
      std::vector<Value> params;
      for (size_t i = 0; i < n; ++i) {
        sql += i ? " UNION ALL SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT)"
                 : "SELECT CAST(? AS BIGINT) AS id, CAST(? AS BIGINT) AS m, CAST(? AS BIGINT) AS d";
        const auto& [id, m, d] = all[r + i];
        params.insert(params.end(), {id, m, d});
      }
      sql += ") AS v WHERE entities.id = v.id";
      MOSAIC_RETURN_IF_ERROR(Run(*conn_, sql, params));
    }
    return Status::Ok();
  }

  // What a document says around its entities, for telling namesakes apart.
  struct DocContext {
    std::set<std::string> countries;   // of its geocoded places
    std::set<std::string> neighbours;  // first name keys of its other people and organisations
  };

  DocContext ContextOf(const DocGraph& g) {
    DocContext c;
    for (const Entity& x : g.entities) {
      if (x.geo && !x.geo->country.empty()) c.countries.insert(x.geo->country);
      if (x.type == "person" || x.type == "organization") {
        const auto& k = KeysOf(x);
        if (!k.empty()) c.neighbours.insert(k[0]);
      }
    }
    return c;
  }

  // Content words of role titles ("the governor of Belgorod" -> governor, belgorod).
  static std::set<std::string> RoleWords(const std::vector<std::string>& titles) {
    static const std::set<std::string> kStop = {"the", "of",     "a",    "an",     "and",    "for",
                                                "in",  "former", "then", "deputy", "acting", "s"};
    std::set<std::string> out;
    for (const auto& t : titles) {
      std::string w;
      for (size_t i = 0; i <= t.size(); ++i) {
        char ch = i < t.size() ? t[i] : ' ';
        if (std::isalnum(static_cast<unsigned char>(ch)) || (ch & 0x80)) {
          w += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        } else {
          if (!w.empty() && !kStop.count(w)) out.insert(w);
          w.clear();
        }
      }
    }
    return out;
  }

  static bool Disjoint(const std::set<std::string>& a, const std::set<std::string>& b) {
    for (const auto& x : a) {
      if (b.count(x)) return false;
    }
    return true;
  }

  // Does the stored entity `id` contradict `e` as described in this document? Only when every
  // kind of evidence disagrees: both have roles and they share no word, both have places and
  // they share no country, and they share no other person or organisation. Anything less joins
  // (a person changes jobs; an article about a trip names other countries).
  Result<bool> Contradicts(int64_t id, const Entity& e, const DocContext& context) {
    std::vector<std::string> local_titles;
    for (const auto& r : e.roles) local_titles.push_back(r.title);
    auto strings = [&](const std::string& sql,
                       const std::vector<Value>& params) -> Result<std::set<std::string>> {
      std::set<std::string> out;
      MOSAIC_RETURN_IF_ERROR(ForEachRow(sql, params, [&](Stmt& row) {
        out.insert(row.Text(0));
        return Status::Ok();
      }));
      return out;
    };
    auto titles = RoleTitles(id);
    if (!titles.ok()) return titles.status();
    if ((*titles)->empty()) return false;
    if (!Disjoint(RoleWords(local_titles), RoleWords(**titles))) return false;
    auto countries = strings(
        "SELECT DISTINCT en.country FROM entity_docs a JOIN entity_docs b ON b.doc = a.doc JOIN "
        "entities en ON en.id = b.entity_id WHERE a.entity_id = ? AND b.entity_id <> ? AND "
        "en.country IS NOT NULL AND en.country <> '' LIMIT 200",
        {id, id});
    if (!countries.ok()) return countries.status();
    if (countries->empty() || context.countries.empty() ||
        !Disjoint(context.countries, *countries)) {
      return false;
    }
    auto neighbours = strings(
        "SELECT DISTINCT en.key FROM entity_docs a JOIN entity_docs b ON b.doc = a.doc JOIN "
        "entities en ON en.id = b.entity_id WHERE a.entity_id = ? AND b.entity_id <> ? AND "
        "en.type IN ('person', 'organization') LIMIT 2000",
        {id, id});
    if (!neighbours.ok()) return neighbours.status();
    return Disjoint(context.neighbours, *neighbours);
  }

  // Finds or creates the store-wide entity for a per-document one; returns (id, key matched).
  Result<std::pair<int64_t, std::string>> Resolve(const Entity& e, const std::string& doc_id,
                                                  const DocContext& context) {
    // KeysOf's memo holds the keys; nothing below calls it again, so the reference stays valid.
    const std::vector<std::string>& memo_keys = KeysOf(e);
    std::vector<std::string> own_key;
    // An entity without a usable name key stays on its own.
    if (memo_keys.empty()) own_key.push_back("doc:" + doc_id + ":" + e.id);
    const std::vector<std::string>& keys = memo_keys.empty() ? own_key : memo_keys;
    // Each key as the caches index it (type \x1f key), built once; and which keys the search
    // below found neither cached, claimed nor stored, so that claiming them needs no second look.
    std::vector<KeyId> cks;
    cks.reserve(keys.size());
    for (const auto& k : keys) cks.push_back(CacheKey(e.type, k));
    std::vector<bool> absent(keys.size(), false);
    const bool authoritative = keys[0].rfind("geo:", 0) == 0;
    std::optional<int64_t> found;
    std::string matched;
    // A name the user split off (SplitEntity) resolves to its own entity before any shared key.
    if (!pinned_loaded_) MOSAIC_RETURN_IF_ERROR(LoadPinnedKeys());
    for (size_t i = 0; i < keys.size() && !found && !pinned_.empty(); ++i) {
      auto it = pinned_.find(cks[i]);
      if (it != pinned_.end()) found = it->second, matched = keys[i];
    }
    for (size_t i = 0; i < (authoritative ? 1 : keys.size()) && !found; ++i) {
      const KeyId& ck = cks[i];
      auto it = key_cache_.find(ck);
      auto pending = it == key_cache_.end() ? pending_key_ids_.find(ck) : pending_key_ids_.end();
      if (it != key_cache_.end()) {
        found = it->second;
      } else if (pending != pending_key_ids_.end()) {
        found = pending->second;
      } else if (all_keys_cached_ || absent_keys_.contains(ck)) {
        absent[i] = true;
      } else {
        auto v = QueryInt(*conn_, "SELECT entity_id FROM entity_keys WHERE type = ? AND key = ?",
                          {Borrow(e.type), Borrow(keys[i])});
        if (!v.ok()) return v.status();
        if (v->has_value()) {
          found = **v;
          key_cache_[ck] = **v;
        } else {
          absent_keys_.insert(ck);
          absent[i] = true;
        }
      }
      if (found) matched = keys[i];
    }
    // A person found by name whose context contradicts the entity's is a namesake: try the other
    // namesakes (entities first resolved by the same key), else start a new one.
    bool namesake = false;
    if (found && e.type == "person" && !e.roles.empty()) {
      auto c = Contradicts(*found, e, context);
      if (!c.ok()) return c.status();
      if (*c) {
        found.reset();
        namesake = true;
        // Most mentioned first, counting this batch's changes not yet written.
        std::vector<std::pair<int64_t, int64_t>> ranked;  // (-mentions, id)
        MOSAIC_RETURN_IF_ERROR(ForEachRow(
            "SELECT id, mention_count FROM entities WHERE type = 'person' AND key = ? AND "
            "merged_into IS NULL",
            {keys[0]}, [&](Stmt& row) {
              int64_t id = row.Int(0), n = row.Int(1);
              for (const auto* delta : {&batch_delta_, &doc_delta_}) {
                if (auto it = delta->find(id); it != delta->end()) n += it->second.first;
              }
              ranked.emplace_back(-n, id);
              return Status::Ok();
            }));
        for (const NewEntity& ne : new_entities_) {  // rows not written yet (WriteNewEntities)
          if (ne.from->type == "person" && ne.key == keys[0]) {
            ranked.emplace_back(-static_cast<int64_t>(ne.from->mentions.size()), ne.id);
          }
        }
        std::sort(ranked.begin(), ranked.end());
        if (ranked.size() > 20) ranked.resize(20);
        std::vector<int64_t> others;
        for (const auto& r : ranked) others.push_back(r.second);
        for (int64_t other : others) {
          auto oc = Contradicts(other, e, context);
          if (!oc.ok()) return oc.status();
          if (!*oc) {
            found = other;
            break;
          }
        }
      }
    }
    std::optional<Geo> geo = e.geo;
    if (!found) {
      auto v = NewEntityId();  // its row: WriteNewEntities, after the document's last entity
      if (!v.ok()) return v.status();
      found = *v;
      new_entities_.push_back({*found, &e, keys[0], e.kind, geo});
      matched = keys[0];
      doc_created_.push_back({*found, e.name, static_cast<int64_t>(e.mentions.size())});
      if (geo) geo_done_.insert(*found);
      if (!e.kind.empty()) kind_done_.insert(*found);
    } else if (NewEntity* ne = NewEntityRow(*found)) {
      // Created by this document, its row not written yet: a later local entity fills in what
      // the first lacked, as the updates below do for a stored row.
      if (geo && geo_done_.insert(*found).second) ne->geo = geo;
      if (!e.kind.empty() && kind_done_.insert(*found).second) ne->kind = e.kind;
    } else {
      if (geo && geo_done_.insert(*found).second) {
        MOSAIC_RETURN_IF_ERROR(
            Run(*conn_,
                "UPDATE entities SET lat = ?, lon = ?, geo_id = ?, geo_precision "
                "= ?, country = ? WHERE id = ? AND lat IS NULL",
                {geo->lat, geo->lon, TextOrNull(geo->id), TextOrNull(geo->precision),
                 TextOrNull(geo->country), *found}));
      }
      if (!e.kind.empty() && kind_done_.insert(*found).second) {
        MOSAIC_RETURN_IF_ERROR(Run(
            *conn_, "UPDATE entities SET kind = ? WHERE id = ? AND kind = ''", {e.kind, *found}));
      }
    }
    if (namesake) return std::pair{*found, matched.empty() ? keys[0] : matched};
    // Each key not yet stored is claimed for this entity: written with the batch (FlushPending),
    // one multi-row INSERT instead of one INSERT ... RETURNING per key. A key already stored
    // keeps its entity, as the INSERT's ON CONFLICT DO NOTHING would. (PostgreSQL: the Put holds
    // an advisory lock on every key of the document until its transaction ends, so no other
    // writer can store one of them in between.)
    for (size_t i = 0; i < keys.size(); ++i) {
      const KeyId& ck = cks[i];
      const std::string& k = keys[i];
      if (absent[i]) {
        // The search found it absent: still unclaimed, unless an earlier key of this entity was
        // the same text (claimed just now, so in key_cache_). One probe claims it or says so.
        if (!key_cache_.try_emplace(ck, *found).second) continue;
      } else {
        if (key_cache_.contains(ck) || pending_key_ids_.contains(ck)) continue;
        if (!all_keys_cached_ && !absent_keys_.contains(ck)) {
          auto v = QueryInt(*conn_, "SELECT entity_id FROM entity_keys WHERE type = ? AND key = ?",
                            {Borrow(e.type), Borrow(k)});
          if (!v.ok()) return v.status();
          if (v->has_value()) {
            key_cache_[ck] = **v;
            continue;
          }
        }
        key_cache_.emplace(ck, *found);
      }
      pending_key_ids_.emplace(ck, *found);
      pending_keys_.push_back({e.type, k, *found});
    }
    return std::pair{*found, matched};
  }

  // Takes an old document version's facts out of the graph (its row and text stay).
  Status RemoveFacts(int64_t doc) {
    std::vector<std::tuple<int64_t, std::string, int64_t>> surface;
    {
      auto s = conn_->Prepare(
          "SELECT entity_id, text, COUNT(*) FROM mentions WHERE doc = ? GROUP BY entity_id, text");
      if (!s.ok()) return s.status();
      (*s)->Bind({doc});
      while (true) {
        auto row = (*s)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        surface.emplace_back((*s)->Int(0), (*s)->Text(1), (*s)->Int(2));
      }
    }
    std::map<int64_t, int64_t> per_entity;
    for (const auto& [eid, text, n] : surface) {
      per_entity[eid] += n;
      doc_aliases_[{eid, text}] -= n;  // written with the batch (FlushPending)
    }
    std::map<int64_t, std::pair<int64_t, int64_t>> counters;
    {
      auto s = conn_->Prepare("SELECT DISTINCT entity_id FROM entity_docs WHERE doc = ?");
      if (!s.ok()) return s.status();
      (*s)->Bind({doc});
      while (true) {
        auto row = (*s)->Step();
        if (!row.ok()) return row.status();
        if (!*row) break;
        int64_t eid = (*s)->Int(0);
        counters[eid] = {per_entity[eid], 1};
      }
    }
    MOSAIC_RETURN_IF_ERROR(AddToCounters(counters, -1));
    {
      std::vector<std::tuple<int64_t, std::string, int64_t>> votes;
      MOSAIC_RETURN_IF_ERROR(ForEachRow(
          "SELECT entity_id, local_name, COUNT(*) FROM entity_docs WHERE doc = ? GROUP BY "
          "entity_id, local_name",
          {doc}, [&](Stmt& row) {
            votes.emplace_back(row.Int(0), row.Text(1), row.Int(2));
            return Status::Ok();
          }));
      for (const auto& [eid, name, n] : votes) doc_names_[{eid, name}] -= n;
    }
    const char* deletes[] = {
        "DELETE FROM roles WHERE doc = ?",
        "DELETE FROM entity_docs WHERE doc = ?",
        "DELETE FROM event_args WHERE event_id IN (SELECT id FROM events WHERE doc = ?)",
        "DELETE FROM relations WHERE doc = ?",
    };
    for (const char* sql : deletes) MOSAIC_RETURN_IF_ERROR(Run(*conn_, sql, {doc}));
    return Run(*conn_, "DELETE FROM events WHERE doc = ?", {doc});
  }

  // ---- reading ----

  Result<std::vector<EntitySummary>> CollectEntities(const std::string& sql,
                                                     const std::vector<Value>& params) {
    auto s = conn_->Prepare(sql);
    if (!s.ok()) return s.status();
    (*s)->Bind(params);
    std::vector<EntitySummary> out;
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return out;
      out.push_back(ReadEntity(*s, 0));
    }
  }

  Result<EntitySummary> LoadEntity(int64_t id) {
    auto it = entity_cache_.find(id);
    if (it != entity_cache_.end()) return it->second;
    auto v = CollectEntities(
        std::string("SELECT ") + kEntityCols + " FROM entities en WHERE en.id = ?", {id});
    if (!v.ok()) return v.status();
    if (v->empty()) return Status::NotFound("no entity #" + std::to_string(id));
    if (entity_cache_.size() > 4096) entity_cache_.clear();
    entity_cache_[id] = (*v)[0];
    return (*v)[0];
  }

  Result<const DocText*> LoadText(int64_t doc) {
    auto it = text_cache_.find(doc);
    if (it != text_cache_.end()) return &it->second;
    auto s = conn_->Prepare("SELECT doc_id, url, text FROM documents WHERE id = ?");
    if (!s.ok()) return s.status();
    (*s)->Bind({doc});
    auto row = (*s)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("no document row " + std::to_string(doc));
    if (text_cache_.size() > 64) text_cache_.clear();
    DocText& d = text_cache_[doc];
    d.doc_id = (*s)->Text(0);
    d.url = (*s)->Text(1);
    d.text = (*s)->Text(2);
    (*s)->Reset();
    return &d;
  }

  // span = {start, end, sentence start, sentence end}, all byte offsets.
  Result<Evidence> MakeEvidence(int64_t doc, const std::array<int64_t, 4>& span) {
    auto d = LoadText(doc);
    if (!d.ok()) return d.status();
    const std::string& t = (*d)->text;
    const int64_t n = static_cast<int64_t>(t.size());
    int64_t start = std::clamp<int64_t>(span[0], 0, n),
            end = std::clamp<int64_t>(span[1], start, n);
    int64_t lo = span[2], hi = span[3];
    const bool known = hi > lo && lo <= start && hi >= end && hi <= n;
    constexpr int64_t kContext = 160;  // bytes either side at most
    if (!known) {
      lo = std::max<int64_t>(0, start - kContext);
      hi = std::min(n, end + kContext);
    }
    bool cut_lo = !known && lo > 0, cut_hi = !known && hi < n;
    if (start - lo > kContext) lo = start - kContext, cut_lo = true;
    if (hi - end > kContext) hi = end + kContext, cut_hi = true;
    auto cont = [&](int64_t i) {
      return i < n && (static_cast<unsigned char>(t[i]) & 0xC0) == 0x80;
    };
    while (lo > 0 && cont(lo)) --lo;
    while (hi < n && cont(hi)) ++hi;
    Evidence ev;
    ev.doc_id = (*d)->doc_id;
    ev.url = (*d)->url;
    ev.start = CodePoints(t, static_cast<uint32_t>(start));
    ev.end =
        ev.start + CodePoints(t.substr(start, end - start), static_cast<uint32_t>(end - start));
    std::string snip = (cut_lo ? "…" : "") + t.substr(lo, start - lo) + "[[" +
                       t.substr(start, end - start) + "]]" + t.substr(end, hi - end) +
                       (cut_hi ? "…" : "");
    for (char& c : snip) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    ev.snippet = std::move(snip);
    return ev;
  }

  static std::string EventSelect() {
    return "SELECT e.id, d.doc_id, d.url, d.published, e.type, e.subtype, e.plover, e.status, "
           "e.cue, e.source_text, e.date_value, e.date_precision, e.date_start, e.date_end, e.lat, "
           "e.lon, e.geo_precision, e.fatalities, e.casualties, e.doc, e.trigger_start, "
           "e.trigger_end, e.sent_start, e.sent_end FROM events e JOIN documents d ON d.id = e.doc";
  }

  Result<EventRecord> ReadEvent(Stmt* s) {
    EventRecord e;
    e.id = s->Int(0);
    e.doc_id = s->Text(1);
    e.url = s->Text(2);
    e.published = s->Text(3);
    e.type = s->Text(4);
    e.subtype = s->Text(5);
    e.plover = s->Text(6);
    e.status = s->Text(7);
    e.cue = s->Text(8);
    e.attribution = s->Text(9);
    e.date = s->Text(10);
    e.date_precision = s->Text(11);
    e.date_start = s->Text(12);
    e.date_end = s->Text(13);
    e.lat = s->OptReal(14);
    e.lon = s->OptReal(15);
    e.geo_precision = s->Text(16);
    e.fatalities = s->OptReal(17);
    e.casualties = s->Text(18);
    int64_t doc = s->Int(19);
    std::array<int64_t, 4> span{s->Int(20), s->Int(21), s->Int(22), s->Int(23)};
    auto a = conn_->Prepare(std::string("SELECT a.role, ") + kEntityCols +
                            " FROM event_args a JOIN entities en ON en.id = a.entity_id WHERE "
                            "a.event_id = ? ORDER BY a.ord");
    if (!a.ok()) return a.status();
    (*a)->Bind({e.id});
    while (true) {
      auto row = (*a)->Step();
      if (!row.ok()) return row.status();
      if (!*row) break;
      std::string role = (*a)->Text(0);
      auto ent = ReadEntity(*a, 1);
      (role == "actor"    ? e.actors
       : role == "target" ? e.targets
                          : e.places)
          .push_back(std::move(ent));
    }
    auto ev = MakeEvidence(doc, span);
    if (!ev.ok()) return ev.status();
    e.evidence = std::move(*ev);
    return e;
  }

  // Runs an event query; `keep` filters rows (then `limit` caps the kept ones, 0 = all).
  Result<std::vector<EventRecord>> CollectEvents(
      const std::string& sql, const std::vector<Value>& params,
      const std::function<bool(const EventRecord&)>& keep, int limit = 0) {
    auto s = conn_->Prepare(sql);
    if (!s.ok()) return s.status();
    (*s)->Bind(params);
    std::vector<EventRecord> out;
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return out;
      if (keep) {
        // Cheap pre-check on coordinates before loading arguments and evidence.
        EventRecord probe;
        probe.lat = (*s)->OptReal(14);
        probe.lon = (*s)->OptReal(15);
        if (!keep(probe)) continue;
      }
      auto e = ReadEvent(*s);
      if (!e.ok()) {
        (*s)->Reset();
        return e.status();
      }
      out.push_back(std::move(*e));
      if (limit > 0 && static_cast<int>(out.size()) >= limit) {
        (*s)->Reset();
        return out;
      }
    }
  }

  Result<RelationRecord> ReadRelation(Stmt* s) {
    RelationRecord r;
    r.type = s->Text(1);
    int64_t subject = s->Int(2), object = s->Int(3);
    r.status = s->Text(4);
    r.attribution = s->Text(5);
    int64_t doc = s->Int(6);
    std::array<int64_t, 4> span{s->Int(7), s->Int(8), s->Int(9), s->Int(10)};
    auto a = LoadEntity(subject);
    if (!a.ok()) return a.status();
    r.subject = *a;
    auto b = LoadEntity(object);
    if (!b.ok()) return b.status();
    r.object = *b;
    auto ev = MakeEvidence(doc, span);
    if (!ev.ok()) return ev.status();
    r.evidence = std::move(*ev);
    return r;
  }

  Result<std::vector<RelationRecord>> CollectRelations(const std::string& sql,
                                                       const std::vector<Value>& params) {
    auto s = conn_->Prepare(sql);
    if (!s.ok()) return s.status();
    (*s)->Bind(params);
    std::vector<RelationRecord> out;
    while (true) {
      auto row = (*s)->Step();
      if (!row.ok()) return row.status();
      if (!*row) return out;
      auto r = ReadRelation(*s);
      if (!r.ok()) {
        (*s)->Reset();
        return r.status();
      }
      out.push_back(std::move(*r));
    }
  }

  std::unique_ptr<Conn> conn_;
  int version_;
  // (type \x1f key) -> entity id, for keys known to be committed, or claimed in this batch (those
  // are also in pending_key_ids_, which outlives a failed document's ClearWriteCaches).
  // The caches the merge reads per name are open-addressing tables (absl): a lookup in a
  // node-based std::unordered_map of a few hundred thousand keys walks a bucket chain through
  // cache misses, and those walks were 7% of the merging thread on real news.
  absl::flat_hash_map<KeyId, int64_t, MemoIdHash> key_cache_;
  // SQLite: key_cache_ holds every key stored, so a key it lacks is not stored (nor claimed,
  // with pending_key_ids_). True from a Begin that found no entity keys (a first ingest into a
  // new store) until ClearWriteCaches: a failed document or commit, a user's merge or split,
  // another writer's commit. Saves a lookup per new name, most of a first ingest's names.
  bool all_keys_cached_ = false;
  absl::flat_hash_map<KeyId, int64_t, MemoIdHash> pinned_;  // CacheKey -> entity (pinned_keys)
  bool pinned_loaded_ = false;
  bool batch_lost_ = false;  // the database rolled back the open transaction after an error
  std::optional<int64_t> data_version_;     // SQLite's PRAGMA data_version at the last Begin
  std::optional<int64_t> batch_first_doc_;  // document rows put since Begin, for RenameByVotes
  // Entities whose kind / coordinates are known to be set (saves an UPDATE per mention of a
  // frequent entity). Like key_cache_, cleared whenever a transaction may have been undone.
  absl::flat_hash_set<int64_t> kind_done_, geo_done_;
  // Read caches: entities change counts during ingest, so they are cleared on every Begin.
  std::unordered_map<int64_t, EntitySummary> entity_cache_;
  std::unordered_map<int64_t, DocText> text_cache_;
  // Distinct role titles per entity (at most kMaxTitles), for the namesake check; kept up to date
  // as roles are written, cleared with the other write caches.
  std::unordered_map<int64_t, std::vector<std::string>> role_titles_;
  // SQLite: the full-text rows of the batch's documents, written at Commit (see FlushPending).
  // (PostgreSQL indexes its own columns.)
  std::vector<int64_t> pending_fts_;  // document rows
  // SQLite: the rows of the documents the open batch merged, in order, for RedoBatch.
  std::vector<int64_t> batch_rows_;
  int64_t put_row_ = 0;   // the row of the document Put is merging, once written
  bool redoing_ = false;  // RedoBatch is merging the batch again
  // Keys claimed in this batch and not yet stored (both backends), with their index by
  // (type \x1f key). Lookups read it before entity_keys: it survives ClearWriteCaches, which
  // follows a failed document, because the batch's earlier documents still claim those keys.
  struct PendingKey {
    std::string type, key;
    int64_t entity;
  };
  std::vector<PendingKey> pending_keys_;
  absl::flat_hash_map<KeyId, int64_t, MemoIdHash> pending_key_ids_;
  // Keys looked up in this batch and not stored (nor claimed then): entity_keys changes only at
  // the batch's commit, and on PostgreSQL this writer holds each document's key locks until then.
  absl::flat_hash_set<KeyId, MemoIdHash> absent_keys_;
  // Next event id to hand out in this transaction (SQLite: the only writer; PostgreSQL takes
  // event ids from id_reserve_ instead).
  std::optional<int64_t> next_event_id_;
  // PostgreSQL, in a batch: the last merged document's savepoint is still open. Releasing it
  // cost a round trip per document (and 8% of the merge's time in SQL on 817 news articles);
  // the next Put releases it with the statement that opens its own, both sent with its first
  // query, and the batch's COMMIT ends it. A document that fails is rolled back to its savepoint
  // at once, as before.
  bool pg_savepoint_open_ = false;
  // PostgreSQL: the name locks (LockForMerge) this transaction holds, and how many it may hold
  // before BatchFull says to commit (ReadLockBudget, at the first Begin).
  absl::flat_hash_set<int64_t> locks_held_;
  size_t lock_budget_ = 0;
  // Ids for the entities the document being put creates: SQLite hands out the next one after the
  // largest (this writer holds the write lock for the batch); PostgreSQL takes them from the
  // identity sequence a block at a time (id_reserve_).
  std::optional<int64_t> next_entity_id_;
  // PostgreSQL: ids taken from each table's sequence and not yet used, largest first (NewIds).
  std::map<std::string, std::vector<int64_t>> id_reserve_;
  static constexpr size_t kPgIdBlock = 256;
  // The entities this document creates, whose rows are written together once its entities are
  // resolved (WriteNewEntities): one multi-row INSERT per document instead of one INSERT per new
  // entity, which on PostgreSQL was a round trip each (7,794 for 817 news articles, a fifth of
  // the merge's time in SQL). Nothing reads a new entity's row before the document's other rows
  // are written, except the namesake search, which also looks here.
  std::vector<NewEntity> new_entities_;
  // Entity counter changes (mentions, documents) not yet written: this document's, and the
  // batch's committed-to-be (written at Commit, or at the end of a Put outside a batch).
  absl::flat_hash_map<int64_t, std::pair<int64_t, int64_t>> doc_delta_, batch_delta_;
  // The same for alias mention counts and name votes, per (entity, text).
  TextCounts doc_aliases_, batch_aliases_, doc_names_, batch_names_;
  // Entities created by this document / this batch, with the name each was created with.
  // A new entity's row starts with its first document's counts (mentions of the local entity that
  // made it, one document); the counters then carry only the rest, and the commit has no update
  // to make for most new entities (an update moves the row's entry in `entities_rank` again).
  struct Created {
    int64_t id;
    std::string name;
    int64_t mentions;
  };
  std::vector<Created> doc_created_;
  absl::flat_hash_map<int64_t, std::string> batch_created_;
  // KeysOf's memo: node-based, as KeysOf hands out references into it.
  absl::node_hash_map<KeyId, std::vector<std::string>, MemoIdHash> keys_memo_;
  std::string memo_text_;       // KeysOf's scratch
  std::string cache_key_text_;  // CacheKey's scratch
  // InsertRows' statements: (head \x1f tail) -> by row count; owned by conn_'s statement cache.
  std::unordered_map<std::string, std::vector<Stmt*>> insert_stmts_;
};

}  // namespace

Result<std::unique_ptr<Store>> OpenSqlStore(std::unique_ptr<Conn> conn, const std::string& name,
                                            bool read_only) {
  auto version = Migrate(*conn, name, read_only);
  if (!version.ok()) return version.status();
  return std::unique_ptr<Store>(std::make_unique<SqlStore>(std::move(conn), *version));
}

}  // namespace mosaic::store

namespace mosaic {

namespace {

// "a, b, c": the values a refused filter field may take.
template <size_t N>
std::string ListOf(const std::array<std::string_view, N>& values) {
  std::string out;
  for (auto v : values) out += (out.empty() ? "" : ", ") + std::string(v);
  return out;
}

// A point and radius `--near` may name: LAT in [-90, 90], LON in [-180, 180], KM > 0 (false for
// NaN too).
bool NearInRange(double lat, double lon, double km) {
  return lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 && km > 0;
}

}  // namespace

bool ParseNear(const std::string& text, EventFilter* f) {
  double lat, lon, km;
  char c1, c2;
  std::istringstream in(text);
  if (!(in >> lat >> c1 >> lon >> c2 >> km) || c1 != ',' || c2 != ',') return false;
  in >> std::ws;
  if (!in.eof()) return false;
  if (!NearInRange(lat, lon, km)) return false;
  f->near_lat = lat;
  f->near_lon = lon;
  f->near_km = km;
  return true;
}

Status CheckEventFilter(const EventFilter& f, FilterNames names) {
  const std::string dash = names == FilterNames::kOptions ? "--" : "";
  if (!f.status.empty() && std::find(kAttributionStatuses.begin(), kAttributionStatuses.end(),
                                     f.status) == kAttributionStatuses.end()) {
    return Status::InvalidInput(dash + "status: '" + f.status +
                                "' is not a status; expected one of " +
                                ListOf(kAttributionStatuses));
  }
  for (const auto& [bound, name] : {std::pair{&f.from, "from"}, std::pair{&f.to, "to"}}) {
    if (!bound->empty() && !store::IsCalendarDateBound(*bound)) {
      return Status::InvalidInput(dash + name + ": '" + *bound +
                                  "' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD");
    }
  }
  if (!f.from.empty() && !f.to.empty() &&
      store::PadDate(f.from, false) > store::PadDate(f.to, true)) {
    return Status::InvalidInput(dash + "from " + f.from + " is after " + dash + "to " + f.to);
  }
  if (f.near_lat && f.near_lon && f.near_km) {
    const double lat = *f.near_lat, lon = *f.near_lon, km = *f.near_km;
    if (!NearInRange(lat, lon, km) || !std::isfinite(km)) {
      return Status::InvalidInput(dash +
                                  "near: expected LAT,LON,KM with |LAT|<=90, |LON|<=180, KM>0");
    }
  }
  return Status::Ok();
}

Status CheckEntityFilter(const EntityFilter& f, FilterNames names) {
  if (f.type.empty() ||
      std::find(kEntityTypes.begin(), kEntityTypes.end(), f.type) != kEntityTypes.end()) {
    return Status::Ok();
  }
  return Status::InvalidInput(std::string(names == FilterNames::kOptions ? "--" : "") + "type: '" +
                              f.type + "' is not an entity type; expected one of " +
                              ListOf(kEntityTypes));
}

Result<std::unique_ptr<Store>> Store::Open(const std::string& db, const StoreOptions& options) {
  std::string name = db.empty() ? std::string(kDefaultDbPath) : db;
  if (name.rfind("postgresql://", 0) == 0 || name.rfind("postgres://", 0) == 0) {
    auto conn = store::OpenPostgres(name);
    if (!conn.ok()) return conn.status();
    // Never echo a password from the URL in messages.
    std::string shown = name;
    if (auto at = shown.find('@'); at != std::string::npos) {
      auto scheme = shown.find("://") + 3;
      if (auto colon = shown.find(':', scheme); colon != std::string::npos && colon < at) {
        shown.replace(colon, at - colon, ":***");
      }
    }
    return store::OpenSqlStore(std::move(*conn), shown, options.read_only);
  }
  if (!options.create && !std::filesystem::exists(name)) {
    return Status::NotFound(name + ": no such database (create one with mosaic ingest --db " +
                            name + ")");
  }
  if (std::error_code ec; std::filesystem::is_directory(name, ec)) {
    return Status::InvalidInput(name +
                                ": a directory, not a database file (give a file name, e.g. " +
                                (std::filesystem::path(name) / "mosaic.db").string() + ")");
  }
  auto conn = store::OpenSqlite(name, options.read_only, options.busy_timeout_ms);
  if (!conn.ok()) return conn.status();
  return store::OpenSqlStore(std::move(*conn), name, options.read_only);
}

}  // namespace mosaic
