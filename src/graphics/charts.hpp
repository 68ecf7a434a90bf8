// Charts in SVG: horizontal bars (with optional intervals) and percentile bars (where a
// territory stands among all territories of its level). Deterministic output.
#pragma once

#include <string>
#include <vector>

#include "graphics/svg.hpp"

namespace fabscope::graphics {

struct Bar {
  std::string label;
  double value = 0;          // NaN = no data (drawn as a dashed empty bar)
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

struct RadarSeries {
  std::string label;
  std::vector<double> values;  // one per axis, 0..1; NaN = no data (drawn at the centre, hollow)
  std::string colour;
  bool dashed = false;
};

// A radar (spider) chart of a few 0–1 scores, e.g. the dimensions of the référentiel for
// a workshop against the panel's median.
std::string radar_chart(const Frame& frame, const std::vector<std::string>& axes,
                        const std::vector<RadarSeries>& series, int width = 640);

// Histogram of `values` (NaN ignored) in `bins` bins, on a log10 axis when `log_scale`
// (values <= 0 are then left out), with a vertical marker at `marker` labelled
// `marker_label`.
std::string distribution_chart(const Frame& frame, const std::vector<double>& values, double marker,
                               const std::string& marker_label, bool log_scale, int bins = 30, int width = 820);

// ---- the analyses' graphics (analysis_charts.cpp) ----------------------------------------

struct ScatterPoint {
  double x = 0, y = 0;
  std::size_t group = 0;  // colour (category_colour) and legend entry
  std::string label;      // hover title
};

// A factor map: points on two axes through the origin, coloured by group, with a legend;
// `vectors`: draw each point as an arrow from the origin (the variables' map), labelled.
std::string scatter_chart(const Frame& frame, const std::vector<ScatterPoint>& points,
                          const std::vector<std::string>& groups, const std::string& x_title,
                          const std::string& y_title, bool vectors = false, int width = 820);

struct DendrogramMerge {
  std::size_t a = 0, b = 0;  // 0..n-1 leaves, n + m the m-th merge
  double height = 0;
};

// A dendrogram of `leaves` leaves (drawn in the tree's order, coloured by `leaf_group`),
// with a dashed line where it is cut into groups.
std::string dendrogram_chart(const Frame& frame, const std::vector<DendrogramMerge>& merges, std::size_t leaves,
                             const std::vector<std::size_t>& leaf_group, const std::vector<std::string>& groups,
                             double cut, int width = 820);

struct BalanceRow {
  std::string label;
  double before = 0, after = 0;  // standardised mean differences
};

// A balance plot ("love plot"): each variable's standardised mean difference before
// (hollow) and after (filled) matching, with the ±threshold band.
std::string balance_chart(const Frame& frame, const std::vector<BalanceRow>& rows, double threshold, int width = 820);

}  // namespace fabscope::graphics
