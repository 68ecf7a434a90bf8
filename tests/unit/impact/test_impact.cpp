// The input-output engine on small inputs: FLQ and AFLQ against hand-computed values,
// shocks split into direct, indirect and induced effects that add up to the multipliers,
// employment multipliers, and every reader's located errors.
#include <gtest/gtest.h>

#include <cmath>

#include "impact/leontief.hpp"
#include "impact/regional.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

// Miller and Blair's two-sector example (section 2.3) in WIOD's layout.
constexpr const char* kTextbook =
    "Year,Code,Description,Origin,S1,S2,CONS_h,EXP,GO\n"
    "2000,S1,Sector 1,Domestic,150,500,200,150,1000\n"
    "2000,S2,Sector 2,Domestic,200,100,1000,700,2000\n"
    "2000,VA,Value added,TOT,650,1400,0,0,0\n"
    "2000,GO,Output,TOT,1000,2000,0,0,0\n";

impact::IoTable textbook() { return impact::read_io_table_bytes(kTextbook, "textbook.csv", false); }

TEST(Flq, LambdaAndMatrixAsComputedByHand) {
  // r = 0.01: log2(1.01) = 0.014355292977070054; λ = that^0.3 = 0.2799649207037341.
  const double lambda = impact::flq_lambda(0.01, 0.3);
  EXPECT_NEAR(lambda, 0.2799649207037341, 1e-15);
  const auto f = impact::flq_matrix({2, 0.5, 0}, lambda, false);
  EXPECT_NEAR(f(0, 0), 0.5599298414074682, 1e-15);   // λ·q0 on the diagonal
  EXPECT_NEAR(f(0, 1), 1.1198596828149363, 1e-15);   // λ·2/0.5
  EXPECT_NEAR(f(1, 0), 0.06999123017593352, 1e-15);  // λ·0.5/2
  EXPECT_NEAR(f(1, 1), 0.13998246035186704, 1e-15);  // λ·q1
  EXPECT_TRUE(std::isinf(f(0, 2)));                  // a supplier present, the buyer's sector absent
  EXPECT_EQ(f(2, 0), 0.0);                           // an absent supplier supplies nothing
  EXPECT_EQ(f(2, 2), 0.0);
  // AFLQ: the column of a specialised buyer (q0 = 2 > 1) times log2(1 + 2) = 1.584962500721156.
  const auto a = impact::flq_matrix({2, 0.5, 0}, lambda, true);
  EXPECT_NEAR(a(0, 0), 0.887467801665581, 1e-15);
  EXPECT_NEAR(a(1, 0), 0.11093347520819763, 1e-15);
  EXPECT_NEAR(a(0, 1), f(0, 1), 1e-15);  // q1 = 0.5 ≤ 1: unchanged
  // The size of the nation: λ = 1, and equal quotients leave the coefficients as they are.
  EXPECT_EQ(impact::flq_lambda(1.0, 0.3), 1.0);
}

TEST(Flq, RegionalCoefficientsAreCappedNationalOnes) {
  const auto t = textbook();
  impact::Regionalisation r;
  r.size_ratio = 0.01;
  r.slq = {2, 0.5};
  const auto model = impact::regional_model(t.years.front(), r);
  const double lambda = 0.2799649207037341;
  EXPECT_NEAR(model.a(0, 0), 0.15 * lambda * 2, 1e-15);
  EXPECT_NEAR(model.a(0, 1), 0.25 * 1.0, 1e-15);  // FLQ 1.12 capped at 1
  EXPECT_NEAR(model.a(1, 0), 0.2 * lambda * 0.25, 1e-15);
  EXPECT_NEAR(model.a(1, 1), 0.05 * lambda * 0.5, 1e-15);
  // Households buy locally in proportion to min(1, λ·q_i): c = CONS_h / (0.57 · ΣVA).
  EXPECT_NEAR(model.household(0), 200.0 / (0.57 * 2050) * std::min(1.0, lambda * 2), 1e-15);
  EXPECT_NEAR(model.household(1), 1000.0 / (0.57 * 2050) * lambda * 0.5, 1e-15);
  // Out-of-range parameters are refused with the reason.
  r.size_ratio = 1.5;
  EXPECT_NE(test::error_text([&] { (void)impact::regional_model(t.years.front(), r); }).find("size ratio"), std::string::npos);
}

