// Benchmark driver: the Monte Carlo uncertainty analysis of the référentiel engine on a
// fictitious panel read from CSV (written by bench/referential_mc_numpy.py --write-data).
//   fabscope_bench_mc DATA.csv BASE_SAMPLES SEED
// Tree: 40 indicators in 8 criteria of 5, 2 dimensions of 4 criteria; weights in the CSV's
// second line. Prints the wall time of the analysis and a checksum of its output.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "referential/uncertainty.hpp"

using namespace fabscope::referential;

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s DATA.csv BASE_SAMPLES SEED\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  std::string line;
  std::getline(in, line);  // header
  std::getline(in, line);  // weights of the 40 indicators
  std::vector<double> w;
  {
    std::stringstream ss(line);
    std::string cell;
    std::getline(ss, cell, ',');
    while (std::getline(ss, cell, ',')) w.push_back(std::stod(cell));
  }
  ScoringInput s;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::getline(ss, cell, ',');
    while (std::getline(ss, cell, ',')) s.values.push_back(cell.empty() ? std::nan("") : std::stod(cell));
    ++s.units;
  }
  const std::size_t m = w.size();
  s.methods.assign(m, IndicatorMethod{});
  for (std::size_t j = 0; j < m; j += 4) s.methods[j].direction = Direction::lower_better;
  for (std::size_t c = 0; c < 8; ++c) {
    ScoreNode n;
    n.id = "c" + std::to_string(c);
    for (std::size_t j = c * 5; j < c * 5 + 5; ++j) n.indicators.emplace_back(j, w[j]);
    s.nodes.push_back(n);
  }
  s.nodes.push_back(ScoreNode{"d0", {{0, 1}, {1, 1}, {2, 1}, {3, 1}}, {}});
  s.nodes.push_back(ScoreNode{"d1", {{4, 1}, {5, 1}, {6, 1}, {7, 1}}, {}});
  s.nodes.push_back(ScoreNode{"total", {{8, 1}, {9, 1}}, {}});
  UncertaintyOptions o;
  o.base_samples = std::strtoul(argv[2], nullptr, 10);
  o.seed = std::strtoull(argv[3], nullptr, 10);
  o.weight_spread = 0.25;
  o.normalisations = {Normalisation::minmax, Normalisation::rank};
  o.imputations = {MissingPolicy::exclude, MissingPolicy::median};
  o.aggregations = {Aggregation::arithmetic, Aggregation::geometric};
  o.exclude_one_indicator = true;
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = analyse_uncertainty(s, o);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  double check = 0;
  for (const auto& u : r.units) check += u.median_score;
  std::printf("units %zu, indicators %zu, scorings %zu, time %.3f s, checksum %.6f\n", s.units, m, r.scorings, secs,
              check);
  return 0;
}
