#include "graphics/charts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "graphics/scale.hpp"

namespace fabscope::graphics {

namespace {
constexpr double kRow = 24;

// Labels longer than the label column are cut with an ellipsis (the full text stays in
// the hover title).
std::string fit_label(const std::string& s, std::size_t max_chars = 49) {
  std::size_t total = 0;
  for (const char c : s) total += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  if (total <= max_chars) return s;
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
    if (n == max_chars - 1) return s.substr(0, i) + "…";
    ++n;
  }
  return s;
}
constexpr double kLabelWidth = 330;
constexpr double kValueWidth = 160;
}  // namespace

std::string bar_chart(const Frame& frame, const std::vector<Bar>& bars, double min, double max, int width) {
  const int height = static_cast<int>(54 + kRow * static_cast<double>(bars.size()) + 40);
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  const double x0 = 12 + kLabelWidth, w = width - 24 - kLabelWidth - kValueWidth;
  const auto px = [&](double v) { return x0 + (std::clamp(v, min, max) - min) / (max - min) * w; };
  const auto colour = sequential_palette(5)[3];
  out += R"(<g class="bars" font-size="12" fill="#1a1a1a">)";
  double y = top + 6;
  for (const auto& b : bars) {
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(x0 - 8), coord(y + 14),
                       text::xml_escape(fit_label(b.label)));
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="16" fill="#f0f0f0"/>)", coord(x0), coord(y + 2),
                       coord(w));
    if (std::isnan(b.value)) {
      out += fmt::format(
          R"(<rect class="bar missing" x="{}" y="{}" width="{}" height="16" fill="none" stroke="#999999" stroke-dasharray="3 2"/>)",
          coord(x0), coord(y + 2), coord(w));
    } else {
      out += fmt::format(
          R"(<rect class="bar" x="{}" y="{}" width="{}" height="16" fill="{}"><title>{} : {}</title></rect>)",
          coord(x0), coord(y + 2), coord(px(b.value) - x0), colour, text::xml_escape(b.label), text::xml_escape(b.value_text));
      if (b.has_interval) {
        out += fmt::format(
            R"(<line class="interval" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5"/>)",
            coord(px(b.low)), coord(px(b.high)), coord(y + 10), coord(y + 10));
        for (const double v : {b.low, b.high}) {
          out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5"/>)",
                             coord(px(v)), coord(px(v)), coord(y + 5), coord(y + 15));
        }
      }
    }
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(x0 + w + 8), coord(y + 14), text::xml_escape(b.value_text));
    y += kRow;
  }
  // Axis.
  for (int i = 0; i <= 4; ++i) {
    const double v = min + (max - min) * i / 4.0;
    out += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#555555" text-anchor="middle">{}</text>)",
                       coord(px(v)), coord(y + 14), axis_number(frame, v));
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

std::string percentile_chart(const Frame& frame, const std::vector<PercentileRow>& rows, int width) {
  const int height = static_cast<int>(54 + kRow * static_cast<double>(rows.size()) + 40);
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  const double x0 = 12 + kLabelWidth, w = width - 24 - kLabelWidth - kValueWidth;
  const auto palette = sequential_palette(5);
  out += R"(<g class="percentiles" font-size="12" fill="#1a1a1a">)";
  double y = top + 6;
  for (const auto& r : rows) {
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(x0 - 8), coord(y + 14),
                       text::xml_escape(fit_label(r.label)));
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="8" rx="4" fill="#e8e8e8"/>)", coord(x0), coord(y + 7),
                       coord(w));
    for (int q = 1; q <= 3; ++q) {
      const double x = x0 + w * q / 4.0;
      out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#bbbbbb"/>)", coord(x), coord(x),
                         coord(y + 5), coord(y + 17));
    }
    if (!std::isnan(r.percentile)) {
      const double p = std::clamp(r.percentile, 0.0, 100.0);
      const auto colour = palette[static_cast<std::size_t>(std::min(4.0, std::floor(p / 20.0)))];
      out += fmt::format(
          R"(<circle class="marker" cx="{}" cy="{}" r="6" fill="{}" stroke="#1a1a1a" stroke-width="0.8"><title>{} : {} (centile {:.0f})</title></circle>)",
          coord(x0 + w * p / 100.0), coord(y + 11), colour, text::xml_escape(r.label), text::xml_escape(r.value_text), p);
    }
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(x0 + w + 8), coord(y + 14), text::xml_escape(r.value_text));
    y += kRow;
  }
  for (int q = 0; q <= 4; ++q) {
    out += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#555555" text-anchor="middle">{}</text>)",
                       coord(x0 + w * q / 4.0), coord(y + 14), q * 25);
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

