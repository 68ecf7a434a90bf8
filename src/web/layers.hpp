// The boundary layers of the maps, read once from the data directory's geo/ files and
// projected (Lambert-93); communes are matched to the snapshot's COG 2026 codes.
#pragma once

#include <filesystem>
#include <vector>

#include "app/snapshot.hpp"
#include "graphics/map.hpp"
#include "io/geojson.hpp"
#include "territory/compute.hpp"

namespace fabscope::web {

// Polygons of a level projected to Lambert-93 (départements, régions; communes of
// Bretagne only), from the data directory's geo/ files; nullptr when none exist.
const graphics::Layer* layer(territory::Level level, const std::filesystem::path& data_dir, const app::Snapshot& snap);
// The same layer's features as published (WGS 84), indexed by Shape::feature; nullptr when
// layer() has not loaded it.
const std::vector<io::PolygonFeature>* layer_features(territory::Level level, const std::filesystem::path& data_dir);

}  // namespace fabscope::web
