// Population within reach: for each point, the sum of the weights of the points whose
// great-circle distance is within each radius (itself included).
#pragma once

#include <vector>

#include "territory/sphere.hpp"

namespace fabscope::territory {

struct ReachOptions {
  std::vector<double> radii_km = {10, 20, 30};
  unsigned threads = 0;  // 0 = hardware concurrency
};

// result[r][i] = Σ weight[j] over j with distance(i, j) ≤ radii_km[r]; NaN weights add
// nothing; NaN when point i has no coordinates.
std::vector<std::vector<double>> population_within(const std::vector<double>& lat, const std::vector<double>& lon,
                                                   const std::vector<double>& weight, const ReachOptions& options);

}  // namespace fabscope::territory
