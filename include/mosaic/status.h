// Status and Result<T>: errors are values between stages.
//
// A Status is either OK or carries a code and a one-line message meant for the user ("FILE:
// problem"). Result<T> holds a T or a non-OK Status. Neither throws. Both are cheap to move.
//
//   mosaic::Result<Document> r = ReadOne(path);
//   if (!r.ok()) { std::cerr << r.status().message() << "\n"; return; }
//   Use(r.value());
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace mosaic {

enum class StatusCode {
  kOk = 0,
  kInvalidInput,   // bad input: the caller reports it and goes on with the batch
  kNotFound,       // a named file, entity or resource is absent
  kLimitExceeded,  // input exceeds a configured limit (size, depth, tokens)
  kIoError,        // the operating system refused a read or write
  kCorruption,  // a persistent file (model, gazetteer, database) is damaged or of another version
  kInternal,    // a failure that no input should cause; fatal for the stage
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidInput(std::string m) { return {StatusCode::kInvalidInput, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status LimitExceeded(std::string m) { return {StatusCode::kLimitExceeded, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status Corruption(std::string m) { return {StatusCode::kCorruption, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // Fatal errors stop a stage; the others concern one input and the batch goes on.
  bool is_fatal() const {
    return code_ == StatusCode::kInternal || code_ == StatusCode::kCorruption;
  }

  // Returns a copy whose message is prefixed with `context: ` (typically a file name).
  Status WithContext(const std::string& context) const {
    if (ok()) return *this;
    return Status(code_, context + ": " + message_);
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok() && "a Result holding a Status must hold an error");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }

 private:
  std::variant<T, Status> v_;
};

#define MOSAIC_RETURN_IF_ERROR(expr) \
  do {                               \
    ::mosaic::Status _st = (expr);   \
    if (!_st.ok()) return _st;       \
  } while (0)

}  // namespace mosaic
