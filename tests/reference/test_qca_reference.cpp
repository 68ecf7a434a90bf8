// QCA against R's QCA package: the golden values CRAN QCA 3.25 (R 4.5.1) wrote itself
// (reference/qca/r_qca_output/r_qca.json in the data directory) and the knitted QCA 3.12
// output quoted in reference/qca/EXPECTED.md (solution-level fits, to 3 decimals as
// printed). Truth tables (n, incl, PRI, OUT), conservative, parsimonious and intermediate
// solutions, term fits and cases, simplifying assumptions, easy and difficult
// counterfactuals, calibration, pof and the necessity screen: every value, to 1e-9.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <set>

#include "analysis/qca.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

using Json = nlohmann::json;

const Json& golden() {
  static const Json doc = Json::parse(test::read_file(test::data_dir() / "reference/qca/r_qca_output/r_qca.json"));
  return doc;
}

// A DataSet from the fixture's data and case ids, in the order of `columns`.
analysis::DataSet data_of(const Json& fixture, const std::vector<std::string>& columns) {
  analysis::DataSet d;
  const auto& data = fixture.at("data");
  const auto n = data.at(columns.front()).size();
  if (fixture.contains("case_ids")) {
    for (const auto& c : fixture.at("case_ids")) d.row_names.push_back(c.get<std::string>());
  } else {
    for (std::size_t i = 0; i < n; ++i) d.row_names.push_back(std::to_string(i + 1));
  }
  for (const auto& name : columns) {
    analysis::Column c;
    c.name = name;
    for (const auto& v : data.at(name)) c.values.push_back(v.get<double>());
    d.columns.push_back(std::move(c));
  }
  return d;
}

std::vector<std::string> strings(const Json& j) {
  std::vector<std::string> out;
  if (j.is_string()) return {j.get<std::string>()};
  for (const auto& v : j) out.push_back(v.get<std::string>());
  return out;
}

std::vector<std::uint64_t> minterms(const Json& j) {
  std::vector<std::uint64_t> out;
  if (j.is_number()) return {j.get<std::uint64_t>()};
  for (const auto& v : j) out.push_back(v.get<std::uint64_t>());
  return out;
}

std::vector<std::string> expressions(const analysis::QcaSolution& s) {
  std::vector<std::string> out;
  EXPECT_EQ(s.models.size(), 1U) << s.name << ": one model";
  if (s.models.empty()) return out;
  for (const auto& t : s.models[0].terms) out.push_back(t.expression);
  return out;
}

void near(double got, const Json& want, const std::string& what) {
  if (want.is_null()) {
    EXPECT_TRUE(std::isnan(got)) << what;
  } else {
    EXPECT_NEAR(got, want.get<double>(), 1e-9) << what;
  }
}

void compare_truth_table(const analysis::QcaResult& r, const Json& rows, const std::string& id) {
  ASSERT_EQ(r.rows.size(), rows.size()) << id;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& want = rows[k];
    const auto& got = r.rows[k];
    const auto what = fmt::format("{} row {}", id, k + 1);
    EXPECT_EQ(got.configuration, want.at("configuration").get<std::vector<int>>()) << what;
    EXPECT_EQ(got.n, want.at("n").get<std::size_t>()) << what;
    near(got.consistency, want.at("consistency"), what + " incl");
    if (want.contains("pri")) near(got.pri, want.at("pri"), what + " PRI");
    const auto out = want.at("out").get<std::string>();
    EXPECT_EQ(std::string(1, got.out), out == "R" ? "?" : out) << what;
  }
}

analysis::QcaResult run(const Json& a, bool remainders) {
  auto columns = strings(a.at("conditions"));
  columns.push_back(a.at("outcome").get<std::string>());
  analysis::QcaOptions o;
  o.outcome = a.at("outcome").get<std::string>();
  o.conditions = strings(a.at("conditions"));
  o.incl_cut = {a.at("incl_cut").get<double>()};
  if (a.contains("n_cut")) o.n_cut = a.at("n_cut").get<std::size_t>();
  o.remainders = remainders;
  if (a.contains("expectations")) {
    for (const auto& [name, v] : a.at("expectations").items())
      o.dir_exp.push_back(v.get<int>() == 1 ? name : "~" + name);
  }
  return analysis::qca(data_of(a, columns), o);
}

