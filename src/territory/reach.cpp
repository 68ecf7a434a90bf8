#include "territory/reach.hpp"

#include <nanoflann.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <thread>

#include "core/text.hpp"

namespace fabscope::territory {

double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

namespace {
struct Cloud {
  std::vector<std::array<double, 3>> pts;
  [[nodiscard]] size_t kdtree_get_point_count() const { return pts.size(); }
  [[nodiscard]] double kdtree_get_pt(size_t i, size_t dim) const { return pts[i][dim]; }
  template <class B>
  bool kdtree_get_bbox(B&) const { return false; }
};
using Tree = nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<double, Cloud>, Cloud, 3>;
}  // namespace

std::vector<std::vector<double>> population_within(const std::vector<double>& lat, const std::vector<double>& lon,
                                                   const std::vector<double>& weight, const ReachOptions& options) {
  const std::size_t n = lat.size();
  const std::size_t nr = options.radii_km.size();
  std::vector<std::vector<double>> out(nr, std::vector<double>(n, text::kMissing));
  if (nr == 0) return out;
  const double max_r = *std::max_element(options.radii_km.begin(), options.radii_km.end());
  Cloud cloud;
  std::vector<std::size_t> ids;  // cloud index -> point index
  constexpr double kRad = M_PI / 180.0;
  for (std::size_t i = 0; i < n; ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    const double la = lat[i] * kRad;
    const double lo = lon[i] * kRad;
    cloud.pts.push_back({std::cos(la) * std::cos(lo), std::cos(la) * std::sin(lo), std::sin(la)});
    ids.push_back(i);
  }
  Tree tree(3, cloud, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  tree.buildIndex();
  // On the unit sphere the chord c between two points grows with their great-circle
  // distance d: c = 2 sin(d / 2R). Comparing squared chords to the squared chord of each
  // radius is the same test as d <= radius, without trigonometry per pair.
  auto chord2_of = [](double km) {
    const double c = 2 * std::sin(km / kEarthRadiusKm / 2);
    return c * c;
  };
  std::vector<double> limits(nr);
  for (std::size_t r = 0; r < nr; ++r) limits[r] = chord2_of(options.radii_km[r]);
  const double search2 = chord2_of(max_r) * (1 + 1e-12);
  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, ids.size() / 2000)));
  auto work = [&](std::size_t begin, std::size_t end) {
    std::vector<std::pair<unsigned int, double>> matches;
    nanoflann::SearchParams params;
    params.sorted = false;
    std::vector<double> sums(nr);
    for (std::size_t c = begin; c < end; ++c) {
      matches.clear();
      tree.radiusSearch(cloud.pts[c].data(), search2, matches, params);
      std::fill(sums.begin(), sums.end(), 0.0);
      for (const auto& m : matches) {
        const double w = weight[ids[m.first]];
        if (std::isnan(w)) continue;
        for (std::size_t r = 0; r < nr; ++r) {
          if (m.second <= limits[r]) sums[r] += w;
        }
      }
      for (std::size_t r = 0; r < nr; ++r) out[r][ids[c]] = sums[r];
    }
  };
  std::vector<std::thread> pool;
  const std::size_t chunk = (ids.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work, std::min(ids.size(), t * chunk), std::min(ids.size(), (t + 1) * chunk));
  }
  work(0, std::min(ids.size(), chunk));
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace fabscope::territory
