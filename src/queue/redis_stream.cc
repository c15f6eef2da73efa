#include "queue/redis_stream.h"

#include <hiredis/hiredis.h>

#include <cerrno>
#include <cstring>
#include <unordered_map>

namespace mosaic::queue {
namespace {

timeval Millis(int ms) {
  timeval tv{};
  tv.tv_sec = ms / 1000;
  tv.tv_usec = (ms % 1000) * 1000;
  return tv;
}

std::string Str(const redisReply* r) {
  if (!r || (r->type != REDIS_REPLY_STRING && r->type != REDIS_REPLY_STATUS &&
             r->type != REDIS_REPLY_ERROR)) {
    return "";
  }
  return std::string(r->str, r->len);
}

// One stream entry [id, [field, value, ...]]; false for a malformed or deleted entry.
bool ParseEntry(const redisReply* e, StreamMessage* out) {
  if (!e || e->type != REDIS_REPLY_ARRAY || e->elements != 2) return false;
  if (e->element[0]->type != REDIS_REPLY_STRING) return false;
  out->id = Str(e->element[0]);
  out->fields.clear();
  const redisReply* f = e->element[1];
  if (f->type != REDIS_REPLY_ARRAY) return false;  // a deleted message still pending: NIL fields
  for (size_t i = 0; i + 1 < f->elements; i += 2) {
    out->fields.emplace_back(Str(f->element[i]), Str(f->element[i + 1]));
  }
  return true;
}

// Frees a reply when it leaves scope.
struct ReplyGuard {
  redisReply* r;
  ~ReplyGuard() { FreeReply(r); }
};

}  // namespace

std::string QueueUrl::Shown() const {
  std::string s = "redis://";
  if (!user.empty() || !password.empty()) s += user + (password.empty() ? "" : ":***") + "@";
  return s + host + ":" + std::to_string(port) + "/" + stream;
}

Result<QueueUrl> ParseQueueUrl(const std::string& url) {
  const std::string scheme = "redis://";
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("--queue " + url + ": " + why +
                                " (expected redis://HOST:PORT/STREAM)");
  };
  if (url.rfind(scheme, 0) != 0) return bad("not a redis:// URL");
  std::string rest = url.substr(scheme.size());
  QueueUrl q;
  auto slash = rest.find('/');
  if (slash == std::string::npos || slash + 1 >= rest.size()) return bad("no stream name");
  q.stream = rest.substr(slash + 1);
  std::string authority = rest.substr(0, slash);
  if (auto at = authority.rfind('@'); at != std::string::npos) {
    std::string cred = authority.substr(0, at);
    authority = authority.substr(at + 1);
    auto colon = cred.find(':');
    q.user = cred.substr(0, colon);
    if (colon != std::string::npos) q.password = cred.substr(colon + 1);
  }
  auto colon = authority.rfind(':');
  q.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        port.find_first_not_of("0123456789") != std::string::npos) {
      return bad("bad port '" + port + "'");
    }
    q.port = std::stoi(port);
    if (q.port < 1 || q.port > 65535) return bad("port out of range");
  }
  if (q.host.empty()) return bad("no host");
  for (char c : q.stream) {
    if (static_cast<unsigned char>(c) <= ' ') return bad("a space or control byte in the stream");
  }
  return q;
}

const std::string* StreamMessage::Field(const std::string& name) const {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

void FreeReply(redisReply* reply) {
  if (reply) freeReplyObject(reply);
}

Result<std::unique_ptr<RedisStream>> RedisStream::Connect(const QueueUrl& url,
                                                          const RedisOptions& options) {
  std::unique_ptr<RedisStream> s(new RedisStream(url, options));
  MOSAIC_RETURN_IF_ERROR(s->Open());
  return s;
}

RedisStream::~RedisStream() {
  if (ctx_) redisFree(ctx_);
}

Status RedisStream::Open() {
  if (ctx_) redisFree(ctx_);
  ctx_ = redisConnectWithTimeout(url_.host.c_str(), url_.port, Millis(options_.connect_timeout_ms));
  if (!ctx_ || ctx_->err) {
    std::string why = ctx_ ? ctx_->errstr : "out of memory";
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
    return Status::IoError("redis " + url_.Shown() + ": cannot connect: " + why);
  }
  redisSetTimeout(ctx_, Millis(options_.command_timeout_ms));
  redisEnableKeepAlive(ctx_);
  if (!url_.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!url_.user.empty()) auth.push_back(url_.user);
    auth.push_back(url_.password);
    auto r = Command(auth);
    if (!r.ok()) return r.status();
    FreeReply(*r);
  }
  return Status::Ok();
}

