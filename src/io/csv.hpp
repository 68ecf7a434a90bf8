// A small RFC 4180 reader: ',' or ';' separators, quoted fields with doubled quotes,
// LF or CRLF line ends, UTF-8 (validated) or Latin-1 (converted), optional BOM.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace fabscope::io {

enum class Encoding { utf8, latin1 };

struct CsvOptions {
  char delimiter = ',';
  Encoding encoding = Encoding::utf8;
};

class CsvReader {
 public:
  // `label` names the input in errors ("archive.zip!file.csv"). Throws InputError
  // (file:line:column) when the text is not valid in the declared encoding.
  CsvReader(std::string text, std::string label, CsvOptions options = {});

  // Reads the next record; false at the end. Fields stay valid until the next call.
  bool next(std::vector<std::string_view>& fields);
  // Line number (1-based) where the last record returned by next() starts.
  [[nodiscard]] std::int64_t line() const { return m_record_line; }
  [[nodiscard]] const std::string& label() const { return m_label; }
  [[nodiscard]] Location where(std::size_t field_index, std::string field_name = {}) const {
    return {m_label, m_record_line, static_cast<std::int64_t>(field_index) + 1, std::move(field_name)};
  }
  // Fraction of the input consumed, for progress bars.
  [[nodiscard]] std::size_t position() const { return m_pos; }
  [[nodiscard]] std::size_t size() const { return m_text.size(); }

 private:
  std::string m_text;
  std::string m_label;
  CsvOptions m_options;
  std::size_t m_pos = 0;
  std::int64_t m_line = 1;
  std::int64_t m_record_line = 0;
  std::deque<std::string> m_unquoted;  // storage for fields that needed unescaping
};

// Checks that `header` holds every name of `required`; returns the index of each.
// Throws InputError naming the missing column(s) and the columns found.
std::vector<std::size_t> require_columns(const std::vector<std::string_view>& header,
                                         const std::vector<std::string>& required, const Location& where);

}  // namespace fabscope::io
