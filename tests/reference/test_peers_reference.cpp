// Peers against an independent Python implementation (tests/reference/analysis/peers_reference.py,
// outputs in tests/reference/expected/analysis/peers) on a fictitious seeded panel of 40
// workshops with missing values, exact ties and a unit with nothing known: every peer in
// order with its distance and the two parts, every percentile, every territorial fit.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "analysis/dataset.hpp"
#include "analysis/peers.hpp"
#include "support/test_support.hpp"

namespace fabscope {
namespace {

std::vector<std::vector<std::string>> rows_of(const std::string& file) {
  const auto text = test::read_file(test::source_dir() / "tests/reference/expected/analysis/peers" / file);
  std::vector<std::vector<std::string>> out;
  std::size_t start = text.find('\n') + 1;  // header
  for (std::size_t end = text.find('\n', start); end != std::string::npos;
       start = end + 1, end = text.find('\n', start)) {
    std::vector<std::string> cells;
    const auto line = text.substr(start, end - start);
    std::size_t from = 0;
    for (std::size_t c = line.find(',');; c = line.find(',', from)) {
      cells.push_back(line.substr(from, c == std::string::npos ? std::string::npos : c - from));
      if (c == std::string::npos) break;
      from = c + 1;
    }
    out.push_back(cells);
  }
  return out;
}

double num(const std::string& s) { return s.empty() ? std::nan("") : std::stod(s); }

void near(double got, const std::string& want, const std::string& what) {
  if (want.empty()) {
    EXPECT_TRUE(std::isnan(got)) << what << " should be undefined, is " << got;
  } else {
    EXPECT_NEAR(got, num(want), 1e-12) << what;
  }
}

TEST(PeersReference, PeersPercentilesAndFitMatchPython) {
  const auto data = analysis::read_csv(test::read_file(test::source_dir() / "tests/reference/analysis/peers_panel.csv"),
                                       "peers_panel.csv");
  const auto r =
      analysis::peers(analysis::peer_input(data, {"kind", "equipment"}, {"density_class", "median_income", "lq_be"},
                                           {"ind_a", "ind_b", "ind_c"}, "archetype"),
                      {});
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < r.input.names.size(); ++i) index[r.input.names[i]] = i;
  // peers.csv: name, rank, peer, distance, model, territory.
  std::map<std::string, std::size_t> count;
  for (const auto& row : rows_of("peers.csv")) {
    const auto& u = r.units.at(index.at(row[0]));
    const auto rank = std::stoul(row[1]);
    ++count[row[0]];
    ASSERT_LE(rank, u.peers.size()) << row[0];
    const auto& p = u.peers[rank - 1];
    EXPECT_EQ(r.input.names[p.unit], row[2]) << row[0] << " rank " << rank;
    near(p.distance, row[3], row[0] + " distance");
    near(p.model, row[4], row[0] + " model");
    near(p.territory, row[5], row[0] + " territory");
  }
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    EXPECT_EQ(r.units[i].peers.size(), count[r.input.names[i]]) << r.input.names[i];
  }
  EXPECT_TRUE(r.units.at(index.at("fictitious40")).peers.empty());
  // percentiles.csv: name, indicator, percentile.
  std::size_t checked = 0;
  for (const auto& row : rows_of("percentiles.csv")) {
    const auto k =
        static_cast<std::size_t>(std::find(r.input.indicator_names.begin(), r.input.indicator_names.end(), row[1]) -
                                 r.input.indicator_names.begin());
    near(r.units.at(index.at(row[0])).percentile.at(k), row.size() > 2 ? row[2] : "", row[0] + " " + row[1]);
    ++checked;
  }
  EXPECT_EQ(checked, 120U);
  // fit.csv: name, archetype, fit distance, fit percentile.
  for (const auto& row : rows_of("fit.csv")) {
    const auto& u = r.units.at(index.at(row[0]));
    near(u.fit_distance, row[2], row[0] + " fit distance");
    near(u.fit_percentile, row.size() > 3 ? row[3] : "", row[0] + " fit percentile");
  }
}

}  // namespace
}  // namespace fabscope
