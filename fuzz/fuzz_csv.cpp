// CSV reader (src/io/csv.cpp) and the table reader on top of it (src/sources/table.cpp).
// Input: byte 0 chooses the dialect (delimiter, encoding, decimal comma), the rest is
// the file. Every ASCII delimiter is possible, as a mapping file may declare any one
// character. Properties: every record and every location stay inside the text; the
// line numbers never decrease.
#include <array>

#include "core/text.hpp"
#include "fuzz.hpp"
#include "io/csv.hpp"
#include "sources/table.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(csv) {
  if (input.empty()) return;
  const auto mode = static_cast<unsigned char>(input[0]);
  input.remove_prefix(1);
  static constexpr std::array<char, 4> kDelimiters = {',', ';', '\t', '|'};
  io::CsvOptions options;
  // Bits 0-1: a usual delimiter; bit 2: any ASCII character (the next byte) as the
  // delimiter (a mapping's delimiter is a one-byte TOML string, hence ASCII).
  options.delimiter = kDelimiters[mode & 3];
  if ((mode & 4) != 0 && !input.empty()) {
    options.delimiter = static_cast<char>(input[0] & 0x7F);
    input.remove_prefix(1);
  }
  options.encoding = (mode & 8) != 0 ? io::Encoding::latin1 : io::Encoding::utf8;
  const bool decimal_comma = (mode & 16) != 0;
  const bool as_table = (mode & 32) != 0;
  const std::string text(input);

  fuzz::expect_located("csv", [&] {
    io::CsvReader reader(text, "fuzz.csv", options);
    if (!as_table) {
      std::vector<std::string_view> fields;
      std::int64_t last_line = 0;
      while (reader.next(fields)) {
        if (reader.line() < last_line) fuzz::fail("csv", "record line numbers went backwards");
        last_line = reader.line();
        if (fields.empty()) fuzz::fail("csv", "a record without fields");
        if (reader.position() > reader.size()) fuzz::fail("csv", "position past the end");
        for (std::size_t i = 0; i < fields.size(); ++i) {
          if (text::find_invalid_utf8(fields[i]) != std::string_view::npos)
            fuzz::fail("csv", "a field that is not valid UTF-8");
          (void)text::parse_double(fields[i], decimal_comma);
          (void)reader.where(i, "f").to_string();
        }
      }
      return;
    }
    // As a table: the first record's first three names are the required columns.
    std::vector<std::string> columns;
    {
      io::CsvReader header(text, "fuzz.csv", options);
      std::vector<std::string_view> fields;
      if (header.next(fields)) {
        for (std::size_t i = 0; i < fields.size() && i < 3; ++i) columns.emplace_back(fields[i]);
      }
    }
    ProblemList problems;
    sources::read_csv_table(reader, columns, problems, [&](sources::RowView& row) {
      for (std::size_t i = 0; i < columns.size(); ++i) {
        (void)row.text(i, i == 0);
        (void)row.number(i, decimal_comma);
      }
      (void)row.blank();
    });
    problems.throw_if_any();
  });
}