TEST(Shock, DirectIndirectInducedAddUpToTheMultipliers) {
  const auto t = textbook();
  const auto& year = t.years.front();
  const auto model = impact::national_model(year);
  const auto m = impact::multipliers(model, year);
  stats::Vector demand(2);
  demand << 100, 0;
  const auto e = impact::shock(model, year, demand);
  EXPECT_NEAR(e.output.direct(0), 100, 1e-12);
  EXPECT_NEAR(e.output.indirect(0), 25.4125412541254, 1e-9);  // (L − I)Δy = 100·(1.2541 − 1)
  EXPECT_NEAR(e.output.indirect(1), 26.402640264026406, 1e-9);
  EXPECT_NEAR(e.output.direct.sum() + e.output.indirect.sum(), 100 * m.type1_output(0), 1e-9);
  EXPECT_NEAR(e.output.total(), 100 * m.type2_output(0), 1e-9);
  EXPECT_GT(e.output.induced.minCoeff(), 0);
  // Value added: 0.65 per unit of S1's output, 0.7 of S2's.
  EXPECT_NEAR(e.value_added.direct(0), 65, 1e-9);
  EXPECT_NEAR(e.value_added.direct.sum() + e.value_added.indirect.sum(), 100 * m.type1_va(0), 1e-9);
  EXPECT_NEAR(e.value_added.total(), 100 * m.type2_va(0), 1e-9);
}

TEST(Employment, MultipliersFromAJobsTableOnly) {
  const auto t = textbook();
  const auto& year = t.years.front();
  const auto model = impact::national_model(year);
  EXPECT_FALSE(impact::multipliers(model, year).type1_jobs.has_value());  // never invented
  const auto jobs = impact::read_employment("industry,jobs\nS2,50\nS1,100\n", "jobs.csv", t, 2000);
  const auto m = impact::multipliers(model, year, jobs);
  ASSERT_TRUE(m.type1_jobs.has_value());
  // e = (100/1000, 50/2000); e·L by hand: 0.1·1.254125 + 0.025·0.264026, 0.1·0.330033 + 0.025·1.122112.
  EXPECT_NEAR((*m.type1_jobs)(0), 0.132013201320132, 1e-12);
  EXPECT_NEAR((*m.type1_jobs)(1), 0.06105610561056106, 1e-12);
  EXPECT_GT((*m.type2_jobs)(0), (*m.type1_jobs)(0));
  // Rows of other years are skipped; a missing industry, an unknown one, a duplicate, a
  // negative count are located.
  EXPECT_NO_THROW(
      (void)impact::read_employment("year,industry,jobs\n1999,S1,1\n2000,S1,1\n2000,S2,2\n", "j.csv", t, 2000));
  EXPECT_NE(test::error_text([&] {
              (void)impact::read_employment("industry,jobs\nS1,1\n", "j.csv", t, 2000);
            }).find("no jobs for S2"),
            std::string::npos);
  const auto bad =
      test::error_text([&] { (void)impact::read_employment("industry,jobs\nS1,1\nS9,2\nS1,3\nS2,-4\n", "j.csv", t, 2000); });
  EXPECT_NE(bad.find("j.csv:3:1 (industry): « S9 » is not an industry"), std::string::npos) << bad;
  EXPECT_NE(bad.find("j.csv:4:1 (industry): S1 appears twice"), std::string::npos) << bad;
  EXPECT_NE(bad.find("j.csv:5:2 (jobs): « -4 » is not a number of jobs"), std::string::npos) << bad;
}

