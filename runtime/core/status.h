// Status and Result<T>: how every edgeq library reports errors (no exceptions cross a library
// boundary). An error message names what it is about: a file, a node, a byte offset.
#pragma once

#include <cassert>
#include <sstream>
#include <string>
#include <utility>
#include <variant>

namespace edgeq {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // bad input from the caller: wrong shape, bad attribute, bad option
  kNotFound,          // a file, value, backend or op that does not exist
  kUnimplemented,     // valid input that edgeq does not support (yet)
  kOutOfRange,        // an index or size outside what its container holds
  kDataLoss,          // a corrupt or truncated file
  kFailedPrecondition,// called in the wrong state (e.g. execute before load)
  kUnavailable,       // a backend that is not registered or not available on this CPU
  kInternal,          // a bug in edgeq
};

const char* status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: <message>"
  std::string to_string() const;
  // Returns a copy whose message is "<context>: <message>", for adding where an error happened.
  Status with_context(const std::string& context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// Concatenates any streamable values into a string: str_cat("node ", name, ": rank ", r).
template <typename... Args>
std::string str_cat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

template <typename... Args>
Status invalid_argument(const Args&... args) {
  return Status(StatusCode::kInvalidArgument, str_cat(args...));
}
template <typename... Args>
Status not_found(const Args&... args) {
  return Status(StatusCode::kNotFound, str_cat(args...));
}
template <typename... Args>
Status unimplemented(const Args&... args) {
  return Status(StatusCode::kUnimplemented, str_cat(args...));
}
template <typename... Args>
Status out_of_range(const Args&... args) {
  return Status(StatusCode::kOutOfRange, str_cat(args...));
}
template <typename... Args>
Status data_loss(const Args&... args) {
  return Status(StatusCode::kDataLoss, str_cat(args...));
}
template <typename... Args>
Status failed_precondition(const Args&... args) {
  return Status(StatusCode::kFailedPrecondition, str_cat(args...));
}
template <typename... Args>
Status unavailable(const Args&... args) {
  return Status(StatusCode::kUnavailable, str_cat(args...));
}
template <typename... Args>
Status internal_error(const Args&... args) {
  return Status(StatusCode::kInternal, str_cat(args...));
}

// A value or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok() && "Result built from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  T& value() & { return std::get<T>(state_); }
  const T& value() const& { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace edgeq

#define EDGEQ_CONCAT_INNER(a, b) a##b
#define EDGEQ_CONCAT(a, b) EDGEQ_CONCAT_INNER(a, b)

// Returns the Status of `expr` from the enclosing function when it is an error.
#define EDGEQ_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::edgeq::Status edgeq_status_ = (expr);          \
    if (!edgeq_status_.ok()) return edgeq_status_;   \
  } while (0)

// Evaluates `rexpr` (a Result<T>); returns its Status on error, else assigns/declares `lhs`:
//   EDGEQ_ASSIGN_OR_RETURN(auto program, Program::load(path));
#define EDGEQ_ASSIGN_OR_RETURN(lhs, rexpr) \
  EDGEQ_ASSIGN_OR_RETURN_IMPL(EDGEQ_CONCAT(edgeq_result_, __LINE__), lhs, rexpr)
#define EDGEQ_ASSIGN_OR_RETURN_IMPL(result, lhs, rexpr) \
  auto result = (rexpr);                                \
  if (!result.ok()) return result.status();             \
  lhs = std::move(result).value()
