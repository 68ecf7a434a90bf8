// Population within reach: for each point, the sum of the weights of the points whose
// great-circle distance is within each radius (itself included). A k-d tree on the unit
// sphere (chord distance) finds the candidates; the haversine distance decides.
#pragma once

#include <vector>

namespace fabscope::territory {

inline constexpr double kEarthRadiusKm = 6371.0088;

double haversine_km(double lat1, double lon1, double lat2, double lon2);

struct ReachOptions {
  std::vector<double> radii_km = {10, 20, 30};
  unsigned threads = 0;  // 0 = hardware concurrency
};

// result[r][i] = Σ weight[j] over j with distance(i, j) ≤ radii_km[r]; NaN weights add
// nothing; NaN when point i has no coordinates.
std::vector<std::vector<double>> population_within(const std::vector<double>& lat, const std::vector<double>& lon,
                                                   const std::vector<double>& weight, const ReachOptions& options);

}  // namespace fabscope::territory