TEST(IoTableReader, LocatedErrors) {
  auto read = [](const std::string& text) {
    return test::error_text([&] { (void)impact::read_io_table_bytes(text, "t.csv", false); });
  };
  const std::string head = "Year,Code,Description,Origin,S1,S2,CONS_h,GO\n";
  // A Domestic row out of the columns' order, a cell that is not a number, no GO row.
  const auto e = read(head +
                      "2000,S1,a,Domestic,1,x,3,4\n"
                      "2000,S1,b,Domestic,1,2,3,4\n"
                      "2000,VA,v,TOT,1,1,0,0\n");
  EXPECT_NE(e.find("t.csv:3:2 (Code): year 2000: Domestic row « S1 » where the columns' order expects S2"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("t.csv:2:6 (S2): « x » is not a number"), std::string::npos) << e;
  EXPECT_NE(e.find("year 2000: no TOT row with Code GO"), std::string::npos) << e;
  EXPECT_NE(read("a,b\n1,2\n").find("no header row"), std::string::npos);
  EXPECT_NE(read("Year,Code,Description,Origin,S1,GO\n").find("no CONS_h column"), std::string::npos);
  EXPECT_NE(read(head + "20x0,S1,a,Domestic,1,1,1,1\n").find("t.csv:2:1 (Year): « 20x0 » is not a year"),
            std::string::npos);
  EXPECT_NE(read(head + "2000,S1,a,Elsewhere,1,1,1,1\n").find("Origin must be Domestic, Imports or TOT"),
            std::string::npos);
  EXPECT_NE(read("Year,Code,Description,Origin,S1,CONS_h,S2\n").find("an industry column after the final uses"),
            std::string::npos);
  // A header without industries, then rows (a fuzzing finding: the rows indexed an empty
  // list of industries): located errors, nothing read.
  const auto no_industries = read("Year,Code,Description,Origin,\n\n2014,A01,x,Domestic,1\nYear,Code,Description,Origin,A01,CONS_h,GO\n");
  EXPECT_NE(no_industries.find("t.csv:1:5 (industries): no industry column after Origin"), std::string::npos)
      << no_industries;
  EXPECT_EQ(no_industries.find("no data row"), std::string::npos) << no_industries;
  // Bytes that are not a workbook: an error naming the file, never a crash.
  EXPECT_NE(test::error_text([] { (void)impact::read_io_table_bytes("PK\x03\x04garbage", "t.xlsx", true); }).find("t.xlsx"),
            std::string::npos);
}

TEST(IoModel, SingularTableAndBadParametersRefused) {
  // S1 uses more of itself than it produces: I − A is singular when a_11 = 1.
  const auto t = impact::read_io_table_bytes(
      "Year,Code,Description,Origin,S1,CONS_h,GO\n2000,S1,a,Domestic,10,0,10\n2000,VA,v,TOT,1,0,0\n"
      "2000,GO,g,TOT,10,0,0\n",
      "s.csv", false);
  EXPECT_NE(test::error_text([&] { (void)impact::national_model(t.years.front()); }).find("I − A is singular"),
            std::string::npos);
  EXPECT_NE(test::error_text([] { (void)impact::national_model(textbook().years.front(), {1.5}); }).find("labour share"),
            std::string::npos);
}

TEST(IndustrySectors, BuiltinMapCoversWiodAndBrokenFilesAreLocated) {
  const auto& map = impact::builtin_industry_sectors();
  EXPECT_EQ(map.industries.size(), 56U);
  EXPECT_EQ(map.industries.at("C26").sector, "be");
  EXPECT_EQ(map.industries.at("M72").sector, "gu");
  EXPECT_EQ(map.industries.at("P85").sector, "oq");
  const auto e = test::error_text([] {
    (void)impact::parse_industry_sectors("[industry]\nA01 = { sector = \"az\" }\nB = { sector = \"xx\" }\nC = {}\n",
                                         "s.toml");
  });
  EXPECT_NE(e.find("s.toml:3 (industry.B.sector): « xx » is not a sector"), std::string::npos) << e;
  EXPECT_NE(e.find("s.toml:4 (industry.C.sector): no sector"), std::string::npos) << e;
  // A table industry the map does not list is named.
  impact::TerritoryQuotients q;
  q.employment = 1;
  q.national_employment = 10;
  q.sector_lq = {{"az", 1}, {"be", 1}, {"fz", 1}, {"gu", 1}, {"oq", 1}};
  EXPECT_NE(test::error_text([&] {
              (void)impact::regionalisation(textbook(), map, q, 0.3, false);
            }).find("the industries S1, S2 of textbook.csv have no sector"),
            std::string::npos);
}

}  // namespace
}  // namespace fabscope
