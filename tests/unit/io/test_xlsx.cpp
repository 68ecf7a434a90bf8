// Unit tests of src/io/xlsx.hpp: column letters, reading cells of every supported type,
// sheet resolution through the workbook relationships, early stop, and error locations.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "io/xlsx.hpp"
#include "support/test_support.hpp"

namespace fabscope::io {
namespace {

constexpr const char* kXmlDecl = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)";
constexpr const char* kMainNs = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main")";
constexpr const char* kRelNs = R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
constexpr const char* kWorksheetType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";

// A cell as seen by a test: type and value copied out of the callback.
struct Cell {
  CellType type = CellType::empty;
  std::string value;
  bool operator==(const Cell&) const = default;
};

struct Row {
  std::int64_t number = 0;
  std::vector<Cell> cells;
  bool operator==(const Row&) const = default;
};

void PrintTo(const Cell& c, std::ostream* os) { *os << "{" << static_cast<int>(c.type) << ",\"" << c.value << "\"}"; }
void PrintTo(const Row& r, std::ostream* os) {
  *os << "row " << r.number << ":";
  for (const auto& c : r.cells) {
    *os << " ";
    PrintTo(c, os);
  }
}

std::vector<Row> read_sheet(const XlsxWorkbook& book, const std::string& sheet) {
  std::vector<Row> out;
  book.for_each_row(sheet, [&](const XlsxRow& row) {
    Row r{row.number, {}};
    for (const auto& c : row.cells) r.cells.push_back({c.type, std::string(c.value)});
    out.push_back(std::move(r));
    return true;
  });
  return out;
}

Cell text(std::string v) { return {CellType::text, std::move(v)}; }
Cell number(std::string v) { return {CellType::number, std::move(v)}; }
Cell boolean(std::string v) { return {CellType::boolean, std::move(v)}; }
Cell empty() { return {}; }

std::string worksheet(const std::string& rows) {
  return std::string(kXmlDecl) + "<worksheet " + kMainNs + "><sheetData>" + rows + "</sheetData></worksheet>";
}

// The main test workbook: sheet "Data" exercises every cell type, "Notes" is a second sheet.
const std::vector<std::string> kShared = {"CODGEO", "Libell\xC3\xA9", "\xC3\x89vry-Courcouronnes", "unused"};

const std::string kDataRows =
    // Header: shared strings, an inline string and a formula string.
    R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
    R"(<c r="C1" t="inlineStr"><is><t>Population</t></is></c><c r="D1" t="str"><f>1+1</f><v>calc</v></c></row>)"
    // B2 is missing: a gap.
    R"(<row r="2"><c r="A2" t="inlineStr"><is><t>91228</t></is></c><c r="C2"><v>66700.5</v></c>)"
    R"(<c r="D2" t="b"><v>1</v></c></row>)"
    // No r attributes at all: row 3, columns A, B, C in order.
    R"(<row><c t="s"><v>2</v></c><c t="n"><v>-1.5E-3</v></c><c t="b"><v>0</v></c></row>)"
    // Row 5 (4 is absent); D5 is explicit, the next cell without r follows it (E5).
    R"(<row r="5"><c r="D5"><v>42</v></c><c t="e"><v>#N/A</v></c></row>)"
    // A row without r after row 5 is row 6; a row without cells is not reported.
    R"(<row><c r="B6"><v>7</v></c></row><row r="7"/>)"
    // A cell without a value is empty.
    R"(<row r="8"><c r="A8" s="1"/><c r="B8"><v>8</v></c></row>)";

const std::string kNotesRows = R"(<row r="1"><c r="A1" t="s"><v>3</v></c></row>)";

std::string main_book() { return test::xlsx_bytes({{"Data", kDataRows}, {"Notes", kNotesRows}}, kShared); }

// ---------------------------------------------------------------------------------------
// Column letters

TEST(XlsxTest, ColumnIndexFromLetters) {
  EXPECT_EQ(column_index("A"), 0U);
  EXPECT_EQ(column_index("B"), 1U);
  EXPECT_EQ(column_index("Z"), 25U);
  EXPECT_EQ(column_index("AA"), 26U);
  EXPECT_EQ(column_index("AB"), 27U);
  EXPECT_EQ(column_index("AZ"), 51U);
  EXPECT_EQ(column_index("BA"), 52U);
  EXPECT_EQ(column_index("ZZ"), 701U);
  EXPECT_EQ(column_index("AAA"), 702U);
  EXPECT_EQ(column_index("XFD"), 16383U);  // last column of Excel
}

TEST(XlsxTest, ColumnIndexIgnoresTheRowNumber) {
  EXPECT_EQ(column_index("B7"), 1U);
  EXPECT_EQ(column_index("AA10"), 26U);
  EXPECT_EQ(column_index("BA1048576"), 52U);
}

TEST(XlsxTest, ColumnLettersFromIndex) {
  EXPECT_EQ(column_letters(0), "A");
  EXPECT_EQ(column_letters(1), "B");
  EXPECT_EQ(column_letters(25), "Z");
  EXPECT_EQ(column_letters(26), "AA");
  EXPECT_EQ(column_letters(27), "AB");
  EXPECT_EQ(column_letters(51), "AZ");
  EXPECT_EQ(column_letters(52), "BA");
  EXPECT_EQ(column_letters(701), "ZZ");
  EXPECT_EQ(column_letters(702), "AAA");
  EXPECT_EQ(column_letters(16383), "XFD");
}

TEST(XlsxTest, ColumnLettersAndIndexRoundTrip) {
  for (std::size_t i = 0; i < kMaxColumns; ++i) {
    ASSERT_EQ(column_index(column_letters(i)), i) << column_letters(i);
  }
  EXPECT_EQ(column_letters(kMaxColumns - 1), "XFD");
  // Beyond XFD, and references long enough to overflow: out of range, never wrapped.
  EXPECT_EQ(column_index("XFE"), kMaxColumns);
  EXPECT_EQ(column_index("ZZZZZZZZZZZZZZZZZZZZ"), kMaxColumns);
}

TEST(XlsxTest, ACellBeyondTheLastColumnIsALocatedError) {
  // Found by fuzzing (fuzz/regressions/xlsx/column_beyond_xfd): rows are stored densely,
  // and this reference made the reader allocate 7 GB.
  const auto book = XlsxWorkbook::open_bytes(
      test::xlsx_bytes({{"S", R"(<row r="1"><c r="ZZZZZZZ1"><v>1</v></c></row>)"}}, {}), "big.xlsx");
  try {
    book.for_each_row("S", [](const XlsxRow&) { return true; });
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    EXPECT_EQ(e.problems().at(0).where.to_string(), "big.xlsx!S:1 (cell ZZZZZZZ1)");
  }
}

// ---------------------------------------------------------------------------------------
// Reading cells

TEST(XlsxTest, SheetNamesInWorkbookOrder) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"Data", "Notes"}));
  EXPECT_EQ(book.label(), "book.xlsx");
}

