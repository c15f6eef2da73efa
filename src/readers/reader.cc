#include "readers/reader.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "readers/feed_reader.h"
#include "readers/format.h"
#include "readers/warc_reader.h"
#include "util/utf8.h"

namespace mosaic::readers {
namespace fs = std::filesystem;
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) {
      return false;
    }
  }
  return true;
}

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v';
  });
}

// Content checks shared by every format: text must be UTF-8, not binary, not empty.
Status CheckText(std::string_view text, const ReaderOptions& options) {
  if (text.size() > options.max_document_bytes) {
    return Status::LimitExceeded("document of " + std::to_string(text.size()) +
                                 " bytes exceeds the limit of " +
                                 std::to_string(options.max_document_bytes) + " bytes");
  }
  if (IsBlank(text)) return Status::InvalidInput("empty document (no text)");
  if (size_t bad = utf8::FindInvalid(text); bad != std::string::npos) {
    return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad));
  }
  return Status::Ok();
}

std::string StripBom(std::string s) {
  if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
      static_cast<unsigned char>(s[1]) == 0xBB && static_cast<unsigned char>(s[2]) == 0xBF) {
    s.erase(0, 3);
  }
  return s;
}

// Binary: NUL bytes or many control characters in the first 8 KiB.
bool LooksBinary(std::string_view s) {
  size_t n = std::min<size_t>(s.size(), 8192), ctrl = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0) return true;
    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') ++ctrl;
  }
  return n > 0 && ctrl * 10 > n;
}

bool LooksHtml(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  std::string head(s.substr(i, 256));
  std::transform(head.begin(), head.end(), head.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0 ||
         head.rfind("<head", 0) == 0 || head.rfind("<body", 0) == 0 ||
         (head.rfind("<", 0) == 0 && head.find("<html") != std::string::npos);
}

bool LooksJsonl(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i;
  return i < s.size() && s[i] == '{';
}

std::string FirstLineTitle(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(i, nl - i);
    size_t b = line.find_first_not_of(" \t\r");
    if (b != std::string_view::npos) {
      size_t e = line.find_last_not_of(" \t\r");
      line = line.substr(b, e - b + 1);
      // A headline is short; a first line that is a whole paragraph is not a title.
      if (line.size() <= 200) return std::string(line);
      return "";
    }
    i = nl + 1;
  }
  return "";
}

Result<std::string> ReadFileBytes(const std::string& path, uint64_t limit) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) return Status::IoError(ec.message());
  if (size > limit) {
    return Status::LimitExceeded("file of " + std::to_string(size) +
                                 " bytes exceeds the limit of " + std::to_string(limit) + " bytes");
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(std::strerror(errno));
  std::string bytes;
  bytes.resize(size);
  size_t got = size ? std::fread(bytes.data(), 1, size, f) : 0;
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return Status::IoError("read error");
  bytes.resize(got);
  return bytes;
}

// A text or HTML file larger than the document limit is refused before it is read, so a huge
// file never has to fit in memory. A file whose content may be JSONL is read on: it streams line
// by line and only its lines have to fit the limit.
std::optional<Status> RefuseOversizedDocument(const std::string& path, const std::string& fmt,
                                              const ReaderOptions& options) {
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec || size <= options.max_document_bytes) return std::nullopt;
  if (fmt.empty() && LooksJsonl(ReadHead(path))) return std::nullopt;
  return Status::LimitExceeded("document of " + std::to_string(size) +
                               " bytes exceeds the limit of " +
                               std::to_string(options.max_document_bytes) + " bytes")
      .WithContext(path);
}

}  // namespace

