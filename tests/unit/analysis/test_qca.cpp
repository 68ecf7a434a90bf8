// QCA on awkward inputs: tiny samples, constant and skewed conditions, memberships at the
// crossover, several equally short covers, no positive row, bad values and expressions
// (errors naming the column or the option), and the minimisation's invariants on a large
// random panel (every positive row covered, no negative row covered, every term prime).
#include <gtest/gtest.h>

#include <random>

#include "analysis/dataset.hpp"
#include "analysis/qca.hpp"
#include "support/test_support.hpp"
#include "core/error.hpp"

namespace fabscope {
namespace {

std::string error_of(const analysis::DataSet& d, const analysis::QcaOptions& o) {
  return test::error_text([&] { (void)analysis::qca(d, o); });
}

bool has(const std::vector<std::string>& warnings, const std::string& part) {
  return std::any_of(warnings.begin(), warnings.end(),
                     [&](const auto& w) { return w.find(part) != std::string::npos; });
}

TEST(Qca, ThreeCasesGiveTheSolutionByHand) {
  // A*B and A*~B are positive, ~A*B negative: A is sufficient (parsimonious and conservative).
  const auto d = analysis::read_csv("case,A,B,Y\nx,1,1,1\ny,1,0,1\nz,0,1,0\n", "t.csv");
  analysis::QcaOptions o;
  o.outcome = "Y";
  o.remainders = true;
  const auto r = analysis::qca(d, o);
  EXPECT_EQ(r.kind, "crisp");
  ASSERT_EQ(r.conservative.models.size(), 1U);
  EXPECT_EQ(r.conservative.models[0].expression, "A");
  EXPECT_EQ(r.parsimonious.models[0].expression, "A");
  EXPECT_DOUBLE_EQ(r.conservative.models[0].coverage, 1.0);
  EXPECT_TRUE(r.parsimonious.simplifying_assumptions.empty());
  // A is in 2 of 3 cases, the outcome too: neither skewed; B likewise.
  EXPECT_FALSE(has(r.warnings, "skewed"));
}

TEST(Qca, EquallyShortCoversAreAllGiven) {
  // The cyclic chart of minterms 0, 1, 2, 5, 6, 7 over three conditions: two covers of three
  // primes each (~A*~B + B*~C + A*C and ~A*~C + ~B*C + A*B).
  std::string csv = "case,A,B,C,Y\n";
  for (int m = 0; m < 8; ++m) {
    const bool on = m == 0 || m == 1 || m == 2 || m == 5 || m == 6 || m == 7;
    csv += fmt::format("c{},{},{},{},{}\n", m, (m >> 2) & 1, (m >> 1) & 1, m & 1, on ? 1 : 0);
  }
  analysis::QcaOptions o;
  o.outcome = "Y";
  const auto r = analysis::qca(analysis::read_csv(csv, "t.csv"), o);
  ASSERT_EQ(r.conservative.models.size(), 2U);
  EXPECT_EQ(r.conservative.models[0].terms.size(), 3U);
  EXPECT_EQ(r.conservative.models[1].terms.size(), 3U);
  std::set<std::string> models{r.conservative.models[0].expression, r.conservative.models[1].expression};
  EXPECT_EQ(models, (std::set<std::string>{"A*B + ~A*~C + ~B*C", "A*C + ~A*~B + B*~C"}));
}

TEST(Qca, AwkwardPanelsGiveWarningsNotCrashes) {
  // A constant condition, a case at the crossover, no positive row at the cut-off.
  const auto d =
      analysis::read_csv("case,A,K,Y\na,0.9,0,0.2\nb,0.5,0,0.3\nc,0.2,0,0.1\nd,0.7,0,0.4\nf,0.1,0,0.9\n", "t.csv");
  analysis::QcaOptions o;
  o.outcome = "Y";
  o.remainders = true;
  const auto r = analysis::qca(d, o);
  EXPECT_EQ(r.kind, "fuzzy");
  EXPECT_TRUE(r.conservative.models.empty());
  EXPECT_TRUE(has(r.warnings, "nothing is sufficient for Y")) << r.warnings.front();
  EXPECT_TRUE(has(r.warnings, "skewed membership: 0 % of the cases are in K"));
  EXPECT_TRUE(has(r.warnings, "case b has membership 0.5 in A"));
  std::size_t placed = 0;
  for (const auto& row : r.rows) placed += row.n;
  EXPECT_EQ(placed, 4U) << "the case at the crossover belongs to no row";
}

TEST(Qca, BadValuesAndOptionsAreNamedErrors) {
  analysis::QcaOptions o;
  o.outcome = "Y";
  const auto raw = analysis::read_csv("case,GDP,Y\na,1.5,1\nb,800,0\n", "t.csv");
  EXPECT_NE(error_of(raw, o).find("--calibrate GDP=exclusion,crossover,inclusion"), std::string::npos)
      << error_of(raw, o);
  const auto missing = analysis::read_csv("case,A,Y\na,1,1\nb,,0\n", "t.csv");
  EXPECT_NE(error_of(missing, o).find("1 complete case(s) of 2"), std::string::npos) << error_of(missing, o);
  const auto some = analysis::read_csv("case,A,Y\na,1,1\nb,,0\nc,0,0\nd,1,0.9\n", "t.csv");
  const auto kept = analysis::qca(some, o);
  EXPECT_EQ(kept.case_ids, (std::vector<std::string>{"a", "c", "d"}));
  EXPECT_TRUE(has(kept.warnings, "1 case(s) with a missing value left out: b"));
  const auto out = analysis::read_csv("case,A,Y\na,1,1.2\nb,0,0\n", "t.csv");
  EXPECT_NE(error_of(out, o).find("outside [0, 1]"), std::string::npos);
  const auto ok = analysis::read_csv("case,A,M,Y\na,1,2,1\nb,0,0,0\nc,1,1,1\n", "t.csv");
  auto bad = o;
  bad.conditions = {"A", "Nope"};
  EXPECT_NE(error_of(ok, bad).find("Nope"), std::string::npos);
  bad = o;
  bad.remainders = true;
  bad.dir_exp = {"M"};
  EXPECT_NE(error_of(ok, bad).find("M is multi-value: write M[level]"), std::string::npos) << error_of(ok, bad);
  bad.dir_exp = {"A*"};
  EXPECT_NE(error_of(ok, bad).find("a condition's name is expected at character 3"), std::string::npos)
      << error_of(ok, bad);
  bad = o;
  bad.incl_cut = {0.6, 0.8};
  EXPECT_NE(error_of(ok, bad).find("must not exceed"), std::string::npos);
  bad = o;
  bad.necessity = {"M[5]"};
  EXPECT_NE(error_of(ok, bad).find("M has levels 0 to 2, not 5"), std::string::npos) << error_of(ok, bad);
  // Sixteen binary conditions exceed the minimisation's space, with the numbers.
  std::string header = "case", row1 = "a", row2 = "b";
  for (int j = 0; j < 16; ++j) {
    header += fmt::format(",C{}", j);
    row1 += ",1";
    row2 += ",0";
  }
  const auto wide = analysis::read_csv(header + ",Y\n" + row1 + ",1\n" + row2 + ",0\n", "t.csv");
  EXPECT_NE(error_of(wide, o).find("16 conditions give 65536 configurations and 43046721 implicants"),
            std::string::npos)
      << error_of(wide, o);
}

TEST(Qca, CrispAndLinearCalibration) {
  analysis::Calibration c;
  c.column = "GDP";
  c.crisp = true;
  c.thresholds = {550, 850};
  EXPECT_EQ(analysis::calibrate({100, 550, 700, 850, 1000}, c), (std::vector<double>{0, 1, 1, 2, 2}));
  c.thresholds = {850, 550};
  EXPECT_THROW((void)analysis::calibrate({1}, c), InputError);
  analysis::Calibration f;
  f.column = "x";
  f.thresholds = {0, 10, 5};
  EXPECT_THROW((void)analysis::calibrate({1}, f), InputError);
}

TEST(Qca, MinimisationInvariantsOnALargeRandomPanel) {
  // 10 fuzzy conditions, 600 cases: every positive row is covered by each model, no negative
  // or contradictory row is, and no literal can be dropped from a term without covering one.
  std::mt19937_64 rng(20261206);
  std::uniform_real_distribution<double> u(0, 1);
  std::string csv = "case";
  for (int j = 0; j < 10; ++j) csv += fmt::format(",C{}", j);
  csv += ",Y\n";
  for (int i = 0; i < 600; ++i) {
    csv += fmt::format("k{}", i);
    double a = 0, b = 0;
    for (int j = 0; j < 10; ++j) {
      const double v = std::round(u(rng) * 100) / 100 == 0.5 ? 0.51 : std::round(u(rng) * 100) / 100;
      csv += fmt::format(",{}", v);
      if (j == 0) a = v;
      if (j == 1) b = v;
    }
    csv += fmt::format(",{}\n", std::min(1.0, std::max(a, b) * 0.9 + 0.1 * u(rng)));
  }
  analysis::QcaOptions o;
  o.outcome = "Y";
  o.incl_cut = {0.85};
  o.remainders = true;
  const auto r = analysis::qca(analysis::read_csv(csv, "t.csv"), o);
  std::size_t positive = 0;
  for (const auto* s : {&r.conservative, &r.parsimonious}) {
    ASSERT_FALSE(s->models.empty()) << s->name;
    for (const auto& m : s->models) {
      for (const auto& row : r.rows) {
        bool covered = false;
        for (const auto& t : m.terms) {
          bool in = true;
          for (std::size_t j = 0; j < t.values.size(); ++j)
            in = in && (t.values[j] < 0 || t.values[j] == row.configuration[j]);
          covered = covered || in;
        }
        if (row.out == '1') {
          EXPECT_TRUE(covered) << s->name << " row " << row.minterm + 1;
        } else if (row.out == '0' || row.out == 'C' || s == &r.conservative) {
          EXPECT_FALSE(covered) << s->name << " row " << row.minterm + 1 << " (" << row.out << ")";
        }
      }
    }
  }
  for (const auto& row : r.rows) positive += row.out == '1' ? 1 : 0;
  EXPECT_GT(positive, 10U);
  EXPECT_TRUE(r.parsimonious.exhaustive);
}

}  // namespace
}  // namespace fabscope