TEST(XlsxTest, ReadsEveryCellType) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  const auto rows = read_sheet(book, "Data");
  const std::vector<Row> expected = {
      {1, {text("CODGEO"), text("Libell\xC3\xA9"), text("Population"), text("calc")}},
      {2, {text("91228"), empty(), number("66700.5"), boolean("1")}},
      {3, {text("\xC3\x89vry-Courcouronnes"), number("-1.5E-3"), boolean("0")}},
      {5, {empty(), empty(), empty(), number("42"), {CellType::error, "#N/A"}}},
      {6, {empty(), number("7")}},
      {8, {empty(), number("8")}},
  };
  EXPECT_EQ(rows, expected);
}

TEST(XlsxTest, RowAtReturnsEmptyCellPastTheEnd) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  int seen = 0;
  book.for_each_row("Data", [&](const XlsxRow& row) {
    if (row.number == 2) {
      ++seen;
      EXPECT_EQ(row.at(0).type, CellType::text);
      EXPECT_EQ(row.at(0).value, "91228");
      EXPECT_EQ(row.at(1).type, CellType::empty);  // the gap
      EXPECT_EQ(row.at(1).value, "");
      EXPECT_EQ(row.at(2).value, "66700.5");
      EXPECT_EQ(row.at(99).type, CellType::empty);
      EXPECT_EQ(row.at(99).value, "");
    }
    return true;
  });
  EXPECT_EQ(seen, 1);
}

TEST(XlsxTest, SecondSheetUsesSharedStrings) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  EXPECT_EQ(read_sheet(book, "Notes"), (std::vector<Row>{{1, {text("unused")}}}));
}