Result<Document> ReadTextDocument(const std::string& name, std::string bytes) {
  if (LooksBinary(bytes)) return Status::InvalidInput("binary content (not a text article)");
  Document d;
  d.text = StripBom(std::move(bytes));
  ReaderOptions defaults;
  defaults.max_document_bytes = UINT64_MAX;
  MOSAIC_RETURN_IF_ERROR(CheckText(d.text, defaults));
  d.source = name;
  d.url = "file:" + name;
  d.title = FirstLineTitle(d.text);
  d.id = ContentId(d.text);
  return d;
}

Result<Document> ParseJsonlLine(const std::string& name, uint64_t line_no, std::string_view line,
                                const ReaderOptions& options) {
  const std::string where = name + ":" + std::to_string(line_no);
  if (line.size() > options.max_document_bytes) {
    return Status::LimitExceeded("line of " + std::to_string(line.size()) +
                                 " bytes exceeds the limit of " +
                                 std::to_string(options.max_document_bytes) + " bytes")
        .WithContext(where);
  }
  if (size_t bad = utf8::FindInvalid(line); bad != std::string::npos) {
    return Status::InvalidInput("invalid UTF-8 at byte " + std::to_string(bad)).WithContext(where);
  }
  // Bounded nesting: a line of deeply nested arrays must not exhaust the stack.
  int depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{')
      max_depth = std::max(max_depth, ++depth);
    else if (c == ']' || c == '}')
      --depth;
  }
  if (max_depth > 64) {
    return Status::LimitExceeded("JSON nested " + std::to_string(max_depth) +
                                 " levels deep (limit 64)")
        .WithContext(where);
  }
  nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
  if (j.is_discarded()) return Status::InvalidInput("malformed JSON").WithContext(where);
  if (!j.is_object()) return Status::InvalidInput("a JSON object expected").WithContext(where);
  auto text_it = j.find("text");
  if (text_it == j.end() || text_it->is_null()) {
    return Status::InvalidInput("no \"text\" field").WithContext(where);
  }
  if (!text_it->is_string()) {
    return Status::InvalidInput("\"text\" is not a string").WithContext(where);
  }
  auto str = [&](const char* key) -> Result<std::string> {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::string();
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<long long>());
    return Status::InvalidInput(std::string("\"") + key + "\" is not a string");
  };
  Document d;
  d.text = text_it->get<std::string>();
  MOSAIC_RETURN_IF_ERROR(CheckText(d.text, options).WithContext(where));
  for (auto [key, field] : {std::pair{"id", &d.external_id}, std::pair{"url", &d.url},
                            std::pair{"title", &d.title}, std::pair{"published", &d.published}}) {
    auto v = str(key);
    if (!v.ok()) return v.status().WithContext(where);
    *field = std::move(v.value());
  }
  // JSON may escape a NUL (\u0000) where the other readers refuse the raw byte; it is refused here
  // too: PostgreSQL cannot store it in text, and no article needs one.
  for (auto [key, field] :
       {std::pair{"text", &d.text}, std::pair{"id", &d.external_id}, std::pair{"url", &d.url},
        std::pair{"title", &d.title}, std::pair{"published", &d.published}}) {
    if (field->find('\0') != std::string::npos) {
      return Status::InvalidInput(std::string("NUL character (\\u0000) in \"") + key + "\"")
          .WithContext(where);
    }
  }
  if (!d.published.empty()) {
    // ISO 8601 date or date-time: yyyy-mm-dd, optionally followed by T/space and a time.
    const std::string& p = d.published;
    bool ok = p.size() >= 10 && std::isdigit(static_cast<unsigned char>(p[0])) && p[4] == '-' &&
              p[7] == '-' && std::isdigit(static_cast<unsigned char>(p[5])) &&
              std::isdigit(static_cast<unsigned char>(p[8])) &&
              (p.size() == 10 || p[10] == 'T' || p[10] == ' ');
    if (!ok) {
      return Status::InvalidInput("\"published\" is not an ISO date: \"" + p + "\"")
          .WithContext(where);
    }
  }
  d.source = where;
  if (d.url.empty()) d.url = "file:" + name + "#" + std::to_string(line_no);
  d.id = ContentId(d.text);
  return d;
}

