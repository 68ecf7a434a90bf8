// The boundary layers of the maps, read once and projected (Lambert-93, overseas in
// insets): the boundaries dissolved at import (territory/boundaries.hpp: all France, every
// level) or, in a store without them, the data directory's geo/ files (départements,
// régions, communes of Bretagne matched to the snapshot's COG 2026 codes).
#pragma once

#include <filesystem>
#include <vector>

#include "app/snapshot.hpp"
#include "graphics/map.hpp"
#include "io/geojson.hpp"
#include "territory/compute.hpp"

namespace fabscope::web {

// True when the store holds the boundaries of all France (ign_communes_2018 imported).
bool all_france(const app::Snapshot& snap);
// Polygons of a level projected for the maps; nullptr when none exist for it.
const graphics::Layer* layer(territory::Level level, const std::filesystem::path& data_dir, const app::Snapshot& snap);
// The same layer's features as published (WGS 84), indexed by Shape::feature; nullptr when
// layer() has not loaded it.
const std::vector<io::PolygonFeature>* layer_features(territory::Level level, const std::filesystem::path& data_dir);

}  // namespace fabscope::web
