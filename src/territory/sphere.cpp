#include "territory/sphere.hpp"

#include <nanoflann.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace fabscope::territory {

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double chord2_of_km(double km) {
  const double c = 2 * std::sin(km / kEarthRadiusKm / 2);
  return c * c;
}

double km_of_chord2(double chord2) { return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(chord2) / 2)); }

namespace {
struct Cloud {
  std::vector<std::array<double, 3>> pts;
  [[nodiscard]] size_t kdtree_get_point_count() const { return pts.size(); }
  [[nodiscard]] double kdtree_get_pt(size_t i, size_t dim) const { return pts[i][dim]; }
  template <class B>
  bool kdtree_get_bbox(B&) const {
    return false;
  }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3, unsigned>;

}  // namespace

std::array<double, 3> unit_vector(double lat, double lon) {
  constexpr double kRad = M_PI / 180.0;
  const double la = lat * kRad;
  const double lo = lon * kRad;
  return {std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)};
}

struct SphereIndex::Impl {
  Cloud cloud;
  std::vector<unsigned> ids;
  std::unique_ptr<Tree> tree;
};

SphereIndex::SphereIndex(const std::vector<double>& lat, const std::vector<double>& lon)
    : m_impl(std::make_unique<Impl>()) {
  for (std::size_t i = 0; i < lat.size(); ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    m_impl->cloud.pts.push_back(unit_vector(lat[i], lon[i]));
    m_impl->ids.push_back(static_cast<unsigned>(i));
  }
  m_impl->tree = std::make_unique<Tree>(3, m_impl->cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  m_impl->tree->buildIndex();
}

SphereIndex::~SphereIndex() = default;

std::size_t SphereIndex::size() const { return m_impl->ids.size(); }

void SphereIndex::within(double lat, double lon, double radius_km,
                         std::vector<std::pair<unsigned, double>>& out) const {
  out.clear();
  if (m_impl->ids.empty()) return;
  const auto q = unit_vector(lat, lon);
  nanoflann::SearchParams params;
  params.sorted = false;
  m_impl->tree->radiusSearch(q.data(), chord2_of_km(radius_km) * (1 + 1e-12), out, params);
  for (auto& m : out) m.first = m_impl->ids[m.first];
}

std::pair<long, double> SphereIndex::nearest(double lat, double lon) const {
  if (m_impl->ids.empty()) return {-1, std::nan("")};
  const auto q = unit_vector(lat, lon);
  unsigned idx = 0;
  double d2 = 0;
  m_impl->tree->knnSearch(q.data(), 1, &idx, &d2);
  const unsigned i = m_impl->ids[idx];
  return {static_cast<long>(i), km_of_chord2(d2)};
}

}  // namespace fabscope::territory
