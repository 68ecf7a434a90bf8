// Polygons of the boundary layers: a compact lossless codec for storing them (coordinates
// on a 1e-5 degree grid, the precision of the bundled IGN files) and the dissolve of a
// group of polygons into one boundary through GEOS (libgeos_c, the geometry engine of
// PostGIS and QGIS). Pure: no store, no files.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "io/geojson.hpp"

namespace fabscope::geo {

// Polygons, each an outer ring then its holes (lon/lat degrees, WGS 84).
using MultiPolygon = std::vector<std::vector<io::Ring>>;

// Bytes: varint counts, zig-zag varint deltas of coordinates rounded to 1e-5 degree.
std::string encode(const MultiPolygon& shape);
// Throws Error naming `what` when the bytes are not a shape written by encode().
MultiPolygon decode(std::string_view bytes, std::string_view what);

// The union of `parts` (a commune from its former communes, an EPCI from its communes),
// through GEOS's unary union after making invalid parts valid; holes kept, slivers of less
// than `min_area` square degrees between neighbours dropped. Throws Error when GEOS fails.
MultiPolygon dissolve(const std::vector<const MultiPolygon*>& parts, double min_area = 1e-7);

// Area in square degrees (planar, for checks against an independent implementation).
double planar_area(const MultiPolygon& shape);

// Dissolves every group on `threads` threads (0 = hardware), calling `done` after each
// group from the calling thread's point of view in no particular order (progress).
std::vector<MultiPolygon> dissolve_all(const std::vector<std::vector<const MultiPolygon*>>& groups, unsigned threads,
                                       const std::function<void()>& done = {});

}  // namespace fabscope::geo
