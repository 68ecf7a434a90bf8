// Input-output tables (src/impact/io_table.cpp, WIOD's National IO layout as CSV), the jobs
// table and the industry map, then the Leontief model of every year read, national and
// regionalised: any input parses or is rejected with located problems, and a table that
// parses either solves or is refused with an Error (a singular I − A), never a crash or an
// allocation beyond the reader's bounds.
// Input: the table CSV, a NUL byte, the jobs CSV (industry, jobs[, year]), a NUL byte, the
// industry map TOML; an absent part is skipped.
#include "fuzz.hpp"
#include "impact/leontief.hpp"
#include "impact/regional.hpp"

using namespace fabscope;

FABSCOPE_FUZZ_TARGET(iotable) {
  const auto parts = fuzz::split_parts(input, 3);
  fuzz::expect_located("iotable", [&] {
    const auto table = impact::read_io_table_bytes(parts[0], "fuzz-io.csv", false);
    if (table.industries.empty() || table.years.empty()) fuzz::fail("iotable", "a table without industries or years");
    for (const auto& year : table.years) {
      std::optional<stats::Vector> jobs;
      if (!parts[1].empty()) {
        fuzz::expect_located("iotable",
                             [&] { jobs = impact::read_employment(parts[1], "fuzz-jobs.csv", table, year.year); });
      }
      fuzz::expect_located("iotable", [&] {
        const auto m = impact::multipliers(impact::national_model(year), year, jobs);
        if (m.type1_output.size() != static_cast<Eigen::Index>(table.industries.size()))
          fuzz::fail("iotable", "multipliers of another size than the table");
      });
      fuzz::expect_located("iotable", [&] {
        impact::Regionalisation r;
        r.size_ratio = 0.05;
        r.slq.assign(table.industries.size(), 1.3);
        (void)impact::multipliers(impact::regional_model(year, r), year, jobs);
      });
    }
  });
  if (!parts[2].empty()) {
    fuzz::expect_located("iotable", [&] { (void)impact::parse_industry_sectors(parts[2], "fuzz-sectors.toml"); });
  }
}
