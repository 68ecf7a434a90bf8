// ign_communes_2018: the commune polygons of all France (IGN Admin Express COG 2018,
// simplified), one GeoJSON FeatureCollection per département in one directory, each
// feature with its INSEE code (`code`, COG 2018) and name (`nom`). Stored as they are
// (codec of geo/geometry.hpp); the boundaries of every level are dissolved from them after
// the import (territory/boundaries.hpp).
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "geo/geometry.hpp"
#include "sources/importer.hpp"

namespace fabscope::sources {
namespace {

struct CommunePolygon {
  std::string code, name, geometry;  // geometry: geo::encode
};

class IgnCommunes final : public Dataset {
 public:
  ImportSummary parse(const std::filesystem::path& dir) override {
    std::vector<std::filesystem::path> files;
    if (std::filesystem::is_directory(dir)) {
      for (const auto& e : std::filesystem::directory_iterator(dir)) {
        if (e.is_regular_file() && e.path().extension() == ".geojson") files.push_back(e.path());
      }
    }
    std::sort(files.begin(), files.end());
    ProblemList problems;
    if (files.empty()) problems.add({dir.string(), 0, 0, ""}, "no .geojson file in this directory");
    std::map<std::string, std::string> seen;  // code -> file
    ImportSummary summary;
    std::size_t skipped_count = 0;
    for (const auto& file : files) {
      std::vector<Problem> skipped;
      const auto features = io::read_polygons(file, &skipped);
      skipped_count += skipped.size();
      const auto label = fmt::format("{}/{}", dir.filename().string(), file.filename().string());
      for (std::size_t i = 0; i < features.size(); ++i) {
        const auto& f = features[i];
        const auto code = f.properties.count("code") ? f.properties.at("code") : "";
        const auto field = fmt::format("features[{}].properties.code", i);
        if (!is_commune_code(code)) {
          problems.add({label, 0, 0, field}, fmt::format("'{}' is not a commune code", code));
          continue;
        }
        if (const auto [it, fresh] = seen.emplace(code, label); !fresh) {
          problems.add({label, 0, 0, field}, fmt::format("commune {} is already in {}", code, it->second));
          continue;
        }
        m_rows.push_back({code, f.properties.count("nom") ? f.properties.at("nom") : code, geo::encode(f.polygons)});
      }
    }
    problems.throw_if_any();
    summary.rows = m_rows.size();
    if (skipped_count > 0) summary.notes.push_back({"geo_features_skipped", {std::to_string(skipped_count)}});
    return summary;
  }

  void write(SQLite::Database& db) const override {
    SQLite::Statement st(db, "INSERT INTO geo_commune_2018 VALUES (?,?,?)");
    for (const auto& r : m_rows) {
      st.bindNoCopy(1, r.code);
      st.bindNoCopy(2, r.name);
      st.bindNoCopy(3, r.geometry.data(), static_cast<int>(r.geometry.size()));
      st.exec();
      st.reset();
    }
  }

  void load(SQLite::Database& /*db*/) override {}  // read by territory/boundaries.cpp

 private:
  std::vector<CommunePolygon> m_rows;
};

}  // namespace

std::unique_ptr<Dataset> make_ign_communes(TerritorySources& /*territory*/) { return std::make_unique<IgnCommunes>(); }

}  // namespace fabscope::sources
