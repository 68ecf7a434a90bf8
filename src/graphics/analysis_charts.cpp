// The analyses' graphics: factor maps, dendrograms, balance plots (charts.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <functional>

#include "graphics/charts.hpp"
#include "graphics/scale.hpp"

namespace fabscope::graphics {
namespace {

// A "nice" symmetric bound of |v|: 1, 2 or 5 × 10^k.
double nice_bound(double v) {
  if (!(v > 0)) return 1;
  const double p = std::pow(10, std::floor(std::log10(v)));
  for (const double m : {1.0, 2.0, 5.0, 10.0}) {
    if (v <= m * p) return m * p;
  }
  return 10 * p;
}

std::string legend(const std::vector<std::string>& groups, double x, double y) {
  std::string out = R"(<g class="legend" font-size="12" fill="#1a1a1a">)";
  for (std::size_t g = 0; g < groups.size(); ++g) {
    const double gy = y + 18.0 * static_cast<double>(g);
    out += fmt::format(R"(<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="#1a1a1a" stroke-width="0.5"/>)",
                       coord(x), coord(gy), category_colour(g));
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(x + 18), coord(gy + 10), text::xml_escape(groups[g]));
  }
  return out + "</g>";
}

}  // namespace

std::string scatter_chart(const Frame& frame, const std::vector<ScatterPoint>& points,
                          const std::vector<std::string>& groups, const std::string& x_title,
                          const std::string& y_title, bool vectors, int width) {
  const int height = 560;
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  const double legend_w = groups.empty() ? 0 : 200;
  const double left = 56, right = width - 16 - legend_w, bottom = height - 60;
  double bx = 0, by = 0;
  for (const auto& p : points) {
    bx = std::max(bx, std::abs(p.x));
    by = std::max(by, std::abs(p.y));
  }
  bx = vectors ? 1 : nice_bound(bx * 1.05);
  by = vectors ? 1 : nice_bound(by * 1.05);
  const auto px = [&](double x) { return left + (x + bx) / (2 * bx) * (right - left); };
  const auto py = [&](double y) { return bottom - (y + by) / (2 * by) * (bottom - top - 8); };
  out += R"(<g class="axes" stroke="#999999" stroke-width="1">)";
  out +=
      fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}"/>)", coord(left), coord(right), coord(py(0)), coord(py(0)));
  out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}"/>)", coord(px(0)), coord(px(0)), coord(py(by)),
                     coord(py(-by)));
  if (vectors) {
    out += fmt::format(R"(<circle cx="{}" cy="{}" r="{}" fill="none" stroke-dasharray="3 3"/>)", coord(px(0)),
                       coord(py(0)), coord(px(1) - px(0)));
  }
  out += "</g>";
  out += R"(<g font-size="10" fill="#555555" text-anchor="middle">)";
  for (const double t : {-bx, -bx / 2, bx / 2, bx}) {
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(px(t)), coord(bottom + 14), axis_number(frame, t));
  }
  for (const double t : {-by, -by / 2, by / 2, by}) {
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(left - 6), coord(py(t) + 3),
                       axis_number(frame, t));
  }
  out += "</g>";
  out += fmt::format(R"(<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#1a1a1a">{}</text>)",
                     coord((left + right) / 2), coord(bottom + 32), text::xml_escape(x_title));
  out += fmt::format(
      R"svg(<text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#1a1a1a" transform="rotate(-90 {} {})">{}</text>)svg",
      coord(16), coord((top + bottom) / 2), coord(16), coord((top + bottom) / 2), text::xml_escape(y_title));
  out += R"(<g class="points">)";
  for (const auto& p : points) {
    const auto colour = category_colour(p.group);
    if (vectors) {
      out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/>)", coord(px(0)),
                         coord(py(0)), coord(px(p.x)), coord(py(p.y)), colour);
      out += fmt::format(R"(<text x="{}" y="{}" font-size="11" fill="#1a1a1a"{}>{}</text>)", coord(px(p.x)),
                         coord(py(p.y) - 4), p.x < 0 ? R"( text-anchor="end")" : "", text::xml_escape(p.label));
    } else {
      out += fmt::format(
          R"(<circle cx="{}" cy="{}" r="4" fill="{}" stroke="#1a1a1a" stroke-width="0.6"><title>{}</title></circle>)",
          coord(px(p.x)), coord(py(p.y)), colour, text::xml_escape(p.label));
    }
  }
  out += "</g>";
  if (!groups.empty()) out += legend(groups, right + 24, top + 8);
  out += close_svg(frame, width, height);
  return out;
}

