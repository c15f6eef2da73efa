#include "readers/warc_reader.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <vector>

#include "readers/feed_reader.h"
#include "readers/format.h"
#include "util/utf8.h"

namespace mosaic::readers {
namespace {

constexpr size_t kStep = 256 << 10;      // bytes read (and inflated) per step
constexpr size_t kMaxHeader = 64 << 10;  // a longer WARC header is malformed
constexpr size_t kKeepOther = 1 << 20;   // non-HTML blocks up to this are held (for re-sync)
constexpr size_t kHttpPeek = 32 << 10;   // bytes looked at to read the HTTP headers first

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

std::string LowerCopy(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return r;
}

// Calls `fn(name, value)` for each "Name: value" line of a header block (no status line).
template <typename Fn>
void ForEachHeader(std::string_view head, Fn fn) {
  size_t i = 0;
  while (i < head.size()) {
    size_t nl = head.find('\n', i);
    if (nl == std::string_view::npos) nl = head.size();
    std::string_view line = head.substr(i, nl - i);
    i = nl + 1;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos || line.empty() || line[0] == ' ' || line[0] == '\t') {
      continue;
    }
    fn(Trim(line.substr(0, colon)), Trim(line.substr(colon + 1)));
  }
}

// Position of the first "\nWARC/<digit>" at or after `from` in `s` (the position of 'W'), or npos.
size_t FindRecordStart(std::string_view s, size_t from) {
  while (true) {
    size_t p = s.find("\nWARC/", from);
    if (p == std::string_view::npos) return p;
    if (p + 6 < s.size() && std::isdigit(static_cast<unsigned char>(s[p + 6]))) return p + 1;
    if (p + 6 >= s.size()) return std::string_view::npos;  // undecided: caller reads more
    from = p + 1;
  }
}

template <typename D>
void SetPublishedSource(D& d, const char* source) {
  // Document may gain a field saying where `published` came from; fill it when it exists.
  if constexpr (requires { d.published_source = std::string(); }) d.published_source = source;
}

}  // namespace

// ------------------------------------------------------------------------------------------------
// Input: the decompressed byte stream in a sliding window, with gzip member bookkeeping.
// ------------------------------------------------------------------------------------------------

class WarcReader::Input {
 public:
  // `ratio_floor` and `max_ratio`: see ReaderOptions::max_gzip_ratio.
  Input(std::FILE* f, bool owns, std::string prefix, uint64_t ratio_floor, uint32_t max_ratio)
      : f_(f), owns_(owns), ratio_floor_(ratio_floor), max_ratio_(max_ratio) {
    prefix_ = std::move(prefix);
    raw_.resize(kStep);
    // Sniff gzip from the first bytes.
    FillRaw();
    gzip_ = raw_len_ >= 2 && IsGzip(std::string_view(raw_.data() + raw_pos_, 2));
    if (gzip_) {
      zok_ = inflateInit2(&z_, 15 + 16) == Z_OK;
    }
  }
  ~Input() {
    if (gzip_ && zok_) inflateEnd(&z_);
    if (owns_ && f_) std::fclose(f_);
  }

  // Makes `n` bytes available after the cursor when the data allows; returns how many are.
  size_t Ensure(size_t n) {
    while (len_ - pos_ < n && Fill()) {
    }
    return len_ - pos_;
  }
  std::string_view View() const { return {win_.data() + pos_, len_ - pos_}; }
  void Consume(size_t n) { pos_ += std::min(n, len_ - pos_); }
  uint64_t Position() const { return base_ + pos_; }

  // The offset to name in messages for data at absolute position `abs` (non-decreasing calls).
  uint64_t OffsetOf(uint64_t abs) {
    if (!gzip_) return abs;
    while (members_.size() > 1 && members_[1].first <= abs) members_.pop_front();
    return members_.empty() ? raw_base_ + raw_pos_ : members_.front().second;
  }

  // A damaged stream stops the data where the damage is, until ClearError().
  bool has_error() const { return !error_.empty(); }
  const std::string& error() const { return error_; }
  uint64_t error_offset() const { return error_offset_; }
  // Drops the window's remaining (damaged) bytes and goes on after the damage.
  void ClearError() {
    error_.clear();
    pos_ = len_;
  }
  uint64_t consumed() const { return raw_base_ + raw_pos_; }

