#include "graphics/svg.hpp"

#include <fmt/format.h>

#include <cmath>

namespace fabscope::graphics {

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string coord(double v) {
  const double r = std::round(v * 10.0) / 10.0;
  if (r == std::floor(r)) return fmt::format("{}", static_cast<long long>(r));
  return fmt::format("{:.1f}", r);
}

std::string axis_number(const Frame& frame, double v) {
  std::string s = fmt::format("{:g}", v);
  if (const auto dot = s.find('.'); dot != std::string::npos) s.replace(dot, 1, frame.decimal);
  return s;
}

std::string open_svg(const Frame& frame, int width, int height, double& content_top) {
  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg"{} viewBox="0 0 {} {}" width="{}" height="{}" {} font-family="{}">)",
      frame.id.empty() ? "" : fmt::format(R"( id="{}")", xml_escape(frame.id)), width, height, width, height,
      frame.has_links ? fmt::format(R"(role="group" aria-label="{}")", xml_escape(frame.title)) : R"(role="img")",
      kFont);
  out += fmt::format("<title>{}</title>", xml_escape(frame.title));
  out += fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)", width, height);
  out += fmt::format(R"(<text class="title" x="12" y="24" font-size="16" font-weight="bold" fill="#1a1a1a">{}</text>)",
                     xml_escape(frame.title));
  content_top = 34;
  if (!frame.subtitle.empty()) {
    out += fmt::format(R"(<text class="subtitle" x="12" y="44" font-size="12" fill="#444444">{}</text>)",
                       xml_escape(frame.subtitle));
    content_top = 54;
  }
  if (!frame.note.empty()) {
    out += fmt::format(
        R"(<text x="{}" y="24" font-size="12" font-weight="bold" fill="#b00020" text-anchor="end">{}</text>)",
        width - 12, xml_escape(frame.note));
  }
  return out;
}

std::string close_svg(const Frame& frame, int width, int height) {
  std::string out;
  if (!frame.source.empty()) {
    out += fmt::format(R"(<text class="source" x="12" y="{}" font-size="10" fill="#555555">{}</text>)", height - 8,
                       xml_escape(frame.source));
  }
  (void)width;
  out += "</svg>";
  return out;
}

}  // namespace fabscope::graphics