TEST(QcaReference, TruthTablesAndSolutionsMatchRQca) {
  for (const auto& a : golden().at("analyses")) {
    const auto id = a.at("id").get<std::string>();
    const auto r = run(a, true);
    compare_truth_table(r, a.at("truth_table"), id);
    EXPECT_EQ(expressions(r.conservative), strings(a.at("conservative")[0])) << id;
    EXPECT_EQ(expressions(r.parsimonious), strings(a.at("parsimonious")[0])) << id;
    for (const auto& f : a.at("term_fits")) {
      const auto family = f.at("family").get<std::string>();
      const auto& sol = family == "conservative" ? r.conservative : r.parsimonious;
      const auto term = f.at("term").get<std::string>();
      const auto& terms = sol.models.at(0).terms;
      const auto it = std::find_if(terms.begin(), terms.end(), [&](const auto& t) { return t.expression == term; });
      ASSERT_NE(it, terms.end()) << id << " " << term;
      const auto what = fmt::format("{} {} {}", id, family, term);
      near(it->consistency, f.at("consistency"), what + " inclS");
      near(it->pri, f.at("pri"), what + " PRI");
      near(it->raw_coverage, f.at("raw_coverage"), what + " covS");
      if (f.contains("unique_coverage") && !f.at("unique_coverage").is_null()) {
        near(it->unique_coverage, f.at("unique_coverage"), what + " covU");
      } else {
        EXPECT_EQ(terms.size(), 1U) << what << ": R prints no unique coverage for a lone term";
      }
      std::set<std::string> want, got;
      for (const auto& c : strings(f.at("cases"))) want.insert(c);
      for (const auto& g : it->cases) {
        for (const auto i : g) got.insert(r.case_ids[i]);
      }
      EXPECT_EQ(got, want) << what << " cases";
    }
  }
}

TEST(QcaReference, IntermediateSolutionsAndCounterfactualsMatchRQca) {
  for (const auto& a : golden().at("intermediate")) {
    const auto id = a.at("id").get<std::string>();
    const auto r = run(a, true);
    ASSERT_EQ(r.intermediate.size(), 1U) << id;
    const auto& s = r.intermediate[0];
    EXPECT_EQ(expressions(s), strings(a.at("intermediate")[0])) << id;
    EXPECT_EQ(s.easy, minterms(a.at("easy"))) << id;
    EXPECT_EQ(s.difficult, minterms(a.at("difficult"))) << id;
    EXPECT_EQ(s.simplifying_assumptions, minterms(a.at("simplifying_assumptions"))) << id;
  }
}

TEST(QcaReference, MultiValueTruthTablesAndSolutionsMatchRQca) {
  for (const auto& a : golden().at("multivalue")) {
    const auto id = a.at("id").get<std::string>();
    const auto r = run(a, true);
    EXPECT_EQ(r.kind, "multi-value") << id;
    compare_truth_table(r, a.at("truth_table"), id);
    EXPECT_EQ(expressions(r.conservative), strings(a.at("conservative")[0])) << id;
    EXPECT_EQ(expressions(r.parsimonious), strings(a.at("parsimonious")[0])) << id;
  }
}

TEST(QcaReference, CalibrationMatchesRQca) {
  for (const auto& c : golden().at("calibration")) {
    analysis::Calibration cal;
    cal.column = c.at("id").get<std::string>();
    cal.thresholds = c.at("thresholds").get<std::vector<double>>();
    cal.idm = c.at("idm").get<double>();
    cal.logistic = c.at("logistic").get<bool>();
    const auto got = analysis::calibrate(c.at("values").get<std::vector<double>>(), cal);
    const auto want = c.at("expected").get<std::vector<double>>();
    ASSERT_EQ(got.size(), want.size());
    for (std::size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-12) << cal.column << " value " << i;
  }
}

TEST(QcaReference, SufficiencyAndNecessityFitsMatchRQcaPof) {
  const auto& lf = golden().at("analyses")[0];
  const auto data = data_of(lf, {"DEV", "URB", "LIT", "IND", "STB", "SURV"});
  for (const auto& p : golden().at("pof")) {
    const auto expr = p.at("expression").get<std::string>();
    if (p.at("relation") == "sufficiency") {
      const auto f = analysis::sufficiency(data, expr, "SURV");
      near(f.consistency, p.at("consistency"), expr + " inclS");
      near(f.coverage, p.at("coverage"), expr + " covS");
      near(f.relevance, p.at("pri"), expr + " PRI");
    } else {
      const auto f = analysis::necessity(data, expr, "SURV");
      near(f.consistency, p.at("consistency"), expr + " inclN");
      near(f.coverage, p.at("coverage"), expr + " covN");
      near(f.relevance, p.at("ron"), expr + " RoN");
    }
  }
  for (const auto& c : golden().at("necessity_screens")[0].at("candidates")) {
    const auto expr = c.at("expression").get<std::string>();
    const auto f = analysis::necessity(data, expr, "SURV");
    near(f.consistency, c.at("consistency"), expr + " screen inclN");
    near(f.coverage, c.at("coverage"), expr + " screen covN");
    near(f.relevance, c.at("ron"), expr + " screen RoN");
  }
}