Status RedisStream::Reconnect() { return Open(); }

Status RedisStream::Broken(const std::string& what) {
  std::string why = ctx_ && ctx_->errstr[0] ? ctx_->errstr : "connection lost";
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
  return Status::IoError("redis " + url_.Shown() + ": " + what + ": " + why);
}

Result<redisReply*> RedisStream::Command(const std::vector<std::string>& args) {
  if (!ctx_) return Status::IoError("redis " + url_.Shown() + ": not connected");
  std::vector<const char*> argv;
  std::vector<size_t> lens;
  for (const auto& a : args) {
    argv.push_back(a.data());
    lens.push_back(a.size());
  }
  auto* r = static_cast<redisReply*>(
      redisCommandArgv(ctx_, static_cast<int>(args.size()), argv.data(), lens.data()));
  if (!r) return Broken(args[0]);
  if (r->type == REDIS_REPLY_ERROR) {
    std::string msg = Str(r);
    FreeReply(r);
    return Status::InvalidInput("redis " + args[0] + ": " + msg);
  }
  return r;
}

Status RedisStream::EnsureGroup(const std::string& group) {
  auto r = Command({"XGROUP", "CREATE", url_.stream, group, "0", "MKSTREAM"});
  if (r.ok()) {
    FreeReply(*r);
    return Status::Ok();
  }
  if (r.status().message().find("BUSYGROUP") != std::string::npos) return Status::Ok();
  return r.status();
}

Result<std::vector<std::string>> RedisStream::Add(
    const std::vector<std::vector<std::pair<std::string, std::string>>>& messages) {
  if (!ctx_) return Status::IoError("redis " + url_.Shown() + ": not connected");
  for (const auto& fields : messages) {
    std::vector<const char*> argv = {"XADD", url_.stream.c_str(), "*"};
    std::vector<size_t> lens = {4, url_.stream.size(), 1};
    for (const auto& [k, v] : fields) {
      argv.push_back(k.data());
      lens.push_back(k.size());
      argv.push_back(v.data());
      lens.push_back(v.size());
    }
    if (redisAppendCommandArgv(ctx_, static_cast<int>(argv.size()), argv.data(), lens.data()) !=
        REDIS_OK) {
      return Broken("XADD");
    }
  }
  std::vector<std::string> ids;
  Status first_error;
  for (size_t i = 0; i < messages.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK) return Broken("XADD");
    ReplyGuard g{static_cast<redisReply*>(raw)};
    if (g.r->type == REDIS_REPLY_ERROR) {
      if (first_error.ok()) first_error = Status::InvalidInput("redis XADD: " + Str(g.r));
      continue;
    }
    ids.push_back(Str(g.r));
  }
  if (!first_error.ok()) return first_error;
  return ids;
}

Result<std::string> RedisStream::AddTo(
    const std::string& stream, const std::vector<std::pair<std::string, std::string>>& fields) {
  std::vector<std::string> args = {"XADD", stream, "*"};
  for (const auto& [k, v] : fields) {
    args.push_back(k);
    args.push_back(v);
  }
  auto r = Command(args);
  if (!r.ok()) return r.status();
  ReplyGuard g{*r};
  return Str(g.r);
}

