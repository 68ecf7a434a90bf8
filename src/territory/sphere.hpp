// Points on the sphere in a k-d tree (unit vectors; the chord grows with the great-circle
// distance, so a chord radius is a distance radius). Used by the accessibility of
// workshops; the reach indicators (reach.hpp) use a grid of the same unit vectors.
#pragma once

#include <array>
#include <memory>
#include <utility>
#include <vector>

namespace fabscope::territory {

inline constexpr double kEarthRadiusKm = 6371.0088;

double haversine_km(double lat1, double lon1, double lat2, double lon2);
// Squared chord on the unit sphere of a great-circle distance, and back.
double chord2_of_km(double km);
double km_of_chord2(double chord2);
// The unit vector of a point given in degrees.
std::array<double, 3> unit_vector(double lat, double lon);

class SphereIndex {
 public:
  // Points with a NaN coordinate are left out (they are never found).
  SphereIndex(const std::vector<double>& lat, const std::vector<double>& lon);
  ~SphereIndex();
  SphereIndex(const SphereIndex&) = delete;
  SphereIndex& operator=(const SphereIndex&) = delete;

  // Indices (into the input vectors) within `radius_km` of (lat, lon), candidates by chord
  // with a small margin: callers test the exact distance they need. Pairs (index, chord²).
  void within(double lat, double lon, double radius_km, std::vector<std::pair<unsigned, double>>& out) const;
  // The nearest point: (index, great-circle km), or (-1, NaN) when the index is empty.
  [[nodiscard]] std::pair<long, double> nearest(double lat, double lon) const;
  [[nodiscard]] std::size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace fabscope::territory