// ------------------------------------------------------------------------------------------------
// DocumentStream
// ------------------------------------------------------------------------------------------------

// An open JSONL input read line by line with a bounded buffer: a line over the limit is skipped
// (with an error) without ever holding more than the limit in memory.
struct DocumentStream::JsonlState {
  std::string name;
  std::FILE* file = nullptr;
  bool owns = false;
  uint64_t line_no = 0;
  uint64_t docs = 0;
  bool any_error = false;
  std::string pending;  // bytes already read but not yet returned (stdin sniffing)
  ~JsonlState() {
    if (owns && file) std::fclose(file);
  }
  // Reads the next line into `line`; returns false at EOF. Sets `too_long` when the line exceeded
  // `limit` (its content is then discarded).
  bool ReadLine(std::string* line, uint64_t limit, bool* too_long) {
    line->clear();
    *too_long = false;
    if (!pending.empty()) {
      size_t nl = pending.find('\n');
      if (nl != std::string::npos) {
        line->assign(pending, 0, nl);
        pending.erase(0, nl + 1);
        return true;
      }
      line->swap(pending);
      pending.clear();
    }
    bool got_any = !line->empty();
    // Byte by byte (stdio buffers the reads): a NUL byte is data, where fgets would lose the rest
    // of its line and glue the next line on. The bytes gather in `buf` and join the line a block
    // at a time (a push_back per byte was a tenth of reading and parsing).
    char buf[4096];
    size_t n = 0;
    for (int c; (c = getc_unlocked(file)) != EOF;) {
      got_any = true;
      if (c == '\n') {
        line->append(buf, n);
        return true;
      }
      if (*too_long) continue;
      if (line->size() + n >= limit) {
        *too_long = true;
        line->clear();
        n = 0;
        continue;
      }
      buf[n++] = static_cast<char>(c);
      if (n == sizeof buf) {
        line->append(buf, n);
        n = 0;
      }
    }
    line->append(buf, n);
    return got_any;
  }
};

DocumentStream::DocumentStream(std::vector<std::string> inputs, ReaderOptions options)
    : pending_(inputs.begin(), inputs.end()), options_(std::move(options)) {}

DocumentStream::~DocumentStream() = default;

