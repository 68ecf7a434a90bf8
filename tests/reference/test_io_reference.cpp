// The input-output engine against an independent numpy computation
// (tests/reference/impact/io_reference.py, outputs in tests/reference/expected/impact) on
// the bundled WIOD table for France as published: every Type I and Type II output and
// value-added multiplier of every year, the Leontief inverses of 2014 (open and closed for
// households), four regionalised cases (FLQ, AFLQ, a sector absent, a territory the size of
// the nation), and Miller and Blair's textbook example; to 1e-9.
#include <gtest/gtest.h>

#include <map>

#include "impact/leontief.hpp"
#include "impact/regional.hpp"
#include "impact/workshop_impact.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

constexpr double kTolerance = 1e-9;

// The rows of a committed output, as maps from column name to text.
std::vector<std::map<std::string, std::string>> rows_of(const std::string& file) {
  const auto text = test::read_file(test::source_dir() / "tests/reference/expected/impact" / file);
  std::vector<std::map<std::string, std::string>> out;
  std::vector<std::string> header;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start)) {
    std::vector<std::string> cells;
    const auto line = text.substr(start, end - start);
    for (std::size_t from = 0;;) {
      const auto c = line.find(',', from);
      cells.push_back(line.substr(from, c == std::string::npos ? std::string::npos : c - from));
      if (c == std::string::npos) break;
      from = c + 1;
    }
    if (header.empty()) {
      header = cells;
      continue;
    }
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    out.push_back(std::move(row));
  }
  return out;
}

const impact::IoTable& wiod() {
  static const impact::IoTable table = impact::read_io_table(test::data_dir() / "raw/FRA_NIOT_nov16.xlsx");
  return table;
}

std::size_t index_of(const impact::IoTable& t, const std::string& code) {
  const auto i = t.industry(code);
  EXPECT_TRUE(i.has_value()) << code;
  return i.value_or(0);
}

