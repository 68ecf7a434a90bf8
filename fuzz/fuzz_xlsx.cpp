// XLSX reader (src/io/xlsx.cpp): the workbook, its relationships, the shared strings and
// a sheet, through both the fast sheet scanner and the full XML parser it falls back to.
// Input: up to four parts separated by NUL bytes, in this order: xl/worksheets/sheet1.xml,
// xl/sharedStrings.xml, xl/workbook.xml, xl/_rels/workbook.xml.rels; an absent part gets a
// valid default (so an input without NUL is a sheet). The harness stores them in a ZIP
// (entries stored, so the fuzzer mutates the XML itself, not deflate data). The reader
// itself is then run over the table reader (src/sources/table.cpp) as the importers do.
#include "fuzz.hpp"
#include "io/xlsx.hpp"
#include "sources/table.hpp"

using namespace fabscope;

namespace {
constexpr const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>)";
constexpr const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>)";
}  // namespace

FABSCOPE_FUZZ_TARGET(xlsx) {
  auto parts = fuzz::split_parts(input, 4);
  std::vector<std::pair<std::string, std::string>> files;
  files.emplace_back("xl/workbook.xml", parts[2].empty() ? kWorkbook : parts[2]);
  files.emplace_back("xl/_rels/workbook.xml.rels", parts[3].empty() ? kRels : parts[3]);
  if (!parts[1].empty()) files.emplace_back("xl/sharedStrings.xml", parts[1]);
  files.emplace_back("xl/worksheets/sheet1.xml", parts[0]);
  const std::string bytes = fuzz::zip_stored(files);
  fuzz::expect_located("xlsx", [&] {
    const auto book = io::XlsxWorkbook::open_bytes(bytes, "fuzz.xlsx");
    for (const auto& sheet : book.sheet_names()) {
      std::string first;
      std::int64_t last = 0;
      std::size_t rows = 0;
      fuzz::expect_located("xlsx", [&] {
        book.for_each_row(sheet, [&](const io::XlsxRow& row) {
          if (rows++ == 0) first = std::string(row.at(0).value);
          last = row.number;
          for (std::size_t c = 0; c < row.cells.size(); ++c) {
            (void)row.cells[c].value.size();
            (void)book.where(sheet, row.number, c).to_string();
          }
          return true;
        });
      });
      (void)last;
      // The importers' way: a header row found by its column A, then typed cells.
      if (rows > 0) {
        ProblemList problems;
        fuzz::expect_located("xlsx", [&] {
          sources::read_xlsx_table(book, sheet, first, {first}, problems, [&](sources::RowView& row) {
            (void)row.text(0, true);
            (void)row.number(0, true);
          });
          problems.throw_if_any();
        });
      }
    }
  });
}
