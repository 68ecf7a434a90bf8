// The register column mapping (src/workshops/mapped.cpp): the mapping TOML
// (ColumnMapping::parse, located errors), then the mapped CSV read through it (delimiter,
// encoding and decimal comma of the mapping, lists, flags, numbers, duplicate keys).
// Input: the mapping TOML, a NUL byte, then the CSV file; with format = "xlsx" the second
// part is the workbook's bytes.
#include "fuzz.hpp"
#include "workshops/mapped.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(mapping) {
  const auto parts = fuzz::split_parts(input, 2);
  fuzz::expect_located("mapping", [&] {
    const auto mapping = workshops::ColumnMapping::parse(parts[0], "fuzz-mapping.toml");
    const auto path = fuzz::scratch_file(mapping.format == "xlsx" ? "fuzz.xlsx" : "fuzz.csv", parts[1]);
    for (const auto& w : workshops::parse_mapped(path, mapping)) {
      if (w.id.empty() || w.name.empty()) fuzz::fail("mapping", "a workshop without an id or a name");
    }
  });
}