 private:
  // Reads more raw bytes into raw_ (prefix first). False at end of input.
  bool FillRaw() {
    if (raw_pos_ < raw_len_) {
      std::memmove(raw_.data(), raw_.data() + raw_pos_, raw_len_ - raw_pos_);
    }
    raw_base_ += raw_pos_;
    raw_len_ -= raw_pos_;
    raw_pos_ = 0;
    size_t space = raw_.size() - raw_len_;
    size_t got = 0;
    if (prefix_pos_ < prefix_.size()) {
      got = std::min(space, prefix_.size() - prefix_pos_);
      std::memcpy(raw_.data() + raw_len_, prefix_.data() + prefix_pos_, got);
      prefix_pos_ += got;
      if (prefix_pos_ == prefix_.size()) std::string().swap(prefix_), prefix_pos_ = 0;
    } else if (f_ && !raw_eof_) {
      got = std::fread(raw_.data() + raw_len_, 1, space, f_);
      if (got == 0) raw_eof_ = true;
    }
    raw_len_ += got;
    return got > 0;
  }

  // Makes room for kStep more bytes in the window.
  void MakeRoom() {
    if (win_.size() - len_ >= kStep) return;
    if (pos_ > 0) {
      std::memmove(win_.data(), win_.data() + pos_, len_ - pos_);
      base_ += pos_;
      len_ -= pos_;
      pos_ = 0;
    }
    if (win_.size() - len_ < kStep) {
      win_.resize(std::max(win_.size() * 2, len_ + kStep));
    } else if (win_.size() > (8u << 20) && len_ + kStep < win_.size() / 4) {
      // A big record passed: give the memory back.
      win_.resize(std::max(len_ + kStep, win_.size() / 4));
      win_.shrink_to_fit();
    }
  }

  // True when the current member has inflated past the floor and beyond the allowed ratio.
  bool IsBomb() const {
    if (max_ratio_ == 0 || member_out_ <= ratio_floor_) return false;
    uint64_t used = consumed() - member_offset_ + 1;
    return member_out_ / used > max_ratio_;
  }

  void SetError(uint64_t offset, std::string message) {
    error_offset_ = offset;
    error_ = std::move(message);
  }