std::string radar_chart(const Frame& frame, const std::vector<std::string>& axes,
                        const std::vector<RadarSeries>& series, int width) {
  const int height = width;
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  const double legend_h = 18.0 * static_cast<double>(series.size()) + 10;
  const double cx = width / 2.0, cy = top + (height - top - 24 - legend_h) / 2.0;
  const double radius = std::min(width / 2.0 - 150, (height - top - 24 - legend_h) / 2.0 - 24);
  const std::size_t n = axes.size();
  const double pi = std::acos(-1.0);
  auto at = [&](std::size_t i, double v) {
    const double a = -pi / 2 + 2 * pi * static_cast<double>(i) / static_cast<double>(n);
    return std::pair<double, double>{cx + radius * v * std::cos(a), cy + radius * v * std::sin(a)};
  };
  out += R"(<g class="radar" font-size="11" fill="#1a1a1a">)";
  for (const double ring : {0.25, 0.5, 0.75, 1.0}) {
    std::string d;
    for (std::size_t i = 0; i < n; ++i) {
      const auto [x, y] = at(i, ring);
      d += (i == 0 ? "M" : "L") + coord(x) + " " + coord(y);
    }
    out += fmt::format(R"(<path d="{}Z" fill="none" stroke="#cccccc"/>)", d);
    const auto [lx, ly] = at(0, ring);
    out += fmt::format(R"(<text x="{}" y="{}" font-size="9" fill="#777777">{}</text>)", coord(lx + 3), coord(ly - 2),
                       axis_number(frame, ring));
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto [x, y] = at(i, 1.0);
    out += fmt::format(R"(<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#cccccc"/>)", coord(cx), coord(cy), coord(x),
                       coord(y));
    const auto [tx, ty] = at(i, 1.12);
    const char* anchor = std::abs(tx - cx) < 1 ? "middle" : (tx > cx ? "start" : "end");
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="{}">{}</text>)", coord(tx), coord(ty + 4), anchor,
                       text::xml_escape(fit_label(axes[i], 28)));
  }
  for (const auto& s : series) {
    std::string d;
    for (std::size_t i = 0; i < n; ++i) {
      const double v = i < s.values.size() && !std::isnan(s.values[i]) ? std::clamp(s.values[i], 0.0, 1.0) : 0.0;
      const auto [x, y] = at(i, v);
      d += (i == 0 ? "M" : "L") + coord(x) + " " + coord(y);
    }
    out += fmt::format(R"(<path class="series" d="{}Z" fill="{}" fill-opacity="0.18" stroke="{}" stroke-width="2"{}/>)",
                       d, s.colour, s.colour, s.dashed ? R"( stroke-dasharray="5 3")" : "");
    for (std::size_t i = 0; i < n; ++i) {
      const bool missing = i >= s.values.size() || std::isnan(s.values[i]);
      const auto [x, y] = at(i, missing ? 0.0 : std::clamp(s.values[i], 0.0, 1.0));
      out +=
          fmt::format(R"(<circle cx="{}" cy="{}" r="3.5" fill="{}" stroke="{}"><title>{} — {} : {}</title></circle>)",
                      coord(x), coord(y), missing ? "#ffffff" : s.colour, s.colour, text::xml_escape(s.label),
                      text::xml_escape(axes[i]), missing ? "—" : fmt::format("{:.3f}", s.values[i]));
    }
  }
  double ly = height - 24 - legend_h + 10;
  for (const auto& s : series) {
    out += fmt::format(
        R"(<line x1="12" x2="36" y1="{}" y2="{}" stroke="{}" stroke-width="2"{}/><text x="42" y="{}">{}</text>)",
        coord(ly), coord(ly), s.colour, s.dashed ? R"( stroke-dasharray="5 3")" : "", coord(ly + 4),
        text::xml_escape(s.label));
    ly += 18;
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

std::string distribution_chart(const Frame& frame, const std::vector<double>& values, double marker,
                               const std::string& marker_label, bool log_scale, int bins, int width) {
  const int height = 300;
  double top = 0;
  std::string out = open_svg(frame, width, height, top);
  std::vector<double> v;
  for (const double x : values) {
    if (std::isnan(x) || (log_scale && x <= 0)) continue;
    v.push_back(log_scale ? std::log10(x) : x);
  }
  const double x0 = 60, x1 = width - 20.0, y0 = top + 20, y1 = height - 50.0;
  if (v.empty() || bins < 1) {
    out += close_svg(frame, width, height);
    return out;
  }
  const auto [mn_it, mx_it] = std::minmax_element(v.begin(), v.end());
  double lo = *mn_it, hi = *mx_it;
  if (hi <= lo) hi = lo + 1;
  std::vector<std::size_t> counts(static_cast<std::size_t>(bins), 0);
  for (const double x : v) {
    auto b = static_cast<std::size_t>((x - lo) / (hi - lo) * bins);
    counts[std::min(b, counts.size() - 1)] += 1;
  }
  const double peak = static_cast<double>(*std::max_element(counts.begin(), counts.end()));
  const double bw = (x1 - x0) / bins;
  const auto colour = sequential_palette(5)[2];
  out += R"(<g class="distribution" font-size="10" fill="#1a1a1a">)";
  for (std::size_t b = 0; b < counts.size(); ++b) {
    const double h = (y1 - y0) * static_cast<double>(counts[b]) / peak;
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>)",
                       coord(x0 + bw * static_cast<double>(b) + 0.5), coord(y1 - h), coord(bw - 1), coord(h), colour,
                       counts[b]);
  }
  out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#555555"/>)", coord(x0), coord(x1), coord(y1),
                     coord(y1));
  // Axis ticks: five, in the values' own unit.
  for (int t = 0; t <= 4; ++t) {
    const double pos = lo + (hi - lo) * t / 4.0;
    const double label = log_scale ? std::pow(10.0, pos) : pos;
    const char* anchor = t == 0 ? "start" : t == 4 ? "end" : "middle";
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="{}" fill="#555555">{}</text>)",
                       coord(x0 + (x1 - x0) * t / 4.0), coord(y1 + 14), anchor,
                       std::abs(label) >= 100 ? fmt::format("{:.0f}", label) : axis_number(frame, std::stod(fmt::format("{:.3g}", label))));
  }
  if (log_scale)
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end" fill="#555555">log</text>)", coord(x1), coord(y1 + 28));
  const double m = log_scale ? (marker > 0 ? std::log10(marker) : std::nan("")) : marker;
  if (!std::isnan(m)) {
    const double mx = x0 + (std::clamp(m, lo, hi) - lo) / (hi - lo) * (x1 - x0);
    out += fmt::format(R"(<line class="marker" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b00020" stroke-width="2"/>)",
                       coord(mx), coord(mx), coord(y0 - 6), coord(y1));
    const char* anchor = mx > (x0 + x1) / 2 ? "end" : "start";
    out += fmt::format(
        R"(<text x="{}" y="{}" fill="#b00020" font-size="11" font-weight="bold" text-anchor="{}">{}</text>)",
        coord(mx + (mx > (x0 + x1) / 2 ? -4 : 4)), coord(y0 + 4), anchor, text::xml_escape(marker_label));
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

}  // namespace fabscope::graphics