TEST(IoReference, TableReadAsPublished) {
  const auto& t = wiod();
  ASSERT_EQ(t.industries.size(), 56U);
  ASSERT_EQ(t.years.size(), 15U);
  EXPECT_EQ(t.years.front().year, 2000);
  EXPECT_EQ(t.years.back().year, 2014);
  EXPECT_EQ(t.industries.front().code, "A01");
  EXPECT_EQ(t.industries.back().code, "U");
  EXPECT_EQ(t.unit, "million US$ at current prices");
  EXPECT_EQ(t.final_uses.size(), 6U);
  // The same sheet as CSV (built from the workbook at full precision) reads the same.
  const auto csv = impact::read_io_table(test::data_dir() / "io/wiod_niot_fra_2000_2014.csv");
  ASSERT_EQ(csv.years.size(), 15U);
  for (std::size_t y = 0; y < 15; ++y) {
    EXPECT_EQ((csv.years[y].z - t.years[y].z).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ((csv.years[y].output - t.years[y].output).cwiseAbs().maxCoeff(), 0.0);
    EXPECT_EQ((csv.years[y].household - t.years[y].household).cwiseAbs().maxCoeff(), 0.0);
  }
}

TEST(IoReference, NationalMultipliersOfEveryYearMatchNumpy) {
  const auto& t = wiod();
  std::map<int, impact::Multipliers> by_year;
  for (const auto& y : t.years) by_year[y.year] = impact::multipliers(impact::national_model(y), y);
  const auto rows = rows_of("multipliers_national.csv");
  ASSERT_EQ(rows.size(), 15U * 56U);
  for (const auto& r : rows) {
    const int year = std::stoi(r.at("year"));
    const auto i = static_cast<Eigen::Index>(index_of(t, r.at("industry")));
    const auto& m = by_year.at(year);
    const std::string what = r.at("year") + " " + r.at("industry");
    EXPECT_NEAR(t.year(year)->output(i), std::stod(r.at("output")), kTolerance) << what;
    EXPECT_NEAR(t.year(year)->value_added(i), std::stod(r.at("value_added")), kTolerance) << what;
    EXPECT_NEAR(m.type1_output(i), std::stod(r.at("type1_output")), kTolerance) << what;
    EXPECT_NEAR(m.type2_output(i), std::stod(r.at("type2_output")), kTolerance) << what;
    EXPECT_NEAR(m.type1_va(i), std::stod(r.at("type1_va")), kTolerance) << what;
    EXPECT_NEAR(m.type2_va(i), std::stod(r.at("type2_va")), kTolerance) << what;
  }
}

TEST(IoReference, LeontiefInversesOf2014MatchNumpy) {
  const auto& t = wiod();
  const auto model = impact::national_model(*t.year(2014));
  const auto l = model.leontief();
  const auto closed = model.leontief_closed();
  auto at = [&](const std::string& code) {
    return static_cast<Eigen::Index>(code == "HH" ? t.industries.size() : index_of(t, code));
  };
  const auto open_rows = rows_of("leontief_2014.csv");
  ASSERT_EQ(open_rows.size(), 56U * 56U);
  for (const auto& r : open_rows)
    EXPECT_NEAR(l(at(r.at("row")), at(r.at("column"))), std::stod(r.at("value")), kTolerance)
        << r.at("row") << " " << r.at("column");
  const auto closed_rows = rows_of("leontief_typeII_2014.csv");
  ASSERT_EQ(closed_rows.size(), 57U * 57U);
  for (const auto& r : closed_rows)
    EXPECT_NEAR(closed(at(r.at("row")), at(r.at("column"))), std::stod(r.at("value")), kTolerance)
        << r.at("row") << " " << r.at("column");
}

TEST(IoReference, PublishedRoundedTypeIMultipliersOf2014) {
  // The derived file of the data directory (6 printed decimals), a third computation.
  const auto& t = wiod();
  const auto m = impact::multipliers(impact::national_model(*t.year(2014)), *t.year(2014));
  const auto text = test::read_file(test::data_dir() / "io/wiod_fra_2014_typeI_output_multipliers.csv");
  std::size_t n = 0;
  for (std::size_t start = text.find('\n') + 1, end = text.find('\n', start); end != std::string::npos;
       start = end + 1, end = text.find('\n', start)) {
    const auto line = text.substr(start, end - start);
    const auto code = line.substr(0, line.find(','));
    const auto value = std::stod(line.substr(line.rfind(',') + 1));
    EXPECT_NEAR(m.type1_output(static_cast<Eigen::Index>(index_of(t, code))), value, 5e-7) << code;
    ++n;
  }
  EXPECT_EQ(n, 56U);
}

TEST(IoReference, RegionalCasesMatchNumpy) {
  const auto& t = wiod();
  const auto& year = *t.year(2014);
  struct Case {
    double r, delta;
    bool augmented;
    std::map<std::string, double> slq;
  };
  const std::map<std::string, Case> cases = {
      {"flq_small", {0.012, 0.3, false, {{"az", 2.1}, {"be", 1.3}, {"fz", 0.9}, {"gu", 0.8}, {"oq", 1.1}}}},
      {"aflq_small", {0.012, 0.3, true, {{"az", 2.1}, {"be", 1.3}, {"fz", 0.9}, {"gu", 0.8}, {"oq", 1.1}}}},
      {"flq_delta015_zero", {0.2, 0.15, false, {{"az", 0}, {"be", 0.7}, {"fz", 1.2}, {"gu", 1.05}, {"oq", 0.95}}}},
      {"flq_national", {1.0, 0.3, false, {{"az", 1}, {"be", 1}, {"fz", 1}, {"gu", 1}, {"oq", 1}}}},
  };
  std::map<std::string, std::pair<impact::IoModel, impact::Multipliers>> solved;
  for (const auto& [name, c] : cases) {
    // The territory's quotients through the shipped industry map (data/io_sectors.toml),
    // which the reference derives from the NACE section of each code.
    impact::TerritoryQuotients q;
    q.employment = c.r;
    q.national_employment = 1.0;
    q.sector_lq = c.slq;
    const auto model = impact::regional_model(
        year, impact::regionalisation(t, impact::builtin_industry_sectors(), q, c.delta, c.augmented));
    solved.emplace(name, std::make_pair(model, impact::multipliers(model, year)));
  }
  const auto rows = rows_of("regional_2014.csv");
  ASSERT_EQ(rows.size(), 4U * 56U);
  for (const auto& r : rows) {
    const auto& [model, m] = solved.at(r.at("case"));
    const auto i = static_cast<Eigen::Index>(index_of(t, r.at("industry")));
    const std::string what = r.at("case") + " " + r.at("industry");
    EXPECT_NEAR(model.lambda, std::stod(r.at("lambda")), 1e-15) << what;
    EXPECT_NEAR(m.type1_output(i), std::stod(r.at("type1_output")), kTolerance) << what;
    EXPECT_NEAR(m.type2_output(i), std::stod(r.at("type2_output")), kTolerance) << what;
    EXPECT_NEAR(m.type1_va(i), std::stod(r.at("type1_va")), kTolerance) << what;
    EXPECT_NEAR(m.type2_va(i), std::stod(r.at("type2_va")), kTolerance) << what;
  }
}

// A workshop's direct, indirect and induced effects (tests/reference/impact/
// workshop_reference.py): three FICTITIOUS workshops (every kind of purchase line, wages
// only, purchases only) in a small FLQ territory and in one the size of the nation, with a
// fictitious employment of 4 jobs per unit of output and 750,000 € per unit; to 1e-9
// relative. A part that cannot be computed is empty in the reference and NaN here.
TEST(IoReference, WorkshopEffectsMatchNumpy) {
  const auto& t = wiod();
  const auto& year = *t.year(2014);
  const std::map<std::string, std::pair<double, std::map<std::string, double>>> territories = {
      {"flq_small", {0.012, {{"az", 2.1}, {"be", 1.3}, {"fz", 0.9}, {"gu", 0.8}, {"oq", 1.1}}}},
      {"flq_national", {1.0, {{"az", 1}, {"be", 1}, {"fz", 1}, {"gu", 1}, {"oq", 1}}}},
  };
  const double nan = impact::kUnknown;
  std::map<std::string, impact::WorkshopFigures> workshops;
  workshops["full"] = {3.5, 126000, 240000,
                       {{"C26", 12000, 20}, {"C", 8000, 50}, {"L68", 18000, 100}, {"other", 4000, 100},
                        {"M69_M70", 3000, nan}, {"F", 5000, 0}}};
  workshops["wages_only"] = {1.0, 35000, nan, {}};
  workshops["purchases_only"] = {nan, nan, nan, {{"G46", 10000, 40}, {"J62_J63", 2500, 150}}};
  stats::Vector jobs = 4.0 * year.output;  // 4 jobs per unit of output
  std::map<std::string, impact::WorkshopImpact> got;
  for (const auto& [name, territory] : territories) {
    impact::TerritoryQuotients q;
    q.employment = territory.first;
    q.national_employment = 1.0;
    q.sector_lq = territory.second;
    const auto model =
        impact::regional_model(year, impact::regionalisation(t, impact::builtin_industry_sectors(), q, 0.3, false));
    stats::Vector per_unit(jobs.size());
    for (Eigen::Index j = 0; j < jobs.size(); ++j) per_unit(j) = year.output(j) > 0 ? jobs(j) / year.output(j) : 0.0;
    for (const auto& [w, figures] : workshops) {
      got[name + "/" + w] = impact::workshop_impact(t, year, model, figures, per_unit, 750000.0);
    }
  }
  const auto rows = rows_of("workshops_2014.csv");
  ASSERT_EQ(rows.size(), 2U * 3U * 10U);
  std::size_t compared = 0;
  for (const auto& r : rows) {
    const auto& impact = got.at(r.at("territory") + "/" + r.at("workshop"));
    const auto& quantity = r.at("quantity");
    const auto& part = r.at("part");
    const std::string what = r.at("territory") + " " + r.at("workshop") + " " + quantity + " " + part;
    double value = nan;
    if (quantity == "local_purchases") {
      value = impact.local_purchases;
    } else {
      const auto& f = quantity == "output" ? impact.output : quantity == "value_added" ? impact.value_added : impact.jobs;
      value = part == "direct" ? f.direct : part == "indirect" ? f.indirect : f.induced;
    }
    if (r.at("value").empty()) {
      EXPECT_TRUE(std::isnan(value)) << what << " = " << value;
      continue;
    }
    const double want = std::stod(r.at("value"));
    EXPECT_NEAR(value, want, 1e-9 * std::max(1.0, std::abs(want))) << what;
    ++compared;
  }
  EXPECT_EQ(compared, 46U);
}

// Miller and Blair, Input-Output Analysis (2nd ed.), section 2.3, in WIOD's layout.
constexpr const char* kTextbook =
    "Year,Code,Description,Origin,S1,S2,CONS_h,EXP,GO\n"
    "2000,S1,Sector 1,Domestic,150,500,200,150,1000\n"
    "2000,S2,Sector 2,Domestic,200,100,1000,700,2000\n"
    "2000,VA,Value added,TOT,650,1400,0,0,0\n"
    "2000,GO,Output,TOT,1000,2000,0,0,0\n";

TEST(IoReference, TextbookExampleMatchesNumpyAndTheBook) {
  const auto t = impact::read_io_table_bytes(kTextbook, "textbook.csv", false);
  const auto& year = t.years.front();
  const auto model = impact::national_model(year);
  const auto l = model.leontief();
  const auto m = impact::multipliers(model, year);
  // The book's rounded figures.
  EXPECT_NEAR(l(0, 0), 1.254, 5e-4);
  EXPECT_NEAR(l(0, 1), 0.330, 5e-4);
  EXPECT_NEAR(l(1, 0), 0.264, 5e-4);
  EXPECT_NEAR(l(1, 1), 1.122, 5e-4);
  EXPECT_NEAR(m.type1_output(0), 1.518, 5e-4);
  EXPECT_NEAR(m.type1_output(1), 1.452, 5e-4);
  for (const auto& r : rows_of("textbook.csv")) {
    const double want = std::stod(r.at("value"));
    if (r.at("quantity") == "type1_output") {
      EXPECT_NEAR(m.type1_output(std::stoi(r.at("column")) - 1), want, 1e-12);
      continue;
    }
    const auto i = std::stoi(r.at("row")) - 1;
    const auto j = std::stoi(r.at("column")) - 1;
    EXPECT_NEAR((r.at("quantity") == "A" ? model.a : l)(i, j), want, 1e-12) << r.at("quantity") << i << j;
  }
}

}  // namespace
}  // namespace fabscope