  // Adds data to the window. False when nothing more comes: end of input, or an error.
  bool Fill() {
    if (has_error() || done_) return false;
    MakeRoom();
    if (!gzip_) {
      if (raw_pos_ == raw_len_ && !FillRaw()) {
        done_ = true;
        return false;
      }
      size_t n = std::min(raw_len_ - raw_pos_, win_.size() - len_);
      std::memcpy(win_.data() + len_, raw_.data() + raw_pos_, n);
      raw_pos_ += n;
      len_ += n;
      return true;
    }
    if (!zok_) {
      SetError(0, "zlib could not be initialised");
      return false;
    }
    while (true) {
      if (raw_len_ - raw_pos_ < 16 && !raw_eof_) FillRaw();
      if (!in_member_) {
        if (seek_magic_) {
          // After damage: the next member starts at the next gzip magic.
          while (true) {
            std::string_view r(raw_.data() + raw_pos_, raw_len_ - raw_pos_);
            size_t m = r.find("\x1f\x8b\x08");
            if (m != std::string_view::npos) {
              raw_pos_ += m;
              break;
            }
            raw_pos_ = raw_len_ > 2 ? raw_len_ - 2 : raw_len_;
            if (!FillRaw()) {
              done_ = true;
              return false;
            }
          }
          seek_magic_ = false;
        }
        if (raw_pos_ == raw_len_) {
          done_ = true;
          return false;
        }
        std::string_view r(raw_.data() + raw_pos_, raw_len_ - raw_pos_);
        if (!IsGzip(r)) {
          if (r.find_first_not_of('\0') == std::string_view::npos && raw_eof_) {
            done_ = true;  // zero padding at the end
            return false;
          }
          SetError(consumed(), "bytes after a gzip member are not gzip data");
          seek_magic_ = true;
          ++raw_pos_;
          return false;
        }
        inflateReset2(&z_, 15 + 16);
        in_member_ = true;
        members_.push_back({base_ + len_, consumed()});
        member_offset_ = consumed();
        member_out_ = 0;
      }
      z_.next_in = reinterpret_cast<Bytef*>(raw_.data() + raw_pos_);
      z_.avail_in = static_cast<uInt>(raw_len_ - raw_pos_);
      z_.next_out = reinterpret_cast<Bytef*>(win_.data() + len_);
      z_.avail_out = static_cast<uInt>(win_.size() - len_);
      int rc = inflate(&z_, Z_NO_FLUSH);
      size_t produced = (win_.size() - len_) - z_.avail_out;
      raw_pos_ = raw_len_ - z_.avail_in;
      len_ += produced;
      member_out_ += produced;
      if (IsBomb()) {
        // Drop what this step inflated and skip the rest of the member like damaged data (false
        // gzip magics inside it are then passed over silently).
        len_ -= produced;
        in_member_ = false;
        seek_magic_ = true;
        resyncing_ = true;
        SetError(member_offset_, "gzip member inflates to more than " + std::to_string(max_ratio_) +
                                     " times its compressed size (a gzip bomb?); limit "
                                     "--max-gzip-ratio");
        return false;
      }
      if (rc == Z_STREAM_END) {
        in_member_ = false;
        resyncing_ = false;  // a whole member with a good checksum: back in step
        if (produced > 0) return true;
        continue;
      }
      if (rc == Z_OK || rc == Z_BUF_ERROR) {
        if (produced > 0) return true;
        if (raw_pos_ == raw_len_ && !FillRaw()) {
          SetError(member_offset_, "truncated gzip member (the file ends inside it)");
          in_member_ = false;
          done_ = true;
          return false;
        }
        continue;
      }
      in_member_ = false;
      seek_magic_ = true;
      // Never find the damaged member's own magic again.
      if (member_offset_ >= raw_base_ && raw_pos_ <= member_offset_ - raw_base_) {
        raw_pos_ = std::min<size_t>(raw_len_, member_offset_ - raw_base_ + 1);
      }
      if (resyncing_) {
        // A false gzip magic inside damaged data: keep looking, the damage is reported already.
        if (produced > 0) return true;
        continue;
      }
      resyncing_ = true;
      SetError(member_offset_,
               std::string("corrupt gzip data (") + (z_.msg ? z_.msg : "zlib error") + ")");
      return false;
    }
  }

  std::FILE* f_;
  bool owns_;
  std::string prefix_;
  size_t prefix_pos_ = 0;
  std::vector<char> raw_;
  size_t raw_pos_ = 0, raw_len_ = 0;
  uint64_t raw_base_ = 0;  // input offset of raw_[0]
  bool raw_eof_ = false;
  bool gzip_ = false, zok_ = false, in_member_ = false, seek_magic_ = false, done_ = false;
  bool resyncing_ = false;  // looking for the next good member after damage
  z_stream z_{};
  uint64_t member_offset_ = 0;
  uint64_t member_out_ = 0;  // bytes the current member has inflated to so far
  uint64_t ratio_floor_;
  uint32_t max_ratio_;
  std::deque<std::pair<uint64_t, uint64_t>> members_;  // (window position, input offset)
  std::vector<char> win_;
  size_t pos_ = 0, len_ = 0;
  uint64_t base_ = 0;  // absolute (decompressed) position of win_[0]
  std::string error_;
  uint64_t error_offset_ = 0;
};

// ------------------------------------------------------------------------------------------------
// Records
// ------------------------------------------------------------------------------------------------

WarcReader::WarcReader(std::string name, std::FILE* file, bool owns, std::string prefix,
                       ReaderOptions options)
    : name_(std::move(name)),
      options_(std::move(options)),
      in_(std::make_unique<Input>(file, owns, std::move(prefix), options_.max_document_bytes,
                                  options_.max_gzip_ratio)) {}

WarcReader::~WarcReader() = default;