Result<std::vector<StreamMessage>> RedisStream::ReadGroup(const std::string& group,
                                                          const std::string& consumer, int count,
                                                          int block_ms, bool history) {
  std::vector<std::string> args = {"XREADGROUP", "GROUP", group,
                                   consumer,     "COUNT", std::to_string(count)};
  if (!history) {
    args.push_back("BLOCK");
    args.push_back(std::to_string(block_ms));
  }
  args.insert(args.end(), {"STREAMS", url_.stream, history ? "0" : ">"});
  auto r = Command(args);
  if (!r.ok()) return r.status();
  ReplyGuard g{*r};
  std::vector<StreamMessage> out;
  if (g.r->type != REDIS_REPLY_ARRAY) return out;  // NIL: nothing arrived within block_ms
  for (size_t s = 0; s < g.r->elements; ++s) {
    const redisReply* st = g.r->element[s];
    if (st->type != REDIS_REPLY_ARRAY || st->elements != 2) continue;
    const redisReply* entries = st->element[1];
    if (entries->type != REDIS_REPLY_ARRAY) continue;
    for (size_t i = 0; i < entries->elements; ++i) {
      StreamMessage m;
      if (ParseEntry(entries->element[i], &m)) {
        out.push_back(std::move(m));
      } else if (history && entries->element[i]->type == REDIS_REPLY_ARRAY &&
                 entries->element[i]->elements == 2) {
        // Pending but deleted: keep the id so that the caller acknowledges it away.
        m.id = Str(entries->element[i]->element[0]);
        m.fields.clear();
        out.push_back(std::move(m));
      }
    }
  }
  return out;
}

Result<std::vector<StreamMessage>> RedisStream::AutoClaim(const std::string& group,
                                                          const std::string& consumer,
                                                          int64_t min_idle_ms, int count) {
  auto r = Command({"XAUTOCLAIM", url_.stream, group, consumer, std::to_string(min_idle_ms), "0-0",
                    "COUNT", std::to_string(count)});
  if (!r.ok()) return r.status();
  ReplyGuard g{*r};
  std::vector<StreamMessage> out;
  if (g.r->type != REDIS_REPLY_ARRAY || g.r->elements < 2) return out;
  const redisReply* entries = g.r->element[1];
  if (entries->type != REDIS_REPLY_ARRAY) return out;
  for (size_t i = 0; i < entries->elements; ++i) {
    StreamMessage m;
    if (ParseEntry(entries->element[i], &m)) out.push_back(std::move(m));
  }
  if (!out.empty()) MOSAIC_RETURN_IF_ERROR(LoadDeliveries(group, &out));
  return out;
}

Result<std::vector<std::string>> RedisStream::RemoveIdleConsumers(const std::string& group,
                                                                  const std::string& keep,
                                                                  int64_t min_idle_ms) {
  auto r = Command({"XINFO", "CONSUMERS", url_.stream, group});
  if (!r.ok()) return r.status();
  std::vector<std::string> idle;
  {
    ReplyGuard g{*r};
    if (g.r->type != REDIS_REPLY_ARRAY) return idle;
    for (size_t i = 0; i < g.r->elements; ++i) {
      const redisReply* c = g.r->element[i];  // [name, N, pending, N, idle, N, ...]
      if (c->type != REDIS_REPLY_ARRAY) continue;
      std::string name;
      int64_t pending = -1, idle_ms = -1;
      for (size_t k = 0; k + 1 < c->elements; k += 2) {
        std::string key = Str(c->element[k]);
        const redisReply* v = c->element[k + 1];
        if (key == "name") name = Str(v);
        if (key == "pending" && v->type == REDIS_REPLY_INTEGER) pending = v->integer;
        if (key == "idle" && v->type == REDIS_REPLY_INTEGER) idle_ms = v->integer;
      }
      if (!name.empty() && name != keep && pending == 0 && idle_ms >= min_idle_ms) {
        idle.push_back(name);
      }
    }
  }
  std::vector<std::string> removed;
  for (const auto& name : idle) {
    auto d = Command({"XGROUP", "DELCONSUMER", url_.stream, group, name});
    if (!d.ok()) return d.status();
    FreeReply(*d);
    removed.push_back(name);
  }
  return removed;
}