TEST(XlsxTest, OpenFileUsesTheFileNameAsLabel) {
  test::TempDir dir;
  const auto path = dir / "communes.xlsx";
  test::write_xlsx(path, {{"COM", R"(<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>)"}});
  const auto book = XlsxWorkbook::open_file(path);
  EXPECT_EQ(book.label(), "communes.xlsx");
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"COM"}));
  EXPECT_EQ(read_sheet(book, "COM"), (std::vector<Row>{{1, {text("x")}}}));
}

TEST(XlsxTest, OpenFileOnMissingPathIsMissingData) {
  test::TempDir dir;
  try {
    (void)XlsxWorkbook::open_file(dir / "absent.xlsx");
    FAIL() << "no error";
  } catch (const InputError&) {
    FAIL() << "expected a missing-data Error, not an InputError";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::missing_data);
    EXPECT_NE(std::string(e.what()).find("absent.xlsx"), std::string::npos) << e.what();
  }
}

TEST(XlsxTest, RichTextSharedStringIsConcatenated) {
  std::map<std::string, std::string> e;
  e["[Content_Types].xml"] = std::string(kXmlDecl) + "<Types/>";
  e["xl/workbook.xml"] = std::string(kXmlDecl) + "<workbook " + kMainNs + " " + kRelNs +
                         R"(><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)";
  e["xl/_rels/workbook.xml.rels"] =
      std::string(kXmlDecl) +
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
      R"(<Relationship Id="rId1" Type=")" + kWorksheetType + R"(" Target="worksheets/sheet1.xml"/></Relationships>)";
  e["xl/sharedStrings.xml"] =
      std::string(kXmlDecl) + "<sst " + kMainNs + R"( count="3" uniqueCount="3">)" +
      "<si><r><t>a</t></r><r><t>b</t></r></si>" +
      R"(<si><r><rPr><b/><sz val="11"/></rPr><t xml:space="preserve">Taux de </t></r><r><rPr><i/></rPr><t>ch&#244;mage</t></r></si>)" +
      "<si><t>plain &amp; simple</t></si>" + "</sst>";
  e["xl/worksheets/sheet1.xml"] = worksheet(
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>)");
  test::TempDir dir;
  test::write_zip(dir / "rich.xlsx", e);
  const auto book = XlsxWorkbook::open_file(dir / "rich.xlsx");
  EXPECT_EQ(read_sheet(book, "S"),
            (std::vector<Row>{{1, {text("ab"), text("Taux de ch\xC3\xB4mage"), text("plain & simple")}}}));
}

TEST(XlsxTest, RichTextInlineStringIsConcatenated) {
  // Regression test for a fixed bug (src/io/xlsx.cpp, XlsxWorkbook::for_each_row): an inline string is read as
  // <is><t> only; an inline string made of rich-text runs (<is><r><t>a</t></r><r><t>b</t>
  // </r></is>, the same CT_Rst type as a shared string item, which item_text() handles)
  // comes back as an empty text cell instead of "ab".
  const auto bytes = test::xlsx_bytes(
      {{"S",
        R"(<row r="1"><c r="A1" t="inlineStr"><is><r><t>a</t></r><r><rPr><b/></rPr><t>b</t></r></is></c></row>)"}});
  const auto book = XlsxWorkbook::open_bytes(bytes, "inline.xlsx");
  EXPECT_EQ(read_sheet(book, "S"), (std::vector<Row>{{1, {text("ab")}}}));
}

