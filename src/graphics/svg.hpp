// Small SVG helpers shared by maps and charts: XML escaping, compact numbers, the common
// frame (title, subtitle, source line). Output is deterministic: the same input gives the
// same bytes, so graphics are checked as golden files.
#pragma once

#include <string>
#include <vector>
#include <string_view>

#include "core/text.hpp"  // text::xml_escape, for the drawings

namespace fabscope::graphics {

// A coordinate with one decimal, without a trailing ".0" ("12", "12.5", "-3.2").
std::string coord(double v);

// Text shown on every graphic: a title, a subtitle (unit, classes) and a source line.
struct Frame {
  std::string title;
  std::string subtitle;
  std::string source;  // "Source : INSEE, comparateur de territoires 2022 (COG 2026)"
  std::string id;      // id attribute of the <svg> element (optional)
  std::string note;    // e.g. "Données fictives" (drawn in the top right corner when set)
  // The drawing holds links (the home map's territories and workshops): a labelled group,
  // not an image (an image may not contain focusable elements).
  bool has_links = false;
  std::string decimal = ".";  // the decimal mark of axis numbers ("," on French pages)
};

// An axis number: shortest form ({:g}), with the frame's decimal mark.
std::string axis_number(const Frame& frame, double v);

// Opens an <svg> of the given size with the title block and a <title> for accessibility;
// returns the y where content may start. close_svg draws the source line and closes it. A
// source too long for one line wraps; the image is then taller than `height` by the extra
// lines, which go below the content.
std::string open_svg(const Frame& frame, int width, int height, double& content_top);
std::string close_svg(const Frame& frame, int width, int height);
// Greedy word wrap on spaces; `width` counts UTF-8 code points.
std::vector<std::string> wrap_text(const std::string& text, std::size_t width);
// The source line's height: kSourceLine, or more when it wraps at this width.
inline constexpr double kSourceLine = 12;
double source_height(const Frame& frame, int width);

inline constexpr std::string_view kFont = "DejaVu Sans, Arial, sans-serif";

}  // namespace fabscope::graphics