Status RedisStream::LoadDeliveries(const std::string& group, std::vector<StreamMessage>* messages) {
  if (!ctx_) return Status::IoError("redis " + url_.Shown() + ": not connected");
  for (const auto& m : *messages) {
    const char* argv[] = {"XPENDING",   url_.stream.c_str(), group.c_str(),
                          m.id.c_str(), m.id.c_str(),        "1"};
    size_t lens[] = {8, url_.stream.size(), group.size(), m.id.size(), m.id.size(), 1};
    if (redisAppendCommandArgv(ctx_, 6, argv, lens) != REDIS_OK) return Broken("XPENDING");
  }
  Status first_error;
  for (auto& m : *messages) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK) return Broken("XPENDING");
    ReplyGuard g{static_cast<redisReply*>(raw)};
    if (g.r->type == REDIS_REPLY_ERROR) {
      if (first_error.ok()) first_error = Status::InvalidInput("redis XPENDING: " + Str(g.r));
      continue;
    }
    // [[id, consumer, idle, deliveries]]
    if (g.r->type == REDIS_REPLY_ARRAY && g.r->elements == 1 &&
        g.r->element[0]->type == REDIS_REPLY_ARRAY && g.r->element[0]->elements == 4 &&
        g.r->element[0]->element[3]->type == REDIS_REPLY_INTEGER) {
      m.deliveries = g.r->element[0]->element[3]->integer;
    }
  }
  return first_error;
}

namespace {

// Argument vectors for hiredis, built from strings that outlive the call.
struct Argv {
  std::vector<const char*> p;
  std::vector<size_t> n;
  void Add(const std::string& s) {
    p.push_back(s.data());
    n.push_back(s.size());
  }
};

}  // namespace

Status RedisStream::Ack(const std::string& group, const std::vector<std::string>& ids, bool keep) {
  if (ids.empty()) return Status::Ok();
  if (!ctx_) return Status::IoError("redis " + url_.Shown() + ": not connected");
  static const std::string kMulti = "MULTI", kExec = "EXEC", kXack = "XACK", kXdel = "XDEL";
  Argv multi, ack, del, exec;
  multi.Add(kMulti);
  exec.Add(kExec);
  ack.Add(kXack);
  ack.Add(url_.stream);
  ack.Add(group);
  del.Add(kXdel);
  del.Add(url_.stream);
  for (const auto& id : ids) {
    ack.Add(id);
    del.Add(id);
  }
  std::vector<Argv*> cmds = {&multi, &ack};
  if (!keep) cmds.push_back(&del);
  cmds.push_back(&exec);
  for (Argv* a : cmds) {
    if (redisAppendCommandArgv(ctx_, static_cast<int>(a->p.size()), a->p.data(), a->n.data()) !=
        REDIS_OK) {
      return Broken("XACK");
    }
  }
  Status st;
  for (size_t i = 0; i < cmds.size(); ++i) {
    void* raw = nullptr;
    if (redisGetReply(ctx_, &raw) != REDIS_OK) return Broken("XACK");
    ReplyGuard g{static_cast<redisReply*>(raw)};
    if (g.r->type == REDIS_REPLY_ERROR && st.ok())
      st = Status::InvalidInput("redis XACK: " + Str(g.r));
  }
  return st;
}

Status RedisStream::DeadLetter(const std::string& group, const std::string& id,
                               const std::vector<std::pair<std::string, std::string>>& fields,
                               const std::string& dead_stream, bool keep) {
  // First the copy, then the acknowledgement: Redis runs every command of a MULTI even when one
  // fails (a dead-letter key of the wrong type), so one transaction could acknowledge a message
  // whose copy was refused. In this order a crash in between leaves a duplicate dead letter at
  // worst, never a lost message.
  auto added = AddTo(dead_stream, fields);
  if (!added.ok()) return added.status();
  return Ack(group, {id}, keep);
}

Result<int64_t> RedisStream::PendingCount(const std::string& group) {
  auto r = Command({"XPENDING", url_.stream, group});
  if (!r.ok()) return r.status();
  ReplyGuard g{*r};
  if (g.r->type != REDIS_REPLY_ARRAY || g.r->elements < 1 ||
      g.r->element[0]->type != REDIS_REPLY_INTEGER) {
    return Status::Internal("redis XPENDING: unexpected reply");
  }
  return static_cast<int64_t>(g.r->element[0]->integer);
}

Result<int64_t> RedisStream::Length(const std::string& stream) {
  auto r = Command({"XLEN", stream});
  if (!r.ok()) return r.status();
  ReplyGuard g{*r};
  return static_cast<int64_t>(g.r->integer);
}

}  // namespace mosaic::queue
