// ZIP archives (src/io/archive.cpp, ZipArchive over libzip and the libdeflate fast path)
// and the XLSX workbook opened from the same bytes. Input: the archive itself. Every
// entry is read: its contents or a located error ("archive!entry").
#include "fuzz.hpp"
#include "io/archive.hpp"
#include "io/xlsx.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(zip) {
  const std::string bytes(input);
  fuzz::expect_located("zip", [&] {
    const auto zip = io::ZipArchive::open_bytes(bytes, "fuzz.zip");
    for (const auto& name : zip.names()) {
      if (!zip.contains(name)) continue;  // a name libzip lists but cannot locate (duplicates, encodings)
      fuzz::expect_located("zip", [&] { (void)zip.read(name); });
    }
  });
  fuzz::expect_located("zip", [&] {
    const auto book = io::XlsxWorkbook::open_bytes(bytes, "fuzz.xlsx");
    for (const auto& sheet : book.sheet_names()) {
      fuzz::expect_located("zip", [&] { book.for_each_row(sheet, [](const io::XlsxRow&) { return true; }); });
    }
  });
}
