#include "readers/line_stream.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace mosaic::readers {

LineStream::LineStream(std::vector<std::string> inputs, uint64_t max_line_bytes)
    : pending_(inputs.begin(), inputs.end()), max_line_bytes_(max_line_bytes) {}

LineStream::~LineStream() { Close(); }

void LineStream::Close() {
  if (file_ && !is_stdin_) std::fclose(file_);
  file_ = nullptr;
  is_stdin_ = false;
  buf_.clear();
  pos_ = 0;
}

std::optional<Status> LineStream::OpenNext() {
  std::string in = std::move(pending_.front());
  pending_.pop_front();
  line_no_ = 0;
  if (in == "-") {
    file_ = stdin;
    is_stdin_ = true;
    name_ = "stdin";
    return std::nullopt;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(in, ec)) {
    std::vector<std::string> files;
    for (auto it = std::filesystem::recursive_directory_iterator(in, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    if (ec) return Status::IoError(in + ": " + ec.message());
    if (files.empty()) return Status::InvalidInput(in + ": no files in the directory");
    std::sort(files.begin(), files.end());
    pending_.insert(pending_.begin(), files.begin(), files.end());
    return Status::Ok();  // nothing opened yet; the caller tries again
  }
  file_ = std::fopen(in.c_str(), "rb");
  if (!file_) return Status::NotFound(in + ": " + std::strerror(errno));
  name_ = in;
  return std::nullopt;
}

std::optional<Result<Line>> LineStream::Next() {
  while (true) {
    if (!file_) {
      if (pending_.empty()) return std::nullopt;
      if (auto st = OpenNext()) {
        if (st->ok()) continue;  // a directory, expanded into pending_
        return Result<Line>(*st);
      }
    }
    // One line, from a block buffer; a line over the limit is read past, not kept. memchr, not
    // fgets: a stray NUL byte must not cut a line short.
    Line line;
    bool too_long = false, got = false, eol = false;
    while (!eol) {
      if (pos_ == buf_.size()) {
        buf_.resize(1 << 16);
        size_t n = std::fread(buf_.data(), 1, buf_.size(), file_);
        buf_.resize(n);
        pos_ = 0;
        if (n == 0) break;
      }
      got = true;
      const char* begin = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(begin, '\n', buf_.size() - pos_));
      size_t n = nl ? static_cast<size_t>(nl - begin) : buf_.size() - pos_;
      eol = nl != nullptr;
      pos_ += n + (eol ? 1 : 0);
      if (too_long) continue;
      if (line.text.size() + n > max_line_bytes_) {
        too_long = true;
        std::string().swap(line.text);
      } else {
        line.text.append(begin, n);
      }
    }
    if (!got) {
      bool failed = std::ferror(file_);
      std::string name = name_;
      Close();
      if (failed) return Result<Line>(Status::IoError(name + ": read error"));
      continue;
    }
    ++line_no_;
    line.source = name_ + ":" + std::to_string(line_no_);
    if (too_long) {
      return Result<Line>(Status::LimitExceeded(line.source + ": line longer than the limit of " +
                                                std::to_string(max_line_bytes_) +
                                                " bytes (--max-document-mb); skipped"));
    }
    if (!line.text.empty() && line.text.back() == '\r') line.text.pop_back();
    if (line.text.find_first_not_of(" \t") == std::string::npos) continue;
    return Result<Line>(std::move(line));
  }
}

}  // namespace mosaic::readers