Result<std::unique_ptr<WarcReader>> WarcReader::Open(const std::string& path,
                                                     const ReaderOptions& options) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::IoError(std::strerror(errno)).WithContext(path);
  return std::make_unique<WarcReader>(path, f, true, std::string(), options);
}

std::optional<Result<WarcRecord>> WarcReader::Fail(uint64_t offset, std::string message) {
  ++counts_.errors;
  return Result<WarcRecord>(
      Status::InvalidInput(std::move(message))
          .WithContext(name_ + ": record at offset " + std::to_string(offset)));
}

void WarcReader::Resync(size_t from) {
  while (true) {
    std::string_view v = in_->View();
    size_t p = FindRecordStart(v, from);
    if (p != std::string_view::npos) {
      in_->Consume(p);
      return;
    }
    // Keep the last few bytes: a header may straddle the window's end.
    size_t keep = std::min<size_t>(v.size(), 8);
    in_->Consume(v.size() - keep);
    from = 0;
    if (in_->Ensure(keep + kStep) <= keep) {
      in_->Consume(keep);
      return;
    }
  }
}

std::optional<Result<WarcRecord>> WarcReader::NextRecord() {
  in_->Consume(pending_consume_);
  pending_consume_ = 0;
  while (true) {
    // Blank lines between records are tolerated.
    while (in_->Ensure(1) > 0 && (in_->View()[0] == '\r' || in_->View()[0] == '\n')) {
      in_->Consume(1);
    }
    uint64_t start = in_->Position();
    if (in_->View().empty()) {
      if (in_->has_error()) {
        uint64_t off = in_->error_offset();
        std::string msg = in_->error();
        in_->ClearError();
        return Fail(off, msg);
      }
      return std::nullopt;
    }
    uint64_t offset = in_->OffsetOf(start);
    auto stream_error = [&]() {
      std::string msg = in_->error();
      in_->ClearError();
      return Fail(offset, msg);
    };
    size_t avail = in_->Ensure(kMaxHeader);
    std::string_view v = in_->View();
    if (v.substr(0, 5) != "WARC/") {
      auto err = Fail(offset, "not a WARC record header");
      Resync(0);
      return err;
    }
    size_t head_end = v.substr(0, kMaxHeader).find("\r\n\r\n");
    if (head_end == std::string_view::npos) {
      if (in_->has_error()) return stream_error();
      if (avail >= kMaxHeader) {
        auto err = Fail(offset, "WARC header longer than 64 KiB");
        Resync(1);
        return err;
      }
      auto err = Fail(offset, "truncated record (the file ends inside the WARC header)");
      in_->Consume(avail);
      return err;
    }
    WarcRecord rec;
    rec.offset = offset;
    bool have_length = false, bad_length = false;
    std::string_view head = v.substr(0, head_end + 2);
    ForEachHeader(head.substr(head.find('\n') + 1), [&](std::string_view k, std::string_view val) {
      if (EqualsNoCase(k, "WARC-Type")) {
        rec.type = val;
      } else if (EqualsNoCase(k, "WARC-Target-URI")) {
        if (val.size() >= 2 && val.front() == '<' && val.back() == '>') {
          val = val.substr(1, val.size() - 2);
        }
        rec.target_uri = val;
      } else if (EqualsNoCase(k, "WARC-Date")) {
        rec.date = val;
      } else if (EqualsNoCase(k, "Content-Type")) {
        rec.content_type = val;
      } else if (EqualsNoCase(k, "Content-Length")) {
        uint64_t n = 0;
        bad_length = val.empty() || val.size() > 15;
        for (char c : val) {
          if (c < '0' || c > '9') bad_length = true;
          n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        rec.length = n;
        have_length = true;
      }
    });
    if (!have_length || bad_length) {
      auto err = Fail(offset, have_length ? "malformed Content-Length" : "no Content-Length");
      Resync(head_end);
      return err;
    }
    // The header stays in the window (not consumed) until the record is done, but the window may
    // move while the block is read in: keep the fields as offsets from the record start.
    const char* base = v.data();
    auto pos_of = [&](std::string_view f) {
      return std::pair<size_t, size_t>(f.empty() ? 0 : static_cast<size_t>(f.data() - base),
                                       f.size());
    };
    const auto p_type = pos_of(rec.type), p_uri = pos_of(rec.target_uri), p_date = pos_of(rec.date),
               p_ctype = pos_of(rec.content_type);
    auto rebase = [&](std::string_view from, WarcRecord* r) {
      auto at = [&](std::pair<size_t, size_t> p) { return from.substr(p.first, p.second); };
      r->type = at(p_type);
      r->target_uri = at(p_uri);
      r->date = at(p_date);
      r->content_type = at(p_ctype);
    };
    const size_t hlen = head_end + 4;
    const uint64_t len = rec.length;
    // Which blocks to hold: HTML responses up to the document limit, anything else up to 1 MiB
    // (held only so that a lying length can be recovered from), larger ones are streamed past.
    uint64_t keep = kKeepOther;
    if (rec.type == "response") {
      in_->Ensure(hlen + std::min<uint64_t>(len, kHttpPeek));
      std::string_view peek = in_->View().substr(hlen, std::min<uint64_t>(len, kHttpPeek));
      std::string lower = LowerCopy(peek.substr(0, peek.find("\r\n\r\n")));
      size_t ct = lower.find("\ncontent-type:");
      bool html = ct == std::string::npos || lower.find("html", ct) < lower.find('\n', ct + 1);
      if (html) keep = std::max<uint64_t>(keep, options_.max_document_bytes);
    }
    if (len <= keep) {
      size_t got = in_->Ensure(hlen + len + 4);
      v = in_->View();
      if (got < hlen + len + 4) {
        if (in_->has_error()) return stream_error();
        std::string_view tail = v.substr(std::min<size_t>(got, hlen + len));
        if (got < hlen + len || std::string_view("\r\n\r\n").substr(0, tail.size()) != tail) {
          auto err = Fail(offset, "truncated record: Content-Length says " + std::to_string(len) +
                                      " bytes, the file ends after " +
                                      std::to_string(got - std::min(got, hlen)));
          in_->Consume(got);
          return err;
        }
      } else if (v.substr(hlen + len, 4) != "\r\n\r\n") {
        auto err = Fail(offset, "Content-Length " + std::to_string(len) +
                                    " does not match the record (it does not end there)");
        Resync(hlen);
        return err;
      }
      rebase(v, &rec);
      rec.has_block = true;
      rec.block = v.substr(hlen, len);
      pending_consume_ = std::min<size_t>(got, hlen + len + 4);
      ++counts_.records;
      return Result<WarcRecord>(rec);
    }
    // Too large to hold: stream past it. Only the header fields are returned (copied to scratch).
    scratch_.assign(in_->View().substr(0, hlen));
    WarcRecord out = rec;
    rebase(scratch_, &out);
    in_->Consume(hlen);
    uint64_t left = len;
    while (left > 0) {
      size_t got = in_->Ensure(static_cast<size_t>(std::min<uint64_t>(left, kStep)));
      if (got == 0) break;
      size_t c = static_cast<size_t>(std::min<uint64_t>(left, got));
      in_->Consume(c);
      left -= c;
    }
    if (left > 0) {
      if (in_->has_error()) return stream_error();
      return Fail(offset, "truncated record: Content-Length says " + std::to_string(len) +
                              " bytes, the file ends after " + std::to_string(len - left));
    }
    size_t got = in_->Ensure(4);
    std::string_view tail = in_->View().substr(0, std::min<size_t>(got, 4));
    if (tail != "\r\n\r\n" && !(got < 4 && std::string_view("\r\n\r\n").substr(0, got) == tail)) {
      if (in_->has_error()) return stream_error();
      auto err = Fail(offset, "Content-Length " + std::to_string(len) +
                                  " does not match the record (it does not end there)");
      Resync(0);
      return err;
    }
    pending_consume_ = std::min<size_t>(got, 4);
    ++counts_.records;
    return Result<WarcRecord>(out);
  }
}

// ------------------------------------------------------------------------------------------------
// Responses -> documents
// ------------------------------------------------------------------------------------------------

namespace {

enum class Decode { kOk, kMalformed, kTooLarge };

// Undoes chunked transfer coding.
Decode Dechunk(std::string_view in, std::string* out, uint64_t limit) {
  out->clear();
  size_t i = 0;
  while (i < in.size()) {
    size_t nl = in.find('\n', i);
    if (nl == std::string_view::npos) return Decode::kMalformed;
    uint64_t n = 0;
    size_t k = i, digits = 0;
    while (k < nl && std::isxdigit(static_cast<unsigned char>(in[k])) && digits < 12) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(in[k])));
      n = n * 16 + static_cast<uint64_t>(c <= '9' ? c - '0' : c - 'a' + 10);
      ++k;
      ++digits;
    }
    if (digits == 0) return Decode::kMalformed;
    i = nl + 1;
    if (n == 0) return Decode::kOk;
    if (out->size() + n > limit) return Decode::kTooLarge;
    if (n > in.size() - i) return Decode::kMalformed;
    out->append(in.substr(i, n));
    i += n;
    if (i < in.size() && in[i] == '\r') ++i;
    if (i < in.size() && in[i] == '\n') ++i;
  }
  return Decode::kOk;  // a missing last chunk: keep what came
}

