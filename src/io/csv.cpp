#include "io/csv.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/text.hpp"

namespace fabscope::io {

CsvReader::CsvReader(std::string text, std::string label, CsvOptions options)
    : m_text(std::move(text)), m_label(std::move(label)), m_options(options) {
  if (m_options.encoding == Encoding::latin1) {
    m_text = text::latin1_to_utf8(m_text);
  } else {
    if (m_text.size() >= 3 && m_text.compare(0, 3, "\xEF\xBB\xBF") == 0) m_pos = 3;
    const auto bad = text::find_invalid_utf8(m_text);
    if (bad != std::string_view::npos) {
      const auto line = 1 + std::count(m_text.begin(), m_text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
      const auto line_start = m_text.rfind('\n', bad == 0 ? 0 : bad - 1);
      const auto col =
          static_cast<std::int64_t>(bad - (line_start == std::string::npos || bad == 0 ? 0 : line_start + 1)) + 1;
      throw InputError(Problem{{m_label, line, col, {}},
                               fmt::format("invalid UTF-8 byte 0x{:02X} (byte column {}): the file is "
                                           "not in the expected UTF-8 encoding (Latin-1?)",
                                           static_cast<unsigned char>(m_text[bad]), col)});
    }
  }
}

bool CsvReader::next(std::vector<std::string_view>& fields) {
  fields.clear();
  m_unquoted.clear();
  const std::size_t n = m_text.size();
  // Skip blank lines between records.
  while (m_pos < n && (m_text[m_pos] == '\n' || m_text[m_pos] == '\r')) {
    if (m_text[m_pos] == '\n') ++m_line;
    ++m_pos;
  }
  if (m_pos >= n) return false;
  m_record_line = m_line;
  const char delim = m_options.delimiter;
  const char* data = m_text.data();
  while (true) {
    if (m_pos < n && data[m_pos] == '"') {
      const std::size_t open = m_pos;
      const std::int64_t open_line = m_line;
      std::string value;
      ++m_pos;
      while (true) {
        if (m_pos >= n) {
          throw InputError(Problem{{m_label, open_line, static_cast<std::int64_t>(fields.size()) + 1, {}},
                                   fmt::format("unterminated quoted field (opened at byte {})", open)});
        }
        const char c = data[m_pos];
        if (c == '"') {
          if (m_pos + 1 < n && data[m_pos + 1] == '"') {
            value += '"';
            m_pos += 2;
            continue;
          }
          ++m_pos;
          break;
        }
        if (c == '\n') ++m_line;
        value += c;
        ++m_pos;
      }
      m_unquoted.push_back(std::move(value));
      fields.emplace_back(m_unquoted.back());
      if (m_pos < n && data[m_pos] != delim && data[m_pos] != '\n' && data[m_pos] != '\r') {
        throw InputError(Problem{{m_label, m_line, static_cast<std::int64_t>(fields.size()), {}},
                                 "unexpected character after a closing quote"});
      }
    } else {
      const std::size_t start = m_pos;
      while (m_pos < n && data[m_pos] != delim && data[m_pos] != '\n') ++m_pos;
      std::size_t end = m_pos;
      if (end > start && data[end - 1] == '\r') --end;
      fields.emplace_back(data + start, end - start);
    }
    if (m_pos < n && data[m_pos] == delim) {
      ++m_pos;
      continue;
    }
    // End of record: newline (CRLF handled) or end of input.
    if (m_pos < n && data[m_pos] == '\r') ++m_pos;
    if (m_pos < n && data[m_pos] == '\n') {
      ++m_pos;
      ++m_line;
    }
    return true;
  }
}

std::vector<std::size_t> require_columns(const std::vector<std::string_view>& header,
                                         const std::vector<std::string>& required, const Location& where) {
  std::vector<std::size_t> idx;
  std::vector<std::string> missing;
  for (const auto& name : required) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      missing.push_back(name);
      idx.push_back(0);
    } else {
      idx.push_back(static_cast<std::size_t>(it - header.begin()));
    }
  }
  if (!missing.empty()) {
    std::vector<std::string> found(header.begin(), header.end());
    throw InputError(Problem{where, fmt::format("wrong header: missing column(s) {}; found {}",
                                                fmt::join(missing, ", "), fmt::join(found, ", "))});
  }
  return idx;
}

}  // namespace fabscope::io