std::string dendrogram_chart(const Frame& frame, const std::vector<DendrogramMerge>& merges, std::size_t leaves,
                             const std::vector<std::size_t>& leaf_group, const std::vector<std::string>& groups,
                             double cut, int width) {
  const int height = 420;
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  const double legend_w = groups.empty() ? 0 : 200;
  const double left = 56, right = width - 16 - legend_w, bottom = height - 40;
  // Leaves in the tree's order (depth first), each node's x the mean of its children's.
  std::vector<double> x(leaves + merges.size(), 0), h(leaves + merges.size(), 0);
  std::vector<std::size_t> order;
  const std::function<void(std::size_t)> walk = [&](std::size_t node) {
    if (node < leaves) {
      order.push_back(node);
      return;
    }
    walk(merges[node - leaves].a);
    walk(merges[node - leaves].b);
  };
  if (!merges.empty()) walk(leaves + merges.size() - 1);
  const double step = order.size() > 1 ? (right - left) / static_cast<double>(order.size() - 1) : 0;
  for (std::size_t k = 0; k < order.size(); ++k) x[order[k]] = left + step * static_cast<double>(k);
  double top_height = 0;
  for (std::size_t m = 0; m < merges.size(); ++m) top_height = std::max(top_height, merges[m].height);
  top_height = top_height > 0 ? top_height : 1;
  const auto py = [&](double v) { return bottom - v / top_height * (bottom - top - 8); };
  // The group of a node: its leaves' when they all share one, else none (drawn grey).
  std::vector<long> group(leaves + merges.size(), -1);
  for (std::size_t i = 0; i < leaves && i < leaf_group.size(); ++i) group[i] = static_cast<long>(leaf_group[i]);
  out += R"(<g class="tree" fill="none" stroke-width="1.2">)";
  for (std::size_t m = 0; m < merges.size(); ++m) {
    const auto node = leaves + m;
    const auto& mg = merges[m];
    x[node] = (x[mg.a] + x[mg.b]) / 2;
    h[node] = mg.height;
    group[node] = group[mg.a] == group[mg.b] ? group[mg.a] : -1;
    const auto colour =
        group[node] >= 0 ? category_colour(static_cast<std::size_t>(group[node])) : std::string("#555555");
    out += fmt::format(R"(<path d="M{} {}V{}H{}V{}" stroke="{}"/>)", coord(x[mg.a]), coord(py(h[mg.a])),
                       coord(py(mg.height)), coord(x[mg.b]), coord(py(h[mg.b])), colour);
  }
  out += "</g>";
  if (cut > 0) {
    out += fmt::format(R"(<line class="cut" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b2182b" stroke-dasharray="6 4"/>)",
                       coord(left), coord(right), coord(py(cut)), coord(py(cut)));
  }
  out += R"(<g font-size="10" fill="#555555" text-anchor="end">)";
  for (int i = 0; i <= 4; ++i) {
    const double v = top_height * i / 4.0;
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(left - 6), coord(py(v) + 3),
                       axis_number(frame, std::round(v * 1000) / 1000));
  }
  out += "</g>";
  if (!groups.empty()) out += legend(groups, right + 24, top + 8);
  out += close_svg(frame, width, height);
  return out;
}

std::string balance_chart(const Frame& frame, const std::vector<BalanceRow>& rows, double threshold, int width) {
  constexpr double kRow = 24, kLabel = 220;
  const int height = static_cast<int>(70 + kRow * static_cast<double>(rows.size()) + 40);
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  double bound = threshold * 2;
  for (const auto& r : rows) {
    if (std::isfinite(r.before)) bound = std::max(bound, std::abs(r.before));
    if (std::isfinite(r.after)) bound = std::max(bound, std::abs(r.after));
  }
  bound = nice_bound(bound);
  const double x0 = 12 + kLabel, x1 = width - 24.0;
  const auto px = [&](double v) { return x0 + (std::clamp(v, -bound, bound) + bound) / (2 * bound) * (x1 - x0); };
  const double y_end = top + 6 + kRow * static_cast<double>(rows.size());
  out +=
      fmt::format(R"(<rect class="band" x="{}" y="{}" width="{}" height="{}" fill="#e8f1e4"/>)", coord(px(-threshold)),
                  coord(top + 4), coord(px(threshold) - px(-threshold)), coord(y_end - top - 4));
  out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#999999"/>)", coord(px(0)), coord(px(0)),
                     coord(top + 4), coord(y_end));
  out += R"(<g font-size="12" fill="#1a1a1a">)";
  double y = top + 6;
  for (const auto& r : rows) {
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(x0 - 8), coord(y + 14),
                       text::xml_escape(r.label));
    out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#dddddd"/>)", coord(x0), coord(x1),
                       coord(y + 10), coord(y + 10));
    if (std::isfinite(r.before)) {
      out += fmt::format(
          R"(<circle class="before" cx="{}" cy="{}" r="5" fill="#ffffff" stroke="#b2182b" stroke-width="2"><title>{} : {:.3f}</title></circle>)",
          coord(px(r.before)), coord(y + 10), text::xml_escape(r.label), r.before);
    }
    if (std::isfinite(r.after)) {
      out += fmt::format(
          R"(<circle class="after" cx="{}" cy="{}" r="5" fill="#2166ac" stroke="#1a1a1a" stroke-width="0.6"><title>{} : {:.3f}</title></circle>)",
          coord(px(r.after)), coord(y + 10), text::xml_escape(r.label), r.after);
    }
    y += kRow;
  }
  out += "</g>";
  out += R"(<g font-size="10" fill="#555555" text-anchor="middle">)";
  for (const double t : {-bound, -threshold, 0.0, threshold, bound}) {
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(px(t)), coord(y + 14), axis_number(frame, t));
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

}  // namespace fabscope::graphics
