#include "territory/reach.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "core/text.hpp"

namespace fabscope::territory {

std::vector<std::vector<double>> population_within(const std::vector<double>& lat, const std::vector<double>& lon,
                                                   const std::vector<double>& weight, const ReachOptions& options) {
  const std::size_t n = lat.size();
  const std::size_t nr = options.radii_km.size();
  std::vector<std::vector<double>> out(nr, std::vector<double>(n, text::kMissing));
  if (nr == 0) return out;
  const double max_r = *std::max_element(options.radii_km.begin(), options.radii_km.end());
  const SphereIndex index(lat, lon);
  std::vector<std::size_t> points;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isnan(lat[i]) && !std::isnan(lon[i])) points.push_back(i);
  }
  // Comparing squared chords with the squared chord of each radius is the same test as
  // great-circle distance <= radius, without trigonometry per pair.
  std::vector<double> limits(nr);
  for (std::size_t r = 0; r < nr; ++r) limits[r] = chord2_of_km(options.radii_km[r]);
  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, points.size() / 2000)));
  auto work = [&](std::size_t begin, std::size_t end) {
    std::vector<std::pair<unsigned, double>> matches;
    std::vector<double> sums(nr);
    for (std::size_t k = begin; k < end; ++k) {
      const std::size_t i = points[k];
      index.within(lat[i], lon[i], max_r, matches);
      std::fill(sums.begin(), sums.end(), 0.0);
      for (const auto& m : matches) {
        const double w = weight[m.first];
        if (std::isnan(w)) continue;
        for (std::size_t r = 0; r < nr; ++r) {
          if (m.second <= limits[r]) sums[r] += w;
        }
      }
      for (std::size_t r = 0; r < nr; ++r) out[r][i] = sums[r];
    }
  };
  std::vector<std::thread> pool;
  const std::size_t chunk = (points.size() + threads - 1) / threads;
  for (unsigned t = 1; t < threads; ++t) {
    pool.emplace_back(work, std::min(points.size(), t * chunk), std::min(points.size(), (t + 1) * chunk));
  }
  work(0, std::min(points.size(), chunk));
  for (auto& t : pool) t.join();
  return out;
}

}  // namespace fabscope::territory
