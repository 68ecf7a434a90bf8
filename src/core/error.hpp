// Errors of fabscope: what aborts an operation is an exception; what is expected (a
// missing value, a rejected row) is a value. Every input problem names its place.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/catalog.hpp"
#include "core/lang.hpp"

namespace fabscope {

// Documented exit codes of the `fabscope` command (docs/commands/index.md).
enum class ExitCode : int {
  ok = 0,
  failure = 1,       // unexpected failure (a bug or the system)
  usage = 2,         // bad command line
  bad_input = 3,     // an input file is malformed: nothing was changed
  missing_data = 4,  // a dataset file is absent or the store has not been imported
  checksum = 5,      // a file does not match its catalogued checksum
  network = 6,       // a download failed
  not_found = 7,     // the territory, dataset or indicator asked for does not exist
  store = 8,         // the store cannot be used: read-only, locked, disk full, damaged, newer schema
};

// Where in an input a problem was seen. Empty fields are omitted when printed:
// "file:line:column: message" or "file: field: message".
struct Location {
  std::string file;         // e.g. "base_cc_comparateur_csv.zip!base_cc_comparateur.CSV"
  std::int64_t line = 0;    // 1-based; 0 = unknown
  std::int64_t column = 0;  // 1-based; 0 = unknown
  std::string field;        // column name or JSON path, when meaningful

  [[nodiscard]] std::string to_string() const;
};

struct Problem {
  Location where;
  std::string message;
  [[nodiscard]] std::string to_string() const;
};

// Base class of every error that fabscope reports to a user.
// what() is the English text; an error may also carry its French text (shown by default).
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
  Error(ExitCode code, const std::string& message_en, std::string message_fr)
      : std::runtime_error(message_en), m_code(code), m_fr(std::move(message_fr)) {}
  [[nodiscard]] ExitCode code() const { return m_code; }
  // The message in French (when it has one) or English.
  [[nodiscard]] std::string message(Lang lang) const {
    return lang == Lang::fr && !m_fr.empty() ? m_fr : std::string(what());
  }

 private:
  ExitCode m_code;
  std::string m_fr;
};

// An error whose texts are the catalog's format strings `key` (core/texts/errors.hpp), filled
// with the same arguments in English and French.
template <class... Args>
Error localized_error(ExitCode code, std::string_view key, const Args&... args) {
  return {code, fmt::format(fmt::runtime(tr(Lang::en, key)), args...),
          fmt::format(fmt::runtime(tr(Lang::fr, key)), args...)};
}

// An import that would remove most of what a dataset holds in the store (a header-only
// or truncated file): refused unless the user allows it (--allow-shrink). The rule is
// shrink_refused(): more than half of the rows would go.
class ShrinkError : public Error {
 public:
  ShrinkError(const std::string& dataset, std::int64_t before, std::int64_t after);
  [[nodiscard]] std::int64_t before() const { return m_before; }
  [[nodiscard]] std::int64_t after() const { return m_after; }

 private:
  std::int64_t m_before, m_after;
};

// True when replacing `before` rows by `after` removes more than half of them.
[[nodiscard]] bool shrink_refused(std::int64_t before, std::int64_t after);

// A malformed input: carries every problem found (capped), so the user can fix a file in
// one pass rather than one error at a time.
class InputError : public Error {
 public:
  explicit InputError(std::vector<Problem> problems, std::size_t total = 0);
  explicit InputError(Problem problem) : InputError(std::vector<Problem>{std::move(problem)}) {}
  [[nodiscard]] const std::vector<Problem>& problems() const { return m_problems; }
  [[nodiscard]] std::size_t total() const { return m_total; }

 private:
  std::vector<Problem> m_problems;
  std::size_t m_total;
};

// Collects the problems of one input; throws an InputError at the end if any.
class ProblemList {
 public:
  static constexpr std::size_t kMaxKept = 20;
  void add(Location where, std::string message);
  [[nodiscard]] bool empty() const { return m_total == 0; }
  [[nodiscard]] std::size_t size() const { return m_total; }
  void throw_if_any() const;

 private:
  std::vector<Problem> m_kept;
  std::size_t m_total = 0;
};

}  // namespace fabscope
