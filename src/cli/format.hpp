// Human-readable formatting for the terminal (French by default, English with --lang en).
#pragma once

#include <string>
#include <vector>

#include "core/text.hpp"
#include "territory/indicators.hpp"

namespace fabscope::cli {

// Shared with the pages: territory::format_value ("217 728", "16,1 %", "—"),
// text::group_digits, text::csv_field.
inline std::string display(const territory::IndicatorDef& def, double v, Lang lang) {
  return territory::format_value(def, v, lang);
}
using text::csv_field;
using text::group_digits;

// Left-aligned first column, right-aligned others; widths from the content (UTF-8 aware).
// With align_numbers off, every column is left-aligned (records rather than figures).
std::string table(const std::vector<std::vector<std::string>>& rows, bool header = true, bool align_numbers = true);

// Values as text for CSV/JSON (full precision, "" for missing).
std::string raw(double v);

// Writes to FILE through a temporary file and a rename (never a half-written output), or
// to standard output when FILE is empty or "-". Throws Error(failure) naming the file.
void emit(const std::string& path, const std::string& text);

}  // namespace fabscope::cli
