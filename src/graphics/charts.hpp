// Charts in SVG: horizontal bars (with optional intervals) and percentile bars (where a
// territory stands among all territories of its level). Deterministic output.
#pragma once

#include <string>
#include <vector>

#include "graphics/svg.hpp"

namespace fabscope::graphics {

struct Bar {
  std::string label;
  double value = 0;        // NaN = no data (drawn as a dashed empty bar)
  double low = 0, high = 0;  // interval (e.g. 5–95 %); ignored unless has_interval
  bool has_interval = false;
  std::string value_text;  // shown at the end of the bar
};

// Bars from `min` to `max` (e.g. 0–1 for scores).
std::string bar_chart(const Frame& frame, const std::vector<Bar>& bars, double min, double max, int width = 820);

struct PercentileRow {
  std::string label;
  std::string value_text;
  double percentile = 0;  // 0..100, NaN = no data
};

// One track per row from 0 to 100 with quartile ticks and a marker at the percentile.
std::string percentile_chart(const Frame& frame, const std::vector<PercentileRow>& rows, int width = 820);

}  // namespace fabscope::graphics
