#include "graphics/svg.hpp"

#include <fmt/format.h>

#include "core/text.hpp"

#include <algorithm>

#include <cmath>

namespace fabscope::graphics {

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

std::vector<std::string> wrap_text(const std::string& text, std::size_t width) {
  std::vector<std::string> lines;
  std::string line;
  std::size_t line_len = 0;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(start, end - start);
    std::size_t len = 0;
    for (const char ch : word) len += (static_cast<unsigned char>(ch) & 0xC0) != 0x80 ? 1 : 0;
    if (!line.empty() && line_len + 1 + len > width) {
      lines.push_back(line);
      line.clear();
      line_len = 0;
    }
    line += (line.empty() ? "" : " ") + word;
    line_len += (line_len == 0 ? 0 : 1) + len;
    start = end + 1;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

namespace {
// The source line at 10 px DejaVu Sans: about 6 px a character.
std::vector<std::string> source_lines(const Frame& frame, int width) {
  return wrap_text(frame.source, static_cast<std::size_t>(std::max(20, (width - 24) / 6)));
}
}  // namespace

double source_height(const Frame& frame, int width) {
  const auto n = source_lines(frame, width).size();
  return kSourceLine * static_cast<double>(std::max<std::size_t>(1, n));
}

std::string open_svg(const Frame& frame, int width, int content_height, double& content_top) {
  // A source too long for one line takes more lines, added below the content.
  const int height = content_height + static_cast<int>(source_height(frame, width) - kSourceLine);
  std::string out = fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg"{} viewBox="0 0 {} {}" width="{}" height="{}" {} font-family="{}">)",
      frame.id.empty() ? "" : fmt::format(R"( id="{}")", text::xml_escape(frame.id)), width, height, width, height,
      frame.has_links ? fmt::format(R"(role="group" aria-label="{}")", text::xml_escape(frame.title)) : R"(role="img")",
      kFont);
  out += fmt::format("<title>{}</title>", text::xml_escape(frame.title));
  out += fmt::format(R"(<rect width="{}" height="{}" fill="#ffffff"/>)", width, height);
  out += fmt::format(R"(<text class="title" x="12" y="24" font-size="16" font-weight="bold" fill="#1a1a1a">{}</text>)",
                     text::xml_escape(frame.title));
  content_top = 34;
  if (!frame.subtitle.empty()) {
    out += fmt::format(R"(<text class="subtitle" x="12" y="44" font-size="12" fill="#444444">{}</text>)",
                       text::xml_escape(frame.subtitle));
    content_top = 54;
  }
  if (!frame.note.empty()) {
    out += fmt::format(
        R"(<text x="{}" y="24" font-size="12" font-weight="bold" fill="#b00020" text-anchor="end">{}</text>)",
        width - 12, text::xml_escape(frame.note));
  }
  return out;
}

std::string close_svg(const Frame& frame, int width, int content_height) {
  const int height = content_height + static_cast<int>(source_height(frame, width) - kSourceLine);
  std::string out;
  if (!frame.source.empty()) {
    const auto lines = source_lines(frame, width);
    for (std::size_t k = 0; k < lines.size(); ++k) {
      const double y = height - 8 - kSourceLine * static_cast<double>(lines.size() - 1 - k);
      out += fmt::format(R"(<text class="source" x="12" y="{}" font-size="10" fill="#555555">{}</text>)", coord(y),
                         text::xml_escape(lines[k]));
    }
  }
  out += "</svg>";
  return out;
}

}  // namespace fabscope::graphics
