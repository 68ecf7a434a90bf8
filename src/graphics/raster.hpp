// SVG to PNG (librsvg + cairo), for the "PNG" downloads of maps and charts.
#pragma once

#include <string>

namespace fabscope::graphics {

// Renders `svg` at `scale` × its own size on a white background; returns the PNG bytes.
// Throws Error(failure) when the SVG cannot be parsed.
std::string svg_to_png(const std::string& svg, double scale = 2.0);

}  // namespace fabscope::graphics
