#include "web/layers.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "sources/importer.hpp"
#include "store/store.hpp"
#include "territory/boundaries.hpp"
#include "territory/codes.hpp"

namespace fabscope::web {

namespace {
struct LayerCache {
  std::mutex mutex;
  std::map<std::pair<std::filesystem::path, territory::Level>, std::unique_ptr<graphics::Layer>> layers;
  std::map<std::pair<std::filesystem::path, territory::Level>, std::vector<io::PolygonFeature>> features;
};
LayerCache& layer_cache() {
  static LayerCache c;
  return c;
}
}  // namespace

const std::vector<io::PolygonFeature>* layer_features(territory::Level level, const std::filesystem::path& data_dir) {
  auto& c = layer_cache();
  const std::lock_guard<std::mutex> lock(c.mutex);
  const auto it = c.features.find({data_dir, level});
  return it == c.features.end() ? nullptr : &it->second;
}

bool all_france(const app::Snapshot& snap) {
  static std::mutex mutex;
  static std::map<std::filesystem::path, bool> known;
  const std::lock_guard<std::mutex> lock(mutex);
  const auto it = known.find(snap.store_path);
  if (it != known.end()) return it->second;
  store::Store store(snap.store_path, /*read_only=*/true);
  return known[snap.store_path] = territory::has_boundaries(store, territory::Level::commune);
}

const graphics::Layer* layer(territory::Level level, const std::filesystem::path& data_dir, const app::Snapshot& snap) {
  auto& c = layer_cache();
  const std::lock_guard<std::mutex> lock(c.mutex);
  auto& slot = c.layers[{data_dir, level}];
  if (slot) return slot.get();
  {
    // The boundaries dissolved at import: all France, every level, overseas in insets.
    store::Store store(snap.store_path, /*read_only=*/true);
    if (territory::has_boundaries(store, level)) {
      auto& features = c.features[{data_dir, level}];
      for (auto& b : territory::load_boundaries(store, level)) {
        io::PolygonFeature f;
        f.properties = {{"code", b.code}, {"nom", b.name}};
        f.polygons = std::move(b.shape);
        features.push_back(std::move(f));
      }
      slot = std::make_unique<graphics::Layer>(graphics::project_layer(
          features, [](const io::PolygonFeature& f) { return f.properties.at("code"); }, "nom"));
      return slot.get();
    }
  }
  // Without them (ign_communes_2018 not imported): the files of the data directory.
  const auto geo = data_dir / "geo";
  std::filesystem::path file;
  switch (level) {
    case territory::Level::dep:
      file = geo / "departements-version-simplifiee.geojson";
      break;
    case territory::Level::reg:
      file = geo / "regions-version-simplifiee.geojson";
      break;
    case territory::Level::commune:
      file = geo / "communes-bretagne.geojson";
      break;
    default:
      return nullptr;
  }
  if (!std::filesystem::exists(file)) return nullptr;
  const auto& features = c.features[{data_dir, level}] = io::read_polygons(file);
  if (level == territory::Level::commune) {
    // COG 2018 codes: a commune merged since then takes the code of its commune nouvelle.
    store::Store store(snap.store_path, /*read_only=*/true);
    const auto cog = sources::load_cog_communes(store);
    std::unordered_map<std::string, std::size_t> idx;
    const auto& communes = snap.level(territory::Level::commune);
    for (std::size_t i = 0; i < communes.size(); ++i) idx.emplace(communes[i].code, i);
    const territory::CodeMap map(cog, idx);
    slot = std::make_unique<graphics::Layer>(graphics::project_layer(
        features,
        [&](const io::PolygonFeature& f) {
          const auto it = f.properties.find("code");
          if (it == f.properties.end()) return std::string();
          const auto pos = map.find(it->second);
          return pos < 0 ? std::string() : communes[static_cast<std::size_t>(pos)].code;
        },
        "nom"));
  } else {
    slot = std::make_unique<graphics::Layer>(graphics::project_layer(
        features,
        [](const io::PolygonFeature& f) {
          const auto it = f.properties.find("code");
          return it == f.properties.end() ? std::string() : it->second;
        },
        "nom"));
  }
  return slot.get();
}

}  // namespace fabscope::web