// gzip or zlib/deflate content coding.
Decode Inflate(std::string_view in, bool raw_deflate, std::string* out, uint64_t limit) {
  z_stream z{};
  if (inflateInit2(&z, raw_deflate ? -15 : 15 + 32) != Z_OK) return Decode::kMalformed;
  out->clear();
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[64 << 10];
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out->append(buf, sizeof buf - z.avail_out);
    if (out->size() > limit) {
      inflateEnd(&z);
      return Decode::kTooLarge;
    }
  } while (rc == Z_OK && z.avail_in > 0);
  inflateEnd(&z);
  return rc == Z_STREAM_END || (rc == Z_OK && !out->empty()) ? Decode::kOk : Decode::kMalformed;
}

// charset=... from a Content-Type value or a <meta> tag's text.
std::string CharsetParam(std::string_view s) {
  std::string lower = LowerCopy(s);
  size_t p = lower.find("charset");
  if (p == std::string::npos) return "";
  p += 7;
  while (p < lower.size() && (lower[p] == ' ' || lower[p] == '=')) ++p;
  while (p < lower.size() && (lower[p] == '"' || lower[p] == '\'')) ++p;
  std::string cs;
  while (p < lower.size() && cs.size() < 40 &&
         (std::isalnum(static_cast<unsigned char>(lower[p])) || lower[p] == '-' ||
          lower[p] == '_' || lower[p] == ':' || lower[p] == '.')) {
    cs.push_back(lower[p++]);
  }
  return cs;
}

