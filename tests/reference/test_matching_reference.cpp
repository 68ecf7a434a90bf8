// Matching against R's MatchIt 4.5.1 (tests/reference/analysis/matching_reference.R, outputs
// in tests/reference/expected/analysis/matching) on lalonde: the propensity model, every
// unit's score, weight and matched control, every cell of the balance table before and
// after, and the effect on the treated, for 1:1 nearest neighbour without and with
// replacement, with a caliper of 0.1 SD and with exact matching on married. The cases are
// the `*_closest` ones: MatchIt's own weights, summary() and match.data() on the closest
// control (MatchIt 4.5.1's compiled matcher truncates distances to integers; see
// matching_NOTES.md).
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "analysis/dataset.hpp"
#include "analysis/matching.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

Csv read(const std::string& name) {
  const auto text = test::read_file(test::source_dir() / "tests/reference/expected/analysis/matching" / name);
  Csv c;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string::npos; start = end + 1, end = text.find('\n', start)) {
    std::vector<std::string> cells;
    std::string line = text.substr(start, end - start);
    std::size_t from = 0;
    for (std::size_t comma = line.find(',');; comma = line.find(',', from)) {
      cells.push_back(line.substr(from, comma == std::string::npos ? std::string::npos : comma - from));
      if (comma == std::string::npos) break;
      from = comma + 1;
    }
    if (c.header.empty()) {
      c.header = cells;
    } else {
      c.rows.push_back(cells);
    }
  }
  return c;
}

double num(const std::string& s) { return s.empty() || s == "NA" ? std::nan("") : std::stod(s); }

void near(double got, double want, const std::string& what) {
  if (std::isnan(want)) {
    EXPECT_TRUE(std::isnan(got)) << what;
  } else {
    EXPECT_NEAR(got, want, std::max(1e-9, 1e-6 * std::abs(want))) << what;
  }
}

analysis::MatchResult run(const std::string& c) {
  const auto data =
      analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/lalonde.csv"), "lalonde.csv");
  analysis::MatchOptions o;
  o.treatment = "treat";
  o.covariates = {"age", "educ", "race", "married", "nodegree", "re74", "re75"};
  o.outcome = "re78";
  o.bootstrap = 0;
  if (c == "nn_replace_closest") o.replace = true;
  if (c == "nn_caliper_closest") o.caliper = 0.1;
  if (c == "nn_exact_closest") o.exact = {"married"};
  return analysis::match(data, o);
}

class MatchingReference : public testing::TestWithParam<std::string> {};

TEST_P(MatchingReference, MatchesMatchIt) {
  const auto c = GetParam();
  const auto r = run(c);
  // The propensity model.
  const auto glm = read(c + "/glm.csv");
  ASSERT_EQ(glm.rows.size(), r.model.coefficients.size());
  for (std::size_t j = 0; j < glm.rows.size(); ++j) {
    EXPECT_EQ(r.model.coefficients[j].term, glm.rows[j][0]);
    near(r.model.coefficients[j].estimate, num(glm.rows[j][1]), c + " glm " + glm.rows[j][0]);
  }
  // Every unit: score, weight, matched control.
  const auto units = read(c + "/units.csv");
  ASSERT_EQ(units.rows.size(), r.names.size());
  std::size_t pairs = 0;
  for (std::size_t i = 0; i < units.rows.size(); ++i) {
    const auto& u = units.rows[i];
    ASSERT_EQ(r.names[i], u[0]);
    EXPECT_EQ(r.treated[i], u[1] == "1") << u[0];
    near(r.distance[i], num(u[2]), c + " distance " + u[0]);
    near(r.weights[i], num(u[3]), c + " weight " + u[0]);
    const auto m = r.match[i];
    const std::string got = m < r.names.size() ? r.names[m] : "";
    const std::string want = u.size() > 5 ? u[5] : "";
    EXPECT_EQ(got, want) << c << " match of " << u[0];
    pairs += want.empty() ? 0 : 1;
  }
  EXPECT_EQ(r.treated_matched, pairs);
  // The balance table before and after.
  const auto bal = read(c + "/balance.csv");
  ASSERT_EQ(bal.rows.size(), r.balance.size());
  for (std::size_t k = 0; k < bal.rows.size(); ++k) {
    const auto& b = r.balance[k];
    const auto& w = bal.rows[k];
    EXPECT_EQ(b.term, w[0]);
    const double got[] = {b.mean_treated_all,     b.mean_control_all,     b.smd_all,     b.var_ratio_all,
                          b.mean_treated_matched, b.mean_control_matched, b.smd_matched, b.var_ratio_matched};
    for (std::size_t j = 0; j < 8; ++j)
      near(got[j], num(w[j + 1]), fmt::format("{} {} {}", c, w[0], bal.header[j + 1]));
  }
  // The effect on the treated and the sample sizes.
  const auto effect = read(c + "/effect.csv");
  near(r.att, num(effect.rows[0][0]), c + " ATT");
  EXPECT_EQ(r.treated_matched, static_cast<std::size_t>(num(effect.rows[0][2])));
  EXPECT_EQ(r.controls_matched, static_cast<std::size_t>(num(effect.rows[0][3])));
  EXPECT_EQ(r.n_treated - r.treated_matched, static_cast<std::size_t>(num(effect.rows[0][4])));
}

INSTANTIATE_TEST_SUITE_P(Lalonde, MatchingReference,
                         testing::Values("nn_closest", "nn_replace_closest", "nn_caliper_closest", "nn_exact_closest"));

}  // namespace
}  // namespace fabscope
