// Classification of values into colour classes (quantile, equal intervals, manual
// thresholds) and colour-blind-safe palettes (viridis for sequential scales, Okabe-Ito
// for categories).
#pragma once

#include <string>
#include <vector>

namespace fabscope::graphics {

enum class BreakMethod { quantile, equal, manual };

// Upper bounds of the classes but the last: class i holds breaks[i-1] < v <= breaks[i].
// quantile: R's type 7 (numpy's "linear") quantiles at i/k of the defined values; equal:
// min + i (max - min) / k. Duplicate bounds are dropped, so there may be fewer classes
// than asked. NaN values are ignored. Throws std::invalid_argument for k outside 2..9.
std::vector<double> compute_breaks(std::vector<double> values, BreakMethod method, int classes);
// Class of v (0-based) or -1 for NaN.
int class_of(double v, const std::vector<double>& breaks);

// Sequential colours, light (low) to dark (high), from the viridis map; n from 1 to 12.
std::vector<std::string> sequential_palette(int n);
// Categorical colour i (Okabe-Ito, 8 colours, cycling).
std::string category_colour(std::size_t i);
inline constexpr const char* kMissingColour = "#d9d9d9";

}  // namespace fabscope::graphics