// <meta charset="..."> or <meta http-equiv="content-type" content="...; charset=..."> in the
// first 4 KiB (where the HTML standard says it must be).
std::string MetaCharset(std::string_view body) {
  std::string lower = LowerCopy(body.substr(0, 4096));
  size_t p = 0;
  while ((p = lower.find("<meta", p)) != std::string::npos) {
    size_t e = lower.find('>', p);
    if (e == std::string::npos) break;
    std::string cs = CharsetParam(std::string_view(lower).substr(p, e - p));
    if (!cs.empty()) return cs;
    p = e;
  }
  return "";
}

}  // namespace

std::optional<Result<Document>> WarcReader::Next() {
  while (true) {
    auto r = NextRecord();
    if (!r) return std::nullopt;
    if (!r->ok()) return Result<Document>(r->status());
    const WarcRecord& rec = r->value();
    const std::string where = name_ + ": record at offset " + std::to_string(rec.offset);
    auto fail = [&](Status s) {
      ++counts_.errors;
      return std::optional<Result<Document>>(Result<Document>(s.WithContext(where)));
    };
    if (rec.type != "response") {
      if (rec.type == "request")
        ++counts_.request;
      else if (rec.type == "metadata")
        ++counts_.metadata;
      else if (rec.type == "warcinfo")
        ++counts_.warcinfo;
      else if (rec.type == "revisit")
        ++counts_.revisit;
      else
        ++counts_.other_type;
      continue;
    }
    if (!rec.has_block) {
      ++counts_.too_large;
      continue;
    }
    if (!rec.content_type.empty() &&
        LowerCopy(rec.content_type).find("application/http") == std::string::npos) {
      ++counts_.not_html;  // e.g. a DNS response
      continue;
    }
    // HTTP status line and headers.
    std::string_view block = rec.block;
    size_t hend = block.find("\r\n\r\n");
    size_t skip = 4;
    if (hend == std::string_view::npos) {
      hend = block.find("\n\n");
      skip = 2;
    }
    if (block.substr(0, 5) != "HTTP/" || hend == std::string_view::npos) {
      return fail(Status::InvalidInput("response without an HTTP header"));
    }
    std::string_view http = block.substr(0, hend);
    std::string_view body = block.substr(hend + skip);
    size_t sp = http.find(' ');
    int code = 0;
    if (sp != std::string_view::npos) {
      for (size_t i = sp + 1; i < http.size() && i < sp + 4; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(http[i]))) break;
        code = code * 10 + (http[i] - '0');
      }
    }
    if (code < 200 || code > 299) {
      ++counts_.not_ok;
      continue;
    }
    std::string_view ctype, cenc, tenc;
    ForEachHeader(http.substr(http.find('\n') + 1), [&](std::string_view k, std::string_view val) {
      if (EqualsNoCase(k, "Content-Type"))
        ctype = val;
      else if (EqualsNoCase(k, "Content-Encoding"))
        cenc = val;
      else if (EqualsNoCase(k, "Transfer-Encoding"))
        tenc = val;
    });
    std::string mime = LowerCopy(ctype.substr(0, ctype.find(';')));
    mime = std::string(Trim(mime));
    if (!mime.empty() && mime != "text/html" && mime != "application/xhtml+xml") {
      ++counts_.not_html;
      continue;
    }
    std::string decoded;
    if (LowerCopy(tenc).find("chunked") != std::string::npos) {
      Decode rc = Dechunk(body, &decoded, options_.max_document_bytes);
      if (rc == Decode::kTooLarge) {
        ++counts_.too_large;
        continue;
      }
      if (rc != Decode::kOk) return fail(Status::InvalidInput("malformed chunked transfer coding"));
      scratch_.swap(decoded);
      body = scratch_;
    }
    std::string enc = LowerCopy(Trim(cenc));
    if (enc == "gzip" || enc == "x-gzip" || enc == "deflate") {
      std::string out;
      Decode rc = Inflate(body, false, &out, options_.max_document_bytes);
      if (rc == Decode::kMalformed && enc == "deflate") {
        rc = Inflate(body, true, &out, options_.max_document_bytes);  // raw deflate, no header
      }
      if (rc == Decode::kTooLarge) {
        ++counts_.too_large;
        continue;
      }
      if (rc != Decode::kOk) {
        return fail(
            Status::InvalidInput("payload does not inflate (Content-Encoding: " + enc + ")"));
      }
      scratch_.swap(out);
      body = scratch_;
    } else if (!enc.empty() && enc != "identity") {
      return fail(Status::InvalidInput("unsupported Content-Encoding: " + enc));
    }
    if (mime.empty() && SniffFormat(body.substr(0, 1024)) != InputFormat::kHtml) {
      ++counts_.not_html;
      continue;
    }
    // Charset: HTTP header, else BOM, else <meta>, else UTF-8 when valid, else windows-1252.
    std::string charset = CharsetParam(ctype);
    if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") {
      body.remove_prefix(3);
      if (charset.empty()) charset = "utf-8";
    } else if (charset.empty() && body.size() >= 2 &&
               (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF")) {
      charset = body[0] == '\xFF' ? "utf-16le" : "utf-16be";
      body.remove_prefix(2);
    }
    if (charset.empty()) charset = MetaCharset(body);
    if (charset == "utf8") charset = "utf-8";
    if (charset == "iso-8859-1" || charset == "latin1" || charset == "us-ascii" ||
        charset == "ascii") {
      // The HTML standard reads these labels as windows-1252 (a superset); ASCII is valid UTF-8.
      charset = utf8::FindInvalid(body) == std::string::npos ? "utf-8" : "windows-1252";
    }
    bool valid_utf8 = utf8::FindInvalid(body) == std::string::npos;
    if (charset.empty()) charset = valid_utf8 ? "utf-8" : "windows-1252";
    std::string converted;
    if (charset != "utf-8" || !valid_utf8) {
      // ICU: the declared (or default) charset to UTF-16 to UTF-8; invalid bytes become U+FFFD.
      UErrorCode err = U_ZERO_ERROR;
      UConverter* conv = ucnv_open(charset.c_str(), &err);
      if (U_FAILURE(err) || !conv) {
        if (conv) ucnv_close(conv);
        return fail(Status::InvalidInput("unknown charset \"" + charset + "\""));
      }
      std::vector<UChar> u(body.size() + 1);
      int32_t ulen = ucnv_toUChars(conv, u.data(), static_cast<int32_t>(u.size()), body.data(),
                                   static_cast<int32_t>(body.size()), &err);
      if (err == U_BUFFER_OVERFLOW_ERROR) {  // a charset mapping a byte to several UTF-16 units
        err = U_ZERO_ERROR;
        u.resize(static_cast<size_t>(ulen) + 1);
        ucnv_reset(conv);
        ulen = ucnv_toUChars(conv, u.data(), static_cast<int32_t>(u.size()), body.data(),
                             static_cast<int32_t>(body.size()), &err);
      }
      ucnv_close(conv);
      if (U_FAILURE(err)) {
        return fail(Status::InvalidInput("payload not in its charset \"" + charset + "\""));
      }
      converted.resize(static_cast<size_t>(ulen) * 3 + 4);
      int32_t blen = 0;
      err = U_ZERO_ERROR;
      u_strToUTF8WithSub(converted.data(), static_cast<int32_t>(converted.size()), &blen, u.data(),
                         ulen, 0xFFFD, nullptr, &err);
      if (U_FAILURE(err)) return fail(Status::InvalidInput("charset conversion failed"));
      converted.resize(static_cast<size_t>(blen));
      body = converted;
    }
    if (body.size() > options_.max_document_bytes) {
      ++counts_.too_large;
      continue;
    }
    auto content = ExtractHtml(body, options_);
    if (!content.ok()) {
      if (content.status().message() == "no article text in HTML") {
        ++counts_.no_text;
        continue;
      }
      return fail(content.status());
    }
    Document d;
    d.text = std::move(content.value().text);
    d.title = std::move(content.value().title);
    d.published = NormaliseDate(content.value().published_raw);
    if (!d.published.empty()) {
      SetPublishedSource(d, "meta");
    } else {
      d.published = NormaliseDate(rec.date);
      if (!d.published.empty()) SetPublishedSource(d, "crawl");
    }
    d.url = rec.target_uri.empty() ? "file:" + name_ + "@" + std::to_string(rec.offset)
                                   : std::string(rec.target_uri);
    d.source = name_ + "@" + std::to_string(rec.offset);
    d.id = ContentId(d.text);
    ++counts_.documents;
    return Result<Document>(std::move(d));
  }
}

uint64_t WarcReader::bytes_read() const { return in_->consumed(); }

std::string WarcReader::Summary() const {
  std::string s = name_ + ": WARC: " + std::to_string(counts_.documents) + " document(s)";
  std::string skipped;
  auto add = [&](uint64_t n, const char* what) {
    if (n == 0) return;
    skipped += skipped.empty() ? "; skipped " : ", ";
    skipped += std::to_string(n) + " " + what;
  };
  add(counts_.not_html, "non-HTML responses");
  add(counts_.not_ok, "non-2xx responses");
  add(counts_.no_text, "pages without article text");
  add(counts_.too_large, "responses over the size limit");
  add(counts_.request, "request records");
  add(counts_.metadata, "metadata records");
  add(counts_.warcinfo, "warcinfo records");
  add(counts_.revisit, "revisit records");
  add(counts_.other_type, "other records");
  s += skipped;
  if (counts_.errors) s += "; " + std::to_string(counts_.errors) + " error(s)";
  return s;
}

}  // namespace mosaic::readers