TEST(XlsxTest, SheetsResolvedThroughRelationshipsNotFileOrder) {
  // Workbook order: Résumé, Data, Annexe. Their parts are sheet3, sheet1 and (absolute
  // target) sheet2; the relationships are listed in yet another order.
  std::map<std::string, std::string> e;
  e["xl/workbook.xml"] = std::string(kXmlDecl) + "<workbook " + kMainNs + " " + kRelNs + "><sheets>" +
                         R"(<sheet name="R&#233;sum&#233;" sheetId="3" r:id="rId5"/>)" +
                         R"(<sheet name="Data" sheetId="1" r:id="rId2"/>)" +
                         R"(<sheet name="Annexe" sheetId="2" r:id="rId9"/>)" + "</sheets></workbook>";
  e["xl/_rels/workbook.xml.rels"] =
      std::string(kXmlDecl) +
      R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)" +
      R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)" +
      R"(<Relationship Id="rId2" Type=")" + kWorksheetType + R"(" Target="worksheets/sheet1.xml"/>)" +
      R"(<Relationship Id="rId9" Type=")" + kWorksheetType + R"(" Target="/xl/worksheets/sheet2.xml"/>)" +
      R"(<Relationship Id="rId5" Type=")" + kWorksheetType + R"(" Target="worksheets/sheet3.xml"/>)" +
      "</Relationships>";
  auto one_cell = [](const std::string& s) {
    return worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + s + "</t></is></c></row>");
  };
  e["xl/worksheets/sheet1.xml"] = one_cell("from sheet1.xml");
  e["xl/worksheets/sheet2.xml"] = one_cell("from sheet2.xml");
  e["xl/worksheets/sheet3.xml"] = one_cell("from sheet3.xml");
  const auto book = XlsxWorkbook::open_bytes(test::zip_bytes(e), "order.xlsx");
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"R\xC3\xA9sum\xC3\xA9", "Data", "Annexe"}));
  EXPECT_EQ(read_sheet(book, "R\xC3\xA9sum\xC3\xA9"), (std::vector<Row>{{1, {text("from sheet3.xml")}}}));
  EXPECT_EQ(read_sheet(book, "Data"), (std::vector<Row>{{1, {text("from sheet1.xml")}}}));
  EXPECT_EQ(read_sheet(book, "Annexe"), (std::vector<Row>{{1, {text("from sheet2.xml")}}}));
}

TEST(XlsxTest, ForEachRowStopsWhenCallbackReturnsFalse) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  std::vector<std::int64_t> seen;
  book.for_each_row("Data", [&](const XlsxRow& row) {
    seen.push_back(row.number);
    return row.number < 3;  // stop after row 3
  });
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3}));

  seen.clear();
  book.for_each_row("Data", [&](const XlsxRow& row) {
    seen.push_back(row.number);
    return false;
  });
  EXPECT_EQ(seen, (std::vector<std::int64_t>{1}));
}

TEST(XlsxTest, ForEachRowCanBeCalledRepeatedly) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  const auto first = read_sheet(book, "Data");
  const auto second = read_sheet(book, "Data");
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size(), 6U);
}

// ---------------------------------------------------------------------------------------
// Locations and errors

TEST(XlsxTest, WhereNamesBookSheetRowAndCell) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  const Location loc = book.where("Sheet", 7, 1);
  EXPECT_EQ(loc.file, "book.xlsx!Sheet");
  EXPECT_EQ(loc.line, 7);
  EXPECT_EQ(loc.column, 2);
  EXPECT_EQ(loc.field, "cell B7");
  EXPECT_EQ(loc.to_string(), "book.xlsx!Sheet:7:2 (cell B7)");

  const Location named = book.where("Data", 12, 27, "P21_POP");
  EXPECT_EQ(named.file, "book.xlsx!Data");
  EXPECT_EQ(named.line, 12);
  EXPECT_EQ(named.column, 28);
  EXPECT_EQ(named.field, "cell AB12, P21_POP");
}

