// Unit tests of src/io/csv.hpp: CsvReader (separators, quoting, line ends, BOM, blank
// lines, encodings, error locations) and require_columns.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "io/csv.hpp"
#include "support/test_support.hpp"

namespace fabscope::io {
namespace {

using Rows = std::vector<std::vector<std::string>>;

struct ReadResult {
  Rows rows;
  std::vector<std::int64_t> lines;  // CsvReader::line() after each record
};

ReadResult read_all(std::string text, CsvOptions options = {}, std::string label = "test.csv") {
  CsvReader reader(std::move(text), std::move(label), options);
  ReadResult out;
  std::vector<std::string_view> fields;
  while (reader.next(fields)) {
    out.rows.emplace_back(fields.begin(), fields.end());
    out.lines.push_back(reader.line());
  }
  // Once exhausted, the reader stays at the end.
  EXPECT_FALSE(reader.next(fields));
  EXPECT_TRUE(fields.empty());
  return out;
}

// ---------------------------------------------------------------------------------------
// Separators and fields

TEST(CsvReaderTest, CommaSeparatedRecords) {
  const auto r = read_all("code,nom,pop\n91228,Evry,66700\n75056,Paris,2133111\n");
  EXPECT_EQ(r.rows, (Rows{{"code", "nom", "pop"}, {"91228", "Evry", "66700"}, {"75056", "Paris", "2133111"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, SemicolonSeparatedRecords) {
  const auto r = read_all("CODGEO;LIBGEO;P21_POP\n01001;L'Abergement;832\n01002;A,B;1,5\n", {';', Encoding::utf8});
  // With ';' as separator, commas are ordinary characters.
  EXPECT_EQ(r.rows, (Rows{{"CODGEO", "LIBGEO", "P21_POP"}, {"01001", "L'Abergement", "832"}, {"01002", "A,B", "1,5"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, SemicolonIsAnOrdinaryCharacterWithCommaSeparator) {
  const auto r = read_all("a;b,c\n");
  EXPECT_EQ(r.rows, (Rows{{"a;b", "c"}}));
}

TEST(CsvReaderTest, EmptyFields) {
  const auto r = read_all("a,b,c\n,,\nx,,z\n,y,\n1,2,\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b", "c"}, {"", "", ""}, {"x", "", "z"}, {"", "y", ""}, {"1", "2", ""}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
}

TEST(CsvReaderTest, TrailingSeparatorAtEndOfInputGivesEmptyLastField) {
  const auto r = read_all("a,b\n1,");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", ""}}));
}

TEST(CsvReaderTest, SpacesAreKept) {
  const auto r = read_all(" a , b \n");
  EXPECT_EQ(r.rows, (Rows{{" a ", " b "}}));
}

// ---------------------------------------------------------------------------------------
// Quoting

TEST(CsvReaderTest, QuotedFieldsWithDoubledQuotesAndSeparators) {
  const auto r = read_all("name,comment\n\"Dupont, Jean\",\"il a dit \"\"bonjour\"\"\"\n\"\",\"\"\"\"\n");
  EXPECT_EQ(r.rows, (Rows{{"name", "comment"}, {"Dupont, Jean", "il a dit \"bonjour\""}, {"", "\""}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, QuotedFieldWithSemicolonSeparator) {
  const auto r = read_all("a;b\n\"x;y\";\"2,5\"\n", {';', Encoding::utf8});
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"x;y", "2,5"}}));
}

TEST(CsvReaderTest, QuotedFieldWithEmbeddedNewlinesAdvancesLineNumbers) {
  const std::string text =
      "id,text\n"              // line 1
      "1,\"first\nsecond\"\n"  // lines 2-3
      "2,plain\n"              // line 4
      "3,\"a\n\nb\nc\"\n"      // lines 5-8
      "4,end\n";               // line 9
  const auto r = read_all(text);
  EXPECT_EQ(r.rows, (Rows{{"id", "text"}, {"1", "first\nsecond"}, {"2", "plain"}, {"3", "a\n\nb\nc"}, {"4", "end"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 4, 5, 9}));
}

TEST(CsvReaderTest, QuotedFieldKeepsEmbeddedCrLf) {
  const auto r = read_all("a,b\r\n\"x\r\ny\",z\r\nlast,row\r\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"x\r\ny", "z"}, {"last", "row"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 4}));
}

TEST(CsvReaderTest, QuotedFieldsStayValidUntilNextCall) {
  CsvReader reader("\"a\"\"1\",\"b\"\"2\",\"c\"\"3\",plain\n", "q.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  ASSERT_EQ(fields.size(), 4U);
  EXPECT_EQ(fields[0], "a\"1");
  EXPECT_EQ(fields[1], "b\"2");
  EXPECT_EQ(fields[2], "c\"3");
  EXPECT_EQ(fields[3], "plain");
}

// ---------------------------------------------------------------------------------------
// Line ends, BOM, blank lines

TEST(CsvReaderTest, CrLfLineEnds) {
  const auto r = read_all("a,b\r\n1,2\r\n3,\r\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", ""}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, NoTrailingNewline) {
  const auto r = read_all("a,b\n1,2");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2}));
  const auto q = read_all("a,b\r\n\"1\",\"2\"");
  EXPECT_EQ(q.rows, (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReaderTest, Utf8BomIsSkipped) {
  const auto r = read_all(
      "\xEF\xBB\xBF"
      "code;nom\n1;\xC3\x89vry\n",
      {';', Encoding::utf8});
  EXPECT_EQ(r.rows, (Rows{{"code", "nom"}, {"1", "\xC3\x89vry"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2}));
}

TEST(CsvReaderTest, BomFollowedByQuotedHeader) {
  const auto r = read_all("\xEF\xBB\xBF\"code\",\"nom\"\r\n");
  EXPECT_EQ(r.rows, (Rows{{"code", "nom"}}));
}

TEST(CsvReaderTest, BlankLinesAreSkippedButCounted) {
  const auto r = read_all("\n\na,b\n\n\n1,2\r\n\r\n3,4\n\n");
  EXPECT_EQ(r.rows, (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{3, 6, 8}));
}

TEST(CsvReaderTest, EmptyAndBlankInputsHaveNoRecords) {
  EXPECT_TRUE(read_all("").rows.empty());
  EXPECT_TRUE(read_all("\n\r\n\n").rows.empty());
  EXPECT_TRUE(read_all("\xEF\xBB\xBF").rows.empty());
}

TEST(CsvReaderTest, PositionAndSizeTrackProgress) {
  CsvReader reader("a,b\n1,2\n", "p.csv");
  EXPECT_EQ(reader.size(), 8U);
  EXPECT_EQ(reader.position(), 0U);
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.position(), 4U);
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.position(), 8U);
  EXPECT_FALSE(reader.next(fields));
}

TEST(CsvReaderTest, WhereNamesLabelLineAndField) {
  CsvReader reader("a;b\n\n1;x\n", "archive.zip!data.csv", {';', Encoding::utf8});
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  ASSERT_TRUE(reader.next(fields));
  EXPECT_EQ(reader.label(), "archive.zip!data.csv");
  const Location loc = reader.where(1, "b");
  EXPECT_EQ(loc.file, "archive.zip!data.csv");
  EXPECT_EQ(loc.line, 3);
  EXPECT_EQ(loc.column, 2);
  EXPECT_EQ(loc.field, "b");
  EXPECT_EQ(loc.to_string(), "archive.zip!data.csv:3:2 (b)");
}

// ---------------------------------------------------------------------------------------
// Encodings

TEST(CsvReaderTest, Latin1IsConvertedToUtf8) {
  const auto r = read_all("code;nom\n91228;\xC9vry-Courcouronnes\n42218;Saint-\xC9tienne\n", {';', Encoding::latin1});
  EXPECT_EQ(r.rows, (Rows{{"code", "nom"}, {"91228", "\xC3\x89vry-Courcouronnes"}, {"42218", "Saint-\xC3\x89tienne"}}));
}

TEST(CsvReaderTest, Latin1SmallEIsConverted) {
  const auto r = read_all("a,b\n1,2\nx,\xE9t\xE9\n", {',', Encoding::latin1});
  ASSERT_EQ(r.rows.size(), 3U);
  EXPECT_EQ(r.rows[2], (std::vector<std::string>{"x", "\xC3\xA9t\xC3\xA9"}));
  EXPECT_EQ(r.lines, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CsvReaderTest, InvalidUtf8IsReportedWithLineAndByteColumn) {
  // A Latin-1 'é' (0xE9) on line 3, after "x," (byte column 3).
  const auto e = test::expect_input_error([] { CsvReader reader("a,b\n1,2\nx,\xE9t\xE9\n", "communes.csv"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "communes.csv");
  EXPECT_EQ(p.where.line, 3);
  EXPECT_EQ(p.where.column, 3);
  EXPECT_NE(p.message.find("UTF-8"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("0xE9"), std::string::npos) << p.message;
  EXPECT_NE(p.message.find("byte column 3"), std::string::npos) << p.message;
  EXPECT_EQ(std::string(e.what()).rfind("communes.csv:3:3: ", 0), 0U) << e.what();
}

TEST(CsvReaderTest, InvalidUtf8ColumnCountsBytesOfEarlierMultibyteCharacters) {
  // "é" is 2 bytes, so the bad byte after "éé;" is at byte column 6 of line 2.
  const auto e = test::expect_input_error([] {
    CsvReader reader("h1;h2\n\xC3\xA9\xC3\xA9;\xFF\n", "x.csv", {';', Encoding::utf8});
  });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.line, 2);
  EXPECT_EQ(e.problems()[0].where.column, 6);
  EXPECT_NE(e.problems()[0].message.find("0xFF"), std::string::npos);
}

TEST(CsvReaderTest, InvalidUtf8AtVeryStart) {
  const auto e = test::expect_input_error([] { CsvReader reader("\xE9t\xE9,b\n", "start.csv"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "start.csv");
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_EQ(e.problems()[0].where.column, 1);
}

TEST(CsvReaderTest, InvalidUtf8AtStartOfLine) {
  const auto e = test::expect_input_error([] { CsvReader reader("a\nb\n\x80x\n", "s.csv"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.line, 3);
  EXPECT_EQ(e.problems()[0].where.column, 1);
}

// ---------------------------------------------------------------------------------------
// Syntax errors

TEST(CsvReaderTest, UnterminatedQuoteIsAnInputError) {
  CsvReader reader("a,b\n1,\"open\n2,3\n", "data.zip!table.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  const auto e = test::expect_input_error([&] { reader.next(fields); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "data.zip!table.csv");
  EXPECT_EQ(p.where.line, 2);    // where the quote was opened
  EXPECT_EQ(p.where.column, 2);  // second field
  EXPECT_EQ(p.message, "unterminated quoted field (opened at byte 6)");
  EXPECT_EQ(std::string(e.what()), "data.zip!table.csv:2:2: unterminated quoted field (opened at byte 6)");
}

TEST(CsvReaderTest, UnterminatedQuoteInFirstField) {
  CsvReader reader("\"abc", "u.csv");
  std::vector<std::string_view> fields;
  const auto e = test::expect_input_error([&] { reader.next(fields); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.line, 1);
  EXPECT_EQ(e.problems()[0].where.column, 1);
}

TEST(CsvReaderTest, CharacterAfterClosingQuoteIsAnInputError) {
  CsvReader reader("a,b,c\n1,\"x\"y,3\n", "c.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(reader.next(fields));
  const auto e = test::expect_input_error([&] { reader.next(fields); });
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "c.csv");
  EXPECT_EQ(p.where.line, 2);
  EXPECT_EQ(p.where.column, 2);
  EXPECT_EQ(p.message, "unexpected character after a closing quote");
}

// ---------------------------------------------------------------------------------------
// require_columns

TEST(CsvReaderTest, RequireColumnsReturnsIndices) {
  const std::vector<std::string_view> header{"CODGEO", "LIBGEO", "P21_POP", "SUPERF"};
  const auto idx = require_columns(header, {"SUPERF", "CODGEO", "P21_POP"}, {"f.csv", 1, 0, "header"});
  EXPECT_EQ(idx, (std::vector<std::size_t>{3, 0, 2}));
  EXPECT_TRUE(require_columns(header, {}, {}).empty());
}

TEST(CsvReaderTest, RequireColumnsWithHeaderReadFromCsv) {
  CsvReader reader("\xEF\xBB\xBF\"id\";\"name\";\"value\"\r\n", "h.csv", {';', Encoding::utf8});
  std::vector<std::string_view> header;
  ASSERT_TRUE(reader.next(header));
  const auto idx = require_columns(header, {"value", "id"}, {reader.label(), reader.line(), 0, "header"});
  EXPECT_EQ(idx, (std::vector<std::size_t>{2, 0}));
}

TEST(CsvReaderTest, RequireColumnsReportsMissingColumns) {
  const std::vector<std::string_view> header{"CODGEO", "LIBGEO"};
  const Location where{"base.zip!base.CSV", 1, 0, "header"};
  const auto e = test::expect_input_error([&] {
    (void)require_columns(header, {"CODGEO", "P21_POP", "SUPERF"}, where);
  });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "base.zip!base.CSV");
  EXPECT_EQ(p.where.line, 1);
  EXPECT_EQ(p.where.column, 0);
  EXPECT_EQ(p.where.field, "header");
  EXPECT_EQ(p.message, "wrong header: missing column(s) P21_POP, SUPERF; found CODGEO, LIBGEO");
  EXPECT_EQ(std::string(e.what()),
            "base.zip!base.CSV:1 (header): wrong header: missing column(s) P21_POP, SUPERF; found CODGEO, LIBGEO");
}

TEST(CsvReaderTest, RequireColumnsIsCaseSensitive) {
  const std::vector<std::string_view> header{"codgeo"};
  const auto e = test::expect_input_error([&] { (void)require_columns(header, {"CODGEO"}, {"f.csv", 1, 0, {}}); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].message, "wrong header: missing column(s) CODGEO; found codgeo");
}

TEST(CsvReaderTest, ReadsFileWrittenToDisk) {
  test::TempDir dir;
  const auto path = dir / "t.csv";
  test::write_file(path, "k;v\r\n\"a\";1\r\n");
  const auto r = read_all(test::read_file(path), {';', Encoding::utf8}, "t.csv");
  EXPECT_EQ(r.rows, (Rows{{"k", "v"}, {"a", "1"}}));
}

}  // namespace
}  // namespace fabscope::io