bool DocumentStream::OpenNextInput() {
  while (!pending_.empty()) {
    std::string input = std::move(pending_.front());
    pending_.pop_front();
    if (input == "-") {
      // Standard input: JSONL if it starts with '{', else one text (or HTML) document.
      auto st = std::make_unique<JsonlState>();
      st->name = "stdin";
      st->file = stdin;
      char buf[1 << 16];
      size_t n;
      std::string head;
      while (head.find_first_not_of(" \t\r\n") == std::string::npos &&
             (n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
        head.append(buf, n);
      }
      std::string fmt = options_.format;
      if (fmt.empty()) {
        InputFormat sniffed = SniffFormat(head);
        if (sniffed == InputFormat::kWarc || sniffed == InputFormat::kFeed) {
          fmt = std::string(FormatName(sniffed));
        } else {
          fmt = LooksJsonl(head) ? "jsonl" : (LooksHtml(head) ? "html" : "text");
        }
      }
      if (fmt == "warc") {
        warc_ = std::make_unique<WarcReader>("stdin", stdin, false, std::move(head), options_);
        return true;
      }
      if (fmt == "jsonl") {
        st->pending = std::move(head);
        jsonl_ = std::move(st);
        return true;
      }
      // Standard input is held whole: stop reading at the limit of what it may be.
      const bool feed = fmt == "rss" || fmt == "atom" || fmt == "feed";
      const uint64_t limit = std::min(options_.max_file_bytes,
                                      feed ? options_.max_feed_bytes : options_.max_document_bytes);
      std::string all = std::move(head);
      while (all.size() <= limit && (n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
        all.append(buf, n);
      }
      if (all.size() > limit) {
        ready_.push_back(
            Status::LimitExceeded("input exceeds the limit of " + std::to_string(limit) + " bytes")
                .WithContext("stdin"));
        return true;
      }
      if (fmt == "rss" || fmt == "atom" || fmt == "feed") {
        OpenFeed("stdin", std::move(all));
        return true;
      }
      auto doc = fmt == "html" ? ReadHtmlDocument("stdin", std::move(all), options_)
                               : ReadTextDocument("stdin", std::move(all));
      ready_.push_back(doc.ok() ? std::move(doc)
                                : Result<Document>(doc.status().WithContext("stdin")));
      return true;
    }
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      ready_.push_back(Status::NotFound("no such file or directory").WithContext(input));
      return true;
    }
    if (fs::is_directory(status)) {
      std::vector<std::string> files;
      for (auto it = fs::recursive_directory_iterator(
               input, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) {
          std::string name = it->path().filename().string();
          if (name.empty() || name[0] == '.') continue;  // hidden files: editor backups, .DS_Store
          if (EndsWith(name, ".md")) continue;           // READMEs beside the articles
          files.push_back(it->path().string());
        }
      }
      if (ec) {
        ready_.push_back(Status::IoError(ec.message()).WithContext(input));
        return true;
      }
      if (files.empty()) {
        ready_.push_back(Status::InvalidInput("directory holds no articles").WithContext(input));
        return true;
      }
      std::sort(files.begin(), files.end());
      pending_.insert(pending_.begin(), files.begin(), files.end());
      continue;
    }
    if (!fs::is_regular_file(status)) {
      ready_.push_back(Status::InvalidInput("not a regular file").WithContext(input));
      return true;
    }
    std::string fmt = options_.format;
    if (fmt.empty()) {
      if (EndsWith(input, ".jsonl") || EndsWith(input, ".ndjson")) {
        fmt = "jsonl";
      } else {
        // By content first: feeds and crawls are recognised whatever their extension.
        const std::string head = ReadHead(input);
        InputFormat sniffed = SniffFormat(head);
        if (auto kind = BinaryKind(head); kind && sniffed == InputFormat::kText) {
          ready_.push_back(Status::InvalidInput(std::string(*kind) +
                                                ", not an article: Mosaic reads text, HTML, JSON "
                                                "lines, RSS/Atom feeds and WARC (convert it to "
                                                "text first)")
                               .WithContext(input));
          return true;
        }
        if (sniffed == InputFormat::kWarc || sniffed == InputFormat::kFeed) {
          fmt = std::string(FormatName(sniffed));
        } else if (sniffed == InputFormat::kUnknownGzip) {
          ready_.push_back(
              Status::InvalidInput("gzip-compressed content that is not WARC").WithContext(input));
          return true;
        } else if (sniffed == InputFormat::kUnknownXml) {
          ready_.push_back(
              Status::InvalidInput("XML that is not an RSS or Atom feed").WithContext(input));
          return true;
        } else if (EndsWith(input, ".html") || EndsWith(input, ".htm")) {
          fmt = "html";
        }
      }
    }
    if (fmt == "warc") {
      auto r = WarcReader::Open(input, options_);
      if (!r.ok()) {
        ready_.push_back(r.status());
        return true;
      }
      warc_ = std::move(r.value());
      return true;
    }
    if (fmt == "rss" || fmt == "atom" || fmt == "feed") {
      auto bytes = ReadFileBytes(input, options_.max_feed_bytes);
      if (!bytes.ok()) {
        ready_.push_back(bytes.status().WithContext(input));
        return true;
      }
      OpenFeed(input, std::move(bytes.value()));
      return true;
    }
    if (fmt == "jsonl") {
      auto st = std::make_unique<JsonlState>();
      st->name = input;
      st->file = std::fopen(input.c_str(), "rb");
      st->owns = true;
      if (!st->file) {
        ready_.push_back(Status::IoError(std::strerror(errno)).WithContext(input));
        return true;
      }
      jsonl_ = std::move(st);
      return true;
    }
    if (auto refused = RefuseOversizedDocument(input, fmt, options_)) {
      ready_.push_back(std::move(*refused));
      return true;
    }
    auto bytes = ReadFileBytes(input, options_.max_file_bytes);
    if (!bytes.ok()) {
      ready_.push_back(bytes.status().WithContext(input));
      return true;
    }
    if (fmt.empty()) {
      // By content: a .txt that is really HTML or JSONL is read as what it is.
      if (LooksHtml(bytes.value()))
        fmt = "html";
      else if (LooksJsonl(bytes.value()) && !LooksBinary(bytes.value())) {
        // Only if the first line parses as a JSON object with text; otherwise it is text.
        std::string_view v = bytes.value();
        auto first = ParseJsonlLine(input, 1, v.substr(0, v.find('\n')), options_);
        if (first.ok()) fmt = "jsonl";
      }
    }
    if (fmt == "jsonl") {
      pending_.push_front(input);
      options_.format = "jsonl";  // restored below
      bool r = OpenNextInput();
      options_.format.clear();
      return r;
    }
    if (bytes->size() > options_.max_document_bytes) {
      ready_.push_back(Status::LimitExceeded("document of " + std::to_string(bytes->size()) +
                                             " bytes exceeds the limit of " +
                                             std::to_string(options_.max_document_bytes) + " bytes")
                           .WithContext(input));
      return true;
    }
    auto doc = fmt == "html" ? ReadHtmlDocument(input, std::move(bytes.value()), options_)
                             : ReadTextDocument(input, std::move(bytes.value()));
    ready_.push_back(doc.ok() ? std::move(doc) : Result<Document>(doc.status().WithContext(input)));
    return true;
  }
  return false;
}

void DocumentStream::OpenFeed(const std::string& name, std::string bytes) {
  // Feeds are small (bounded by max_feed_bytes) and parse whole: all items are queued at once.
  for (Result<Document>& item : ReadFeed(name, bytes, options_)) ready_.push_back(std::move(item));
}

std::optional<Result<Document>> DocumentStream::Next() {
  while (true) {
    if (!ready_.empty()) {
      Result<Document> r = std::move(ready_.front());
      ready_.pop_front();
      return r;
    }
    if (warc_) {
      if (auto item = warc_->Next()) return item;
      std::string summary = warc_->Summary();
      warc_.reset();
      if (options_.on_notice) {
        options_.on_notice(summary);
      } else {
        std::cerr << "mosaic: " << summary << "\n";
      }
      continue;
    }
    if (jsonl_) {
      std::string line;
      bool too_long;
      while (jsonl_->ReadLine(&line, options_.max_document_bytes, &too_long)) {
        ++jsonl_->line_no;
        if (too_long) {
          jsonl_->any_error = true;
          return Result<Document>(
              Status::LimitExceeded("line exceeds the limit of " +
                                    std::to_string(options_.max_document_bytes) + " bytes")
                  .WithContext(jsonl_->name + ":" + std::to_string(jsonl_->line_no)));
        }
        if (IsBlank(line)) continue;
        auto doc = ParseJsonlLine(jsonl_->name, jsonl_->line_no, line, options_);
        if (doc.ok())
          ++jsonl_->docs;
        else
          jsonl_->any_error = true;
        return doc;
      }
      bool empty = jsonl_->docs == 0 && !jsonl_->any_error;
      std::string name = jsonl_->name;
      jsonl_.reset();
      if (empty)
        return Result<Document>(Status::InvalidInput("no articles in file").WithContext(name));
      continue;
    }
    if (!OpenNextInput()) return std::nullopt;
  }
}

}  // namespace mosaic::readers
