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
std::string fit_label(const std::string& s, std::size_t max_chars = 54) {
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
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(x0 - 8), coord(y + 14), xml_escape(fit_label(b.label)));
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="16" fill="#f0f0f0"/>)", coord(x0), coord(y + 2), coord(w));
    if (std::isnan(b.value)) {
      out += fmt::format(R"(<rect class="bar missing" x="{}" y="{}" width="{}" height="16" fill="none" stroke="#999999" stroke-dasharray="3 2"/>)",
                         coord(x0), coord(y + 2), coord(w));
    } else {
      out += fmt::format(R"(<rect class="bar" x="{}" y="{}" width="{}" height="16" fill="{}"><title>{} : {}</title></rect>)", coord(x0),
                         coord(y + 2), coord(px(b.value) - x0), colour, xml_escape(b.label), xml_escape(b.value_text));
      if (b.has_interval) {
        out += fmt::format(R"(<line class="interval" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5"/>)",
                           coord(px(b.low)), coord(px(b.high)), coord(y + 10), coord(y + 10));
        for (const double v : {b.low, b.high}) {
          out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1a1a1a" stroke-width="1.5"/>)", coord(px(v)),
                             coord(px(v)), coord(y + 5), coord(y + 15));
        }
      }
    }
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(x0 + w + 8), coord(y + 14), xml_escape(b.value_text));
    y += kRow;
  }
  // Axis.
  for (int i = 0; i <= 4; ++i) {
    const double v = min + (max - min) * i / 4.0;
    out += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#555555" text-anchor="middle">{}</text>)", coord(px(v)),
                       coord(y + 14), fmt::format("{:g}", v));
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
    out += fmt::format(R"(<text x="{}" y="{}" text-anchor="end">{}</text>)", coord(x0 - 8), coord(y + 14), xml_escape(fit_label(r.label)));
    out += fmt::format(R"(<rect x="{}" y="{}" width="{}" height="8" rx="4" fill="#e8e8e8"/>)", coord(x0), coord(y + 7), coord(w));
    for (int q = 1; q <= 3; ++q) {
      const double x = x0 + w * q / 4.0;
      out += fmt::format(R"(<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#bbbbbb"/>)", coord(x), coord(x), coord(y + 5), coord(y + 17));
    }
    if (!std::isnan(r.percentile)) {
      const double p = std::clamp(r.percentile, 0.0, 100.0);
      const auto colour = palette[static_cast<std::size_t>(std::min(4.0, std::floor(p / 20.0)))];
      out += fmt::format(R"(<circle class="marker" cx="{}" cy="{}" r="6" fill="{}" stroke="#1a1a1a" stroke-width="0.8"><title>{} : {} (centile {:.0f})</title></circle>)",
                         coord(x0 + w * p / 100.0), coord(y + 11), colour, xml_escape(r.label), xml_escape(r.value_text), p);
    }
    out += fmt::format(R"(<text x="{}" y="{}">{}</text>)", coord(x0 + w + 8), coord(y + 14), xml_escape(r.value_text));
    y += kRow;
  }
  for (int q = 0; q <= 4; ++q) {
    out += fmt::format(R"(<text x="{}" y="{}" font-size="10" fill="#555555" text-anchor="middle">{}</text>)", coord(x0 + w * q / 4.0),
                       coord(y + 14), q * 25);
  }
  out += "</g>";
  out += close_svg(frame, width, height);
  return out;
}

}  // namespace fabscope::graphics
