#include "graphics/scale.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace fabscope::graphics {

std::vector<double> compute_breaks(std::vector<double> values, BreakMethod method, int classes) {
  if (classes < 2 || classes > 9) throw std::invalid_argument("the number of classes must be from 2 to 9");
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }), values.end());
  std::vector<double> breaks;
  if (values.empty()) return breaks;
  std::sort(values.begin(), values.end());
  const double n = static_cast<double>(values.size());
  for (int i = 1; i < classes; ++i) {
    const double p = static_cast<double>(i) / classes;
    double b = 0;
    if (method == BreakMethod::equal) {
      b = values.front() + p * (values.back() - values.front());
    } else {
      const double h = (n - 1) * p;  // type 7
      const auto lo = static_cast<std::size_t>(std::floor(h));
      const auto hi = std::min(lo + 1, values.size() - 1);
      b = values[lo] + (h - static_cast<double>(lo)) * (values[hi] - values[lo]);
    }
    if (breaks.empty() || b > breaks.back()) breaks.push_back(b);
  }
  // A bound equal to the maximum would leave the last class empty.
  while (!breaks.empty() && breaks.back() >= values.back()) breaks.pop_back();
  return breaks;
}

int class_of(double v, const std::vector<double>& breaks) {
  if (std::isnan(v)) return -1;
  return static_cast<int>(std::lower_bound(breaks.begin(), breaks.end(), v) - breaks.begin());
}

namespace {
// viridis(9) (matplotlib's viridis sampled at i/8), from dark purple to yellow.
constexpr std::array<std::array<int, 3>, 9> kViridis = {{{0x44, 0x01, 0x54},
                                                         {0x47, 0x2d, 0x7b},
                                                         {0x3b, 0x52, 0x8b},
                                                         {0x2c, 0x72, 0x8e},
                                                         {0x21, 0x90, 0x8c},
                                                         {0x27, 0xad, 0x81},
                                                         {0x5d, 0xc8, 0x63},
                                                         {0xaa, 0xdc, 0x32},
                                                         {0xfd, 0xe7, 0x25}}};
}  // namespace

std::vector<std::string> sequential_palette(int n) {
  std::vector<std::string> out;
  n = std::clamp(n, 1, 12);
  for (int i = 0; i < n; ++i) {
    // Light for low values: run the map from yellow (t = 1) to purple (t = 0).
    const double t = n == 1 ? 0.5 : 1.0 - static_cast<double>(i) / (n - 1);
    const double pos = t * 8.0;
    const auto a = static_cast<std::size_t>(std::min(7.0, std::floor(pos)));
    const double f = pos - static_cast<double>(a);
    std::array<int, 3> c{};
    for (std::size_t k = 0; k < 3; ++k) {
      c[k] = static_cast<int>(std::lround(kViridis[a][k] + f * (kViridis[a + 1][k] - kViridis[a][k])));
    }
    out.push_back(fmt::format("#{:02x}{:02x}{:02x}", c[0], c[1], c[2]));
  }
  return out;
}

std::string category_colour(std::size_t i) {
  static constexpr std::array<const char*, 8> kOkabeIto = {"#e69f00", "#56b4e9", "#009e73", "#0072b2",
                                                           "#d55e00", "#cc79a7", "#f0e442", "#000000"};
  return kOkabeIto[i % kOkabeIto.size()];
}

}  // namespace fabscope::graphics
