// Number and text utilities (src/core/text.cpp) and the parameter parsers that routes and
// pages apply to query strings and path captures (text::parse_int, text::parse_double,
// territory::parse_level). Properties: a parsed double is finite; format_double reads
// back to the same value; Latin-1 conversion yields valid UTF-8; csv_field reads back as
// one field through the CSV reader (with its formula guard); trim and fold keep their contracts.
#include <cmath>

#include "core/text.hpp"
#include "fuzz.hpp"
#include "io/csv.hpp"
#include "territory/indicators.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(text) {
  const auto d = text::parse_double(input, false);
  if (d && !std::isfinite(*d)) fuzz::fail("text", "parse_double returned a non-finite value");
  if (d) {
    const auto back = text::parse_double(text::format_double(*d));
    if (!back || *back != *d) fuzz::fail("text", "format_double does not read back: " + text::format_double(*d));
  }
  const auto dc = text::parse_double(input, true);
  if (dc && !std::isfinite(*dc)) fuzz::fail("text", "parse_double (decimal comma) returned a non-finite value");
  // Without a comma, both readings agree.
  if (input.find(',') == std::string_view::npos && d.has_value() != dc.has_value())
    fuzz::fail("text", "decimal_comma changed the reading of a text without a comma");
  if (const auto i = text::parse_int(input)) {
    if (input.find_first_of(".eE") == std::string_view::npos) {
      const auto again = text::parse_int(std::to_string(*i));
      if (!again || *again != *i) fuzz::fail("text", "parse_int does not read back");
    }
  }
  (void)territory::parse_level(input);

  const auto t = text::trim(input);
  if (!t.empty() && (t.front() == ' ' || t.back() == ' ')) fuzz::fail("text", "trim left a space");
  if (t.size() > input.size()) fuzz::fail("text", "trim grew the text");

  const auto latin = text::latin1_to_utf8(input);
  if (text::find_invalid_utf8(latin) != std::string::npos) fuzz::fail("text", "latin1_to_utf8 gave invalid UTF-8");
  const bool valid = text::find_invalid_utf8(input) == std::string::npos;
  if (valid) {
    (void)text::fold(input);
    (void)text::to_lower(input);
    // A field written by csv_field reads back as one field, unchanged (the reader skips
    // blank lines, so an empty or line-break-only value is not checked).
    const std::string field(input);
    if (field.find_first_not_of("\r\n") != std::string::npos && field.find('\0') == std::string::npos) {
      io::CsvReader reader(text::csv_field(field) + "\n", "fuzz.csv");
      std::vector<std::string_view> fields;
      // Text a spreadsheet would run as a formula is written with a leading apostrophe.
      const bool guarded = std::string_view("=+-@\t\r").find(field.front()) != std::string_view::npos &&
                           !text::parse_double(field).has_value();
      const std::string expected = guarded ? "'" + field : field;
      if (!reader.next(fields) || fields.size() != 1 || fields[0] != expected)
        fuzz::fail("text", "csv_field does not read back as one field");
    }
  }
  if (d) {
    for (const int decimals : {0, 1, 2}) {
      (void)text::group_digits(*d, decimals, Lang::fr);
      (void)text::group_digits(*d, decimals, Lang::en);
    }
  }
}