// The solution-level fits R QCA 3.12 printed (EXPECTED.md §3.4-3.7, 3 decimals), and the
// simplifying assumptions of the parsimonious solutions (§3.6, §3.7: R's row numbers).
TEST(QcaReference, SolutionFitsMatchThePrintedRQcaOutput) {
  const auto& lf = golden().at("analyses")[0];
  const auto r = run(lf, true);
  const auto m3 = [](double v) { return std::round(v * 1000) / 1000; };
  EXPECT_DOUBLE_EQ(m3(r.conservative.models.at(0).consistency), 0.870);
  EXPECT_DOUBLE_EQ(m3(r.conservative.models.at(0).pri), 0.843);
  EXPECT_DOUBLE_EQ(m3(r.conservative.models.at(0).coverage), 0.658);
  EXPECT_DOUBLE_EQ(m3(r.parsimonious.models.at(0).consistency), 0.850);
  EXPECT_DOUBLE_EQ(m3(r.parsimonious.models.at(0).pri), 0.819);
  EXPECT_DOUBLE_EQ(m3(r.parsimonious.models.at(0).coverage), 0.714);
  std::vector<std::uint64_t> sa;
  for (const auto m : r.parsimonious.simplifying_assumptions) sa.push_back(m + 1);
  EXPECT_EQ(sa, (std::vector<std::uint64_t>{10, 12, 14, 16, 17, 18, 21, 25, 26, 28, 29, 30}));

  analysis::QcaOptions o;
  o.outcome = "SURV";
  o.negate_outcome = true;
  o.incl_cut = {0.8};
  o.remainders = true;
  const auto n = analysis::qca(data_of(lf, {"DEV", "URB", "LIT", "IND", "STB", "SURV"}), o);
  EXPECT_EQ(n.conservative.models.at(0).expression, "~DEV*~URB*~IND + DEV*LIT*IND*~STB");
  EXPECT_DOUBLE_EQ(m3(n.conservative.models.at(0).consistency), 0.897);
  EXPECT_DOUBLE_EQ(m3(n.conservative.models.at(0).pri), 0.871);
  EXPECT_DOUBLE_EQ(m3(n.conservative.models.at(0).coverage), 0.803);
  const auto& t = n.conservative.models.at(0).terms;
  EXPECT_DOUBLE_EQ(m3(t[0].consistency), 0.886);
  EXPECT_DOUBLE_EQ(m3(t[0].unique_coverage), 0.582);
  EXPECT_DOUBLE_EQ(m3(t[1].raw_coverage), 0.220);
  EXPECT_EQ(n.parsimonious.models.at(0).expression, "~DEV + ~STB");
  EXPECT_DOUBLE_EQ(m3(n.parsimonious.models.at(0).coverage), 0.888);
  sa.clear();
  for (const auto m : n.parsimonious.simplifying_assumptions) sa.push_back(m + 1);
  EXPECT_EQ(sa, (std::vector<std::uint64_t>{3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 21, 25, 27, 29}));

  // Two cut-offs: row 24 (FR, SE; incl 0.709) becomes a contradiction (EXPECTED.md §3.3).
  o.negate_outcome = false;
  o.incl_cut = {0.8, 0.6};
  const auto c = analysis::qca(data_of(lf, {"DEV", "URB", "LIT", "IND", "STB", "SURV"}), o);
  EXPECT_EQ(c.rows[23].out, 'C');
  EXPECT_EQ(c.rows[21].out, '1');
  EXPECT_EQ(c.rows[5].out, '0');
  EXPECT_EQ(c.conservative.models.at(0).expression, "DEV*URB*LIT*IND*STB + DEV*~URB*LIT*~IND*STB");
}

}  // namespace
}  // namespace fabscope
