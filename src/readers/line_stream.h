// Lines of files, directories (recursively, in name order) and standard input ("-"), each named
// "FILE:LINE" for messages. Used for inputs that are one JSON object per line but not articles:
// `mosaic ingest --docgraphs` reads `mosaic extract` output with it.
//
// Errors never stop the stream: a missing or unreadable file, or a line over the size limit (which
// is skipped without being held in memory), comes out as one error naming the file and line, and
// the stream goes on with the next line or file. Blank lines are skipped.
#pragma once

#include <cstdint>
#include <cstdio>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "mosaic/status.h"

namespace mosaic::readers {

struct Line {
  std::string source;  // "FILE:LINE"
  std::string text;    // without the newline
};

class LineStream {
 public:
  LineStream(std::vector<std::string> inputs, uint64_t max_line_bytes);
  ~LineStream();
  LineStream(const LineStream&) = delete;  // owns an open file
  LineStream& operator=(const LineStream&) = delete;

  // The next non-blank line or error; std::nullopt at the end of all inputs.
  std::optional<Result<Line>> Next();

 private:
  std::optional<Status> OpenNext();  // an error opening the next input, or nullopt when opened
  void Close();

  std::deque<std::string> pending_;
  uint64_t max_line_bytes_;
  std::FILE* file_ = nullptr;
  bool is_stdin_ = false;
  std::string name_;
  uint64_t line_no_ = 0;
  std::string buf_;  // read-ahead of the open file
  size_t pos_ = 0;
};

}  // namespace mosaic::readers
