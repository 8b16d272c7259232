#pragma once
// Status and Result<T>: the error values every fallible call returns (LevelDB style).
// A Status carries a code, a human-readable message and, when one input field is at
// fault, that field's name (the API's error body shows all three).

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace loopdesk {

enum class Code {
  kOk = 0,
  kInvalidArgument,   // malformed or out-of-range input (HTTP 400/422)
  kNotFound,          // an addressed entity does not exist (404)
  kConflict,          // the request contradicts current state (409)
  kUnauthenticated,   // no or bad credentials (401)
  kPermissionDenied,  // authenticated but not allowed (403)
  kTooLarge,          // request too large (413)
  kGone,              // existed but expired (410)
  kUnavailable,       // temporarily cannot serve (503)
  kInternal,          // a bug or an environment failure (500)
};

// Short stable name of a code, e.g. "invalid_argument"; used in API error bodies.
const char* CodeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status Invalid(std::string msg, std::string field = {}) {
    return {Code::kInvalidArgument, std::move(msg), std::move(field)};
  }
  static Status NotFound(std::string msg, std::string field = {}) {
    return {Code::kNotFound, std::move(msg), std::move(field)};
  }
  static Status Conflict(std::string msg, std::string field = {}) {
    return {Code::kConflict, std::move(msg), std::move(field)};
  }
  static Status Denied(std::string msg) { return {Code::kPermissionDenied, std::move(msg)}; }
  static Status Internal(std::string msg) { return {Code::kInternal, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {Code::kUnavailable, std::move(msg)}; }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  std::string ToString() const;

 private:
  Code code_ = Code::kOk;
  std::string message_;
  std::string field_;
};

// Result<T> holds either a value or a non-OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : v_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(v_).ok());
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
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace loopdesk

// Returns early from the enclosing function when `expr` (a Status) is not OK.
#define LD_RETURN_IF_ERROR(expr)             \
  do {                                       \
    ::loopdesk::Status _st = (expr);         \
    if (!_st.ok()) return _st;               \
  } while (0)

#define LD_CONCAT_INNER(a, b) a##b
#define LD_CONCAT(a, b) LD_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-returning expression or returns its Status.
#define LD_ASSIGN_OR_RETURN(lhs, expr) \
  LD_ASSIGN_OR_RETURN_IMPL(LD_CONCAT(_res_, __LINE__), lhs, expr)
#define LD_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                             \
  if (!tmp.ok()) return tmp.status();            \
  lhs = std::move(tmp).value()
