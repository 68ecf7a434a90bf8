// XLSForm questionnaires (src/collect/xlsform.cpp): the workbook read and validated, then
// its XForm written and its sheets given back for the XLSForm export: any input is
// imported or rejected with located problems (file!sheet:row:column), never a crash.
// Input: the survey sheet's XML, a NUL byte, the choices sheet's XML, a NUL byte, the
// settings sheet's XML (cells as inline strings or numbers); the harness stores them in a
// workbook of three sheets (an absent part is an empty sheet).
#include "collect/xlsform.hpp"
#include "fuzz.hpp"

using namespace fabscope;

namespace {
constexpr const char* kWorkbook =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="survey" sheetId="1" r:id="rId1"/><sheet name="choices" sheetId="2" r:id="rId2"/><sheet name="settings" sheetId="3" r:id="rId3"/></sheets></workbook>)";
constexpr const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/></Relationships>)";
constexpr const char* kEmpty = "<worksheet><sheetData/></worksheet>";
}  // namespace

FABSCOPE_FUZZ_TARGET(xlsform) {
  const auto parts = fuzz::split_parts(input, 3);
  std::vector<std::pair<std::string, std::string>> files = {{"xl/workbook.xml", kWorkbook},
                                                            {"xl/_rels/workbook.xml.rels", kRels}};
  for (std::size_t k = 0; k < 3; ++k) {
    files.emplace_back("xl/worksheets/sheet" + std::to_string(k + 1) + ".xml", parts[k].empty() ? kEmpty : parts[k]);
  }
  const std::string bytes = fuzz::zip_stored(files);
  fuzz::expect_located("xlsform", [&] {
    const auto ins = collect::read_xlsform_bytes(bytes, "fuzz.xlsx", "fuzz");
    const auto xform = collect::to_xform(ins);
    if (xform.find("<h:html") == std::string::npos) fuzz::fail("xlsform", "an XForm without its root");
    if (collect::xlsform_sheets(ins).size() != ins.sheets.size()) fuzz::fail("xlsform", "sheets lost on export");
    for (const auto& w : ins.warnings) {
      if (w.where.file.empty()) fuzz::fail("xlsform", "a warning without a file");
    }
  });
}
