// Every normalisation, missing-value policy, weighting and aggregation of the référentiel
// against the independent numpy implementation (tests/reference/referential_reference.py),
// on its fictitious seeded dataset. Tolerance: relative 1e-9.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "core/text.hpp"
#include "io/archive.hpp"
#include "io/csv.hpp"
#include "referential/referential.hpp"
#include "referential/scoring.hpp"
#include "support/test_support.hpp"

namespace fabscope::referential {
namespace {

using nlohmann::json;

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  [[nodiscard]] std::size_t col(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
};

Table read(const std::filesystem::path& p) {
  io::CsvReader reader(io::read_file(p), p.filename().string());
  std::vector<std::string_view> f;
  Table t;
  reader.next(f);
  t.header.assign(f.begin(), f.end());
  while (reader.next(f)) t.rows.emplace_back(f.begin(), f.end());
  return t;
}

double num(const std::string& s) {
  const auto v = text::parse_double(s);
  return v ? *v : text::kMissing;
}

void expect_close(double ours, double ref, const std::string& what) {
  if (std::isnan(ours) || std::isnan(ref)) {
    EXPECT_TRUE(std::isnan(ours) && std::isnan(ref)) << what << ": ours " << ours << ", reference " << ref;
    return;
  }
  EXPECT_NEAR(ours, ref, 1e-9 * std::max({1.0, std::abs(ours), std::abs(ref)})) << what;
}

class ReferentialReference : public ::testing::TestWithParam<std::string> {};

TEST_P(ReferentialReference, MatchesNumpy) {
  const auto dir = test::source_dir() / "tests/reference/referential";
  const auto spec = json::parse(test::read_file(dir / "cases.json"));
  const auto input = read(dir / spec["input"].get<std::string>());
  json kase;
  for (const auto& c : spec["cases"]) {
    if (c["name"] == GetParam()) kase = c;
  }
  if (GetParam() == "pca") {  // tests/reference/referential_pca_reference.py
    kase = {{"name", "pca"},          {"normalisation", "minmax"},    {"missing", "exclude"},
            {"winsorise", nullptr},   {"weighting", "pca"},           {"aggregation", "arithmetic"},
            {"goalposts", nullptr},   {"reference", nullptr},         {"missing_in_score", "reweight"},
            {"min_coverage", json::object()}};
  }
  ASSERT_FALSE(kase.is_null()) << GetParam();
  // Indicators and their methods.
  std::vector<std::string> ids;
  ScoringInput in;
  for (const auto& ind : spec["indicators"]) {
    const std::string id = ind["id"];
    ids.push_back(id);
    IndicatorMethod m;
    const std::string dir_s = ind["direction"];
    m.direction = dir_s == "lower_better" ? Direction::lower_better
                  : dir_s == "neutral"    ? Direction::neutral
                                          : Direction::higher_better;
    const std::string norm = kase["normalisation"].is_string() ? kase["normalisation"].get<std::string>()
                                                               : kase["normalisation"][id].get<std::string>();
    static const std::map<std::string, Normalisation> kNorm = {
        {"minmax", Normalisation::minmax},         {"zscore", Normalisation::zscore},
        {"goalposts", Normalisation::goalposts},   {"rank", Normalisation::rank},
        {"percentile", Normalisation::percentile}, {"distance_to_reference", Normalisation::distance_to_reference}};
    m.normalisation = kNorm.at(norm);
    static const std::map<std::string, MissingPolicy> kMiss = {{"exclude", MissingPolicy::exclude},
                                                               {"mean", MissingPolicy::mean},
                                                               {"median", MissingPolicy::median},
                                                               {"lowest", MissingPolicy::lowest}};
    m.missing = kMiss.at(kase["missing"].get<std::string>());
    if (!kase["winsorise"].is_null())
      m.winsorise = std::make_pair(kase["winsorise"][0].get<double>(), kase["winsorise"][1].get<double>());
    if (!kase["goalposts"].is_null() && kase["goalposts"].contains(id)) {
      m.goalposts = std::make_pair(kase["goalposts"][id][0].get<double>(), kase["goalposts"][id][1].get<double>());
    }
    if (!kase["reference"].is_null() && kase["reference"].contains(id))
      m.reference = kase["reference"][id].get<double>();
    in.methods.push_back(m);
  }
  // The tree: criteria over indicators, dimensions over criteria, the root.
  std::map<std::string, std::size_t> node_index;
  auto add_node = [&](const std::string& name, bool over_indicators) {
    ScoreNode n;
    n.id = name;
    for (const auto& child : spec["tree"][name]) {
      const std::string cid = child["id"];
      const double w = child["weight"];
      if (over_indicators) {
        n.indicators.emplace_back(static_cast<std::size_t>(std::find(ids.begin(), ids.end(), cid) - ids.begin()), w);
      } else {
        n.children.emplace_back(node_index.at(cid), w);
      }
    }
    if (kase["min_coverage"].contains(name)) n.min_coverage = kase["min_coverage"][name].get<double>();
    node_index[name] = in.nodes.size();
    in.nodes.push_back(std::move(n));
  };
  for (const auto& c : spec["levels"]["criteria"]) add_node(c, true);
  for (const auto& d : spec["levels"]["dimensions"]) add_node(d, false);
  add_node(spec["levels"]["root"], false);
  in.weighting = kase["weighting"] == "equal" ? Weighting::equal
                 : kase["weighting"] == "pca" ? Weighting::pca
                                              : Weighting::expert;
  in.aggregation = kase["aggregation"] == "geometric" ? Aggregation::geometric : Aggregation::arithmetic;
  in.missing_in_score = kase["missing_in_score"] == "zero"     ? MissingInScore::zero
                        : kase["missing_in_score"] == "median" ? MissingInScore::median
                                                               : MissingInScore::reweight;
  in.units = input.rows.size();
  for (const auto& row : input.rows) {
    for (const auto& id : ids) in.values.push_back(num(row[input.col(id)]));
  }
  const auto r = score(in);
  const auto expected = read(dir / ("expected_" + GetParam() + ".csv"));
  ASSERT_EQ(expected.rows.size(), in.units);
  const std::size_t k = in.nodes.size();
  std::size_t compared = 0;
  for (std::size_t u = 0; u < in.units; ++u) {
    const auto& row = expected.rows[u];
    ASSERT_EQ(row[0], input.rows[u][0]);
    for (std::size_t j = 0; j < ids.size(); ++j) {
      expect_close(r.normalised[u * ids.size() + j], num(row[expected.col("n_" + ids[j])]), row[0] + " n_" + ids[j]);
      ++compared;
    }
    for (const auto& [name, nd] : node_index) {
      expect_close(r.scores[u * k + nd], num(row[expected.col(name)]), row[0] + " " + name);
      expect_close(r.coverage[u * k + nd], num(row[expected.col("cov_" + name)]), row[0] + " cov_" + name);
      compared += 2;
    }
    const auto& rank = row[expected.col("rank")];
    EXPECT_EQ(r.rank[u], rank.empty() ? 0 : std::stoi(rank)) << row[0] << " rank";
    // The rank on every node below the root (not in the PCA reference's file).
    for (const auto& [name, nd] : node_index) {
      const auto c = expected.col("rank_" + name);
      if (name == "total" || c == expected.header.size()) continue;
      EXPECT_EQ(r.rank_on(u, nd, k), row[c].empty() ? 0 : std::stoi(row[c])) << row[0] << " rank_" << name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 1000U);
}

INSTANTIATE_TEST_SUITE_P(Cases, ReferentialReference,
                         ::testing::Values("minmax_exclude_arith_expert", "minmax_equal", "zscore_mean", "goalposts",
                                           "rank", "percentile_median", "distance_to_reference",
                                           "minmax_winsorise_lowest", "geometric_percentile", "geometric_minmax",
                                           "mixed", "pca", "coverage_zero", "coverage_reweight",
                                           "median_in_score", "zero_geometric"));

}  // namespace
}  // namespace fabscope::referential