TEST(XlsxTest, UnknownSheetListsTheSheets) {
  const auto book = XlsxWorkbook::open_bytes(main_book(), "book.xlsx");
  const auto e = test::expect_input_error([&] { book.for_each_row("Missing", [](const XlsxRow&) { return true; }); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "book.xlsx");
  EXPECT_EQ(e.problems()[0].message, "no sheet named 'Missing' (sheets: Data, Notes)");
  EXPECT_EQ(std::string(e.what()), "book.xlsx: no sheet named 'Missing' (sheets: Data, Notes)");
}

TEST(XlsxTest, SharedStringIndexOutOfRangeNamesTheCell) {
  const auto bytes = test::xlsx_bytes(
      {{"S", R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="4"><c r="C4" t="s"><v>5</v></c></row>)"}},
      {"only"});
  const auto book = XlsxWorkbook::open_bytes(bytes, "book.xlsx");
  const auto e = test::expect_input_error([&] { (void)read_sheet(book, "S"); });
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "book.xlsx!S");
  EXPECT_EQ(p.where.line, 4);
  EXPECT_EQ(p.where.column, 3);
  EXPECT_EQ(p.where.field, "cell C4");
  EXPECT_EQ(p.message, "shared string index 5 out of range");
}

TEST(XlsxTest, UnusualFormPartwayReadsEveryRowOnce) {
  // The fast scanner reads rows 1-2, then gives up on row 3 (a phonetic run <rPh> inside
  // an inline string, and a row number written as an attribute it does not expect); the
  // full parser takes over from row 3: every row once, in order, numbers continuing.
  const std::string rows =
      R"(<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row>)"
      R"(<row><c r="A2"><v>2</v></c></row>)"
      R"(<row><c r="A3" t="inlineStr"><is><t>b</t><rPh sb="0" eb="1"><t>x</t></rPh></is></c></row>)"
      R"(<row><c r="A4"><v>4</v></c></row>)"
      R"(<row r="9"><c r="B9" t="inlineStr"><is><t>c</t></is></c></row>)";
  const auto book = XlsxWorkbook::open_bytes(test::xlsx_bytes({{"S", rows}}), "mixed.xlsx");
  const std::vector<Row> expected = {
      {1, {text("a")}}, {2, {number("2")}}, {3, {text("b")}}, {4, {number("4")}}, {9, {empty(), text("c")}}};
  EXPECT_EQ(read_sheet(book, "S"), expected);
}

TEST(XlsxTest, MalformedSheetXmlHasLineAndColumn) {
  // Line 1: declaration, <worksheet> and <sheetData>; line 2: row 1; line 3: row 2 whose
  // end tag is misspelt. "</rox>" starts at column 34, its name at column 36.
  const std::string rows =
      "\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
      "<row r=\"2\"><c r=\"A2\"><v>2</v></c></rox>\n";
  const auto book = XlsxWorkbook::open_bytes(test::xlsx_bytes({{"S", rows}}), "bad.xlsx");
  const auto e = test::expect_input_error([&] { (void)read_sheet(book, "S"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  const auto& p = e.problems()[0];
  EXPECT_EQ(p.where.file, "bad.xlsx!xl/worksheets/sheet1.xml");
  EXPECT_EQ(p.where.line, 3);
  EXPECT_EQ(p.where.column, 36);
  EXPECT_EQ(p.message.rfind("malformed XML: ", 0), 0U) << p.message;
}

TEST(XlsxTest, MalformedSheetXmlLineCountsNewlineAfterElementName) {
  // Regression test for a fixed bug (src/io/xlsx.cpp, parse_part): the line/column of a syntax error are computed on
  // the buffer that pugixml has already modified in place (load_buffer_inplace writes a
  // NUL over the character that ends an element name, and turns newlines inside
  // attribute values into spaces), so a newline right after "<row" is no longer counted.
  // Here the misspelt end tag is on line 4, its name at column 31; the reader reports
  // line 3, column 36 (counted from the start of line 3). Fix: compute the position on
  // an unmodified copy of the text (or parse with load_buffer, which copies).
  const std::string rows =
      "\n<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n"
      "<row\n"
      "r=\"2\"><c r=\"A2\"><v>2</v></c></rox>\n";
  const auto book = XlsxWorkbook::open_bytes(test::xlsx_bytes({{"S", rows}}), "bad.xlsx");
  const auto e = test::expect_input_error([&] { (void)read_sheet(book, "S"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "bad.xlsx!xl/worksheets/sheet1.xml");
  EXPECT_EQ(e.problems()[0].where.line, 4);     // actual (buggy): 3
  EXPECT_EQ(e.problems()[0].where.column, 31);  // actual (buggy): 36
}

TEST(XlsxTest, MalformedWorkbookXmlIsReportedWhenOpening) {
  auto e = std::map<std::string, std::string>{
      {"xl/workbook.xml", "<workbook>\n<sheets>\n<sheet name=\"S\" r:id=\"rId1\">\n</workbook>"},
      {"xl/_rels/workbook.xml.rels", "<Relationships/>"}};
  const auto err = test::expect_input_error([&] { (void)XlsxWorkbook::open_bytes(test::zip_bytes(e), "wb.xlsx"); });
  ASSERT_EQ(err.problems().size(), 1U);
  EXPECT_EQ(err.problems()[0].where.file, "wb.xlsx!xl/workbook.xml");
  EXPECT_EQ(err.problems()[0].where.line, 4);
  EXPECT_EQ(err.problems()[0].where.column, 3);
}

TEST(XlsxTest, NotAZipIsAnInputError) {
  const auto e = test::expect_input_error(
      [] { (void)XlsxWorkbook::open_bytes("CODGEO;LIBGEO\n01001;L'Abergement\n", "fake.xlsx"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "fake.xlsx");
  EXPECT_EQ(e.problems()[0].message.rfind("not a valid ZIP archive", 0), 0U) << e.problems()[0].message;
}

TEST(XlsxTest, NotAZipFileOnDisk) {
  test::TempDir dir;
  test::write_file(dir / "table.xlsx", std::string(3000, 'x'));
  const auto e = test::expect_input_error([&] { (void)XlsxWorkbook::open_file(dir / "table.xlsx"); });
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "table.xlsx");
}

TEST(XlsxTest, ZipWithoutWorkbookIsAnInputError) {
  const auto bytes = test::zip_bytes({{"data.csv", "a,b\n1,2\n"}, {"xl/styles.xml", "<styleSheet/>"}});
  const auto e = test::expect_input_error([&] { (void)XlsxWorkbook::open_bytes(bytes, "archive.xlsx"); });
  EXPECT_EQ(e.code(), ExitCode::bad_input);
  ASSERT_EQ(e.problems().size(), 1U);
  EXPECT_EQ(e.problems()[0].where.file, "archive.xlsx");
  EXPECT_EQ(e.problems()[0].where.line, 0);
  EXPECT_EQ(e.problems()[0].message, "not an XLSX workbook (no xl/workbook.xml in the archive)");
}

}  // namespace
}  // namespace fabscope::io

// ---- writing: a round trip through our own reader -----------------------------------------
#include <cmath>

#include "core/text.hpp"
#include "io/xlsx_writer.hpp"

namespace fabscope::io {
namespace {

TEST(XlsxWriterTest, RoundTripsTextNumbersAndMissing) {
  test::TempDir dir;
  const auto path = dir / "out.xlsx";
  XlsxSheet ranking;
  ranking.name = "Classement";
  ranking.header = {"rang", "nom", "score"};
  ranking.rows.push_back({XlsxValue{1.0}, XlsxValue{std::string("LabFab UR1")}, XlsxValue{0.7701234567890123}});
  ranking.rows.push_back({XlsxValue{2.0}, XlsxValue{std::string("Fablab d'Évry")}, XlsxValue{std::nan("")}});
  ranking.rows.push_back({XlsxValue{}, XlsxValue{std::string("x")}, XlsxValue{-3.5}});
  XlsxSheet sources;
  sources.name = "Sources";
  sources.header = {"id"};
  sources.rows.push_back({XlsxValue{std::string("insee_comparateur_2022")}});
  write_xlsx(path, {ranking, sources});
  EXPECT_FALSE(std::filesystem::exists(dir / "out.xlsx.tmp.xlsx"));
  const auto book = XlsxWorkbook::open_file(path);
  EXPECT_EQ(book.sheet_names(), (std::vector<std::string>{"Classement", "Sources"}));
  std::vector<std::vector<std::pair<CellType, std::string>>> rows;
  book.for_each_row("Classement", [&](const XlsxRow& r) {
    std::vector<std::pair<CellType, std::string>> cells;
    for (std::size_t c = 0; c < 3; ++c) cells.emplace_back(r.at(c).type, std::string(r.at(c).value));
    rows.push_back(cells);
    return true;
  });
  ASSERT_EQ(rows.size(), 4U);
  EXPECT_EQ(rows[0][1].second, "nom");
  EXPECT_EQ(rows[1][1].second, "LabFab UR1");
  EXPECT_EQ(rows[1][2].first, CellType::number);
  EXPECT_DOUBLE_EQ(*text::parse_double(rows[1][2].second), 0.7701234567890123);
  EXPECT_EQ(rows[2][1].second, "Fablab d'Évry");
  EXPECT_EQ(rows[2][2].first, CellType::empty);  // NaN is written as an empty cell
  EXPECT_EQ(rows[3][0].first, CellType::empty);
  EXPECT_DOUBLE_EQ(*text::parse_double(rows[3][2].second), -3.5);
}

}  // namespace
}  // namespace fabscope::io
