#include "territory/reach.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <thread>

#include "core/text.hpp"

namespace fabscope::territory {
namespace {

// Points on the unit sphere sorted by cubic cell, coordinates and weights side by side.
// The cell edge is the chord of the largest radius, so every pair within reach lies in
// the same cell or in one of the 26 around it.
struct Grid {
  std::vector<double> x, y, z, w;   // by position in cell order
  std::vector<std::size_t> id;      // input index of each position
  std::vector<std::uint64_t> keys;  // distinct cells, ascending
  std::vector<std::size_t> start;   // first position of each cell (+ one past the end)
};

constexpr std::int64_t kOffset = std::int64_t{1} << 20;
constexpr int kShift = 21;

std::uint64_t pack(std::int64_t cx, std::int64_t cy, std::int64_t cz) {
  return (static_cast<std::uint64_t>(cx + kOffset) << (2 * kShift)) |
         (static_cast<std::uint64_t>(cy + kOffset) << kShift) | static_cast<std::uint64_t>(cz + kOffset);
}

Grid build_grid(const std::vector<double>& lat, const std::vector<double>& lon, const std::vector<double>& weight,
                double cell) {
  std::vector<std::pair<std::uint64_t, std::size_t>> order;
  std::vector<std::array<double, 3>> xyz(lat.size());
  for (std::size_t i = 0; i < lat.size(); ++i) {
    if (std::isnan(lat[i]) || std::isnan(lon[i])) continue;
    xyz[i] = unit_vector(lat[i], lon[i]);
    const auto c = [&](double v) { return static_cast<std::int64_t>(std::floor(v / cell)); };
    order.emplace_back(pack(c(xyz[i][0]), c(xyz[i][1]), c(xyz[i][2])), i);
  }
  std::sort(order.begin(), order.end());
  Grid g;
  const std::size_t n = order.size();
  g.x.resize(n);
  g.y.resize(n);
  g.z.resize(n);
  g.w.resize(n);
  g.id.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    const auto i = order[k].second;
    g.x[k] = xyz[i][0];
    g.y[k] = xyz[i][1];
    g.z[k] = xyz[i][2];
    g.w[k] = std::isnan(weight[i]) ? 0.0 : weight[i];  // a missing weight adds nothing
    g.id[k] = i;
    if (k == 0 || order[k].first != order[k - 1].first) {
      g.keys.push_back(order[k].first);
      g.start.push_back(k);
    }
  }
  g.start.push_back(n);
  return g;
}

// The 13 neighbouring cells "after" a cell: each unordered pair of cells is visited once.
std::array<std::int64_t, 13> forward_offsets() {
  std::array<std::int64_t, 13> out{};
  std::size_t k = 0;
  for (int dx = -1; dx <= 1; ++dx) {
    for (int dy = -1; dy <= 1; ++dy) {
      for (int dz = -1; dz <= 1; ++dz) {
        const bool after = dx > 0 || (dx == 0 && (dy > 0 || (dy == 0 && dz > 0)));
        if (after) out[k++] = (std::int64_t{dx} << (2 * kShift)) + (std::int64_t{dy} << kShift) + dz;
      }
    }
  }
  return out;
}

}  // namespace

std::vector<std::vector<double>> population_within(const std::vector<double>& lat, const std::vector<double>& lon,
                                                   const std::vector<double>& weight, const ReachOptions& options) {
  const std::size_t n = lat.size();
  const std::size_t nr = options.radii_km.size();
  std::vector<std::vector<double>> out(nr, std::vector<double>(n, text::kMissing));
  if (nr == 0 || n == 0) return out;
  // Comparing squared chords with the squared chord of each radius is the same test as
  // great-circle distance <= radius, without trigonometry per pair. The squared chord is
  // summed over x, y, z in that order, so a pair gives the same figure whichever point
  // asks.
  std::vector<double> limits(nr);
  for (std::size_t r = 0; r < nr; ++r) limits[r] = chord2_of_km(options.radii_km[r]);
  const double max_limit = *std::max_element(limits.begin(), limits.end());
  const Grid g = build_grid(lat, lon, weight, std::sqrt(max_limit) * (1 + 1e-9));
  const std::size_t cells = g.keys.size();
  const auto offsets = forward_offsets();

  unsigned threads = options.threads != 0 ? options.threads : std::max(1U, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(1, g.x.size() / 5000)));
  // Distance bands: the radii in increasing order; a pair falls in the first band whose
  // limit it does not exceed (band nr: out of reach). The sum within radius r is the sum
  // of bands 0..r of that radius's rank.
  std::vector<std::size_t> order(nr);
  for (std::size_t r = 0; r < nr; ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return limits[a] < limits[b]; });
  std::vector<double> band_limit(nr);
  for (std::size_t b = 0; b < nr; ++b) band_limit[b] = limits[order[b]];
  const std::size_t nb = nr + 1;
  // Each thread takes a share of the cells and adds into its own band sums (a pair adds
  // to both of its points); the shares are added at the end.
  const std::size_t np = g.x.size();
  std::vector<std::vector<double>> bands(threads, std::vector<double>(np * nb, 0.0));
  auto work = [&](unsigned t) {
    double* s = bands[t].data();
    auto pairs = [&](std::size_t a0, std::size_t a1, std::size_t b0, std::size_t b1, bool same) {
      for (std::size_t i = a0; i < a1; ++i) {
        const double xi = g.x[i], yi = g.y[i], zi = g.z[i], wi = g.w[i];
        double* si = s + i * nb;
        for (std::size_t j = same ? i + 1 : b0; j < b1; ++j) {
          const double dx = xi - g.x[j], dy = yi - g.y[j], dz = zi - g.z[j];
          const double d2 = dx * dx + dy * dy + dz * dz;
          std::size_t band = 0;
          for (std::size_t b = 0; b < nr; ++b) band += d2 > band_limit[b] ? 1 : 0;
          si[band] += g.w[j];
          s[j * nb + band] += wi;
        }
      }
    };
    for (std::size_t c = t; c < cells; c += threads) {
      const std::size_t a0 = g.start[c], a1 = g.start[c + 1];
      for (std::size_t i = a0; i < a1; ++i) s[i * nb] += g.w[i];  // itself, at distance 0
      pairs(a0, a1, a1, a1, true);
      for (const auto off : offsets) {
        const auto key = static_cast<std::uint64_t>(static_cast<std::int64_t>(g.keys[c]) + off);
        const auto it = std::lower_bound(g.keys.begin() + static_cast<std::ptrdiff_t>(c) + 1, g.keys.end(), key);
        if (it == g.keys.end() || *it != key) continue;
        const auto b = static_cast<std::size_t>(it - g.keys.begin());
        pairs(a0, a1, g.start[b], g.start[b + 1], false);
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  for (std::size_t k = 0; k < np; ++k) {
    double running = 0;
    for (std::size_t b = 0; b < nr; ++b) {
      for (unsigned t = 0; t < threads; ++t) running += bands[t][k * nb + b];
      out[order[b]][g.id[k]] = running;
    }
  }
  return out;
}

}  // namespace fabscope::territory
