#include <algorithm>

#include "sources/france_services.hpp"
#include "sources/importer.hpp"

namespace fabscope::sources {

const std::vector<Importer>& importers() {
  static const std::vector<Importer> table = {
      {"cog_etalab_2026",
       "COG 2026 communes, EPCI, départements, régions (JSON in tar.gz)",
       {"cog_commune", "cog_epci", "cog_epci_member", "cog_departement", "cog_region"},
       "",
       true,
       &make_cog_etalab},
      {"insee_grille_densite_2024",
       "INSEE communal density grid, 7 levels (XLSX)",
       {"insee_density"},
       "",
       true,
       &make_grille_densite},
      {"insee_appartenance_2022",
       "INSEE geographic membership of communes (XLSX in ZIP)",
       {"insee_geo", "insee_zone"},
       "",
       true,
       &make_appartenance},
      {"insee_comparateur_2022",
       "INSEE comparateur de territoires base (CSV in ZIP)",
       {"insee_comparateur"},
       "",
       true,
       &make_comparateur},
      {"laposte_hexasmal", "La Poste postcodes with coordinates (CSV)", {"laposte_postcode"}, "", true, &make_laposte},
      {"anct_france_services_2022",
       "ANCT list of France services sites (CSV)",
       {"anct_france_services"},
       kFranceServicesSchema,
       false,
       &make_france_services},
      {"ign_communes_2018",
       "IGN Admin Express COG 2018 commune polygons of all France, simplified (101 GeoJSON files)",
       {"geo_commune_2018"},
       "CREATE TABLE IF NOT EXISTS geo_commune_2018 (code TEXT PRIMARY KEY, name TEXT NOT NULL, geometry BLOB NOT "
       "NULL) WITHOUT ROWID;",
       false,
       &make_ign_communes,
       true},
  };
  return table;
}

TerritorySources load_territory(store::Store& store) {
  TerritorySources src;
  for (const auto& imp : importers()) {
    if (imp.indicator_input) imp.make(src)->load(store.db());
  }
  return src;
}

const Importer* find_importer(std::string_view dataset_id) {
  const auto& t = importers();
  const auto it = std::find_if(t.begin(), t.end(), [&](const Importer& i) { return i.dataset_id == dataset_id; });
  return it == t.end() ? nullptr : &*it;
}

bool is_digits(std::string_view s, std::size_t n) {
  return s.size() == n && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_commune_code(std::string_view code) {
  if (code.size() != 5) return false;
  if (code[0] == '2' && (code[1] == 'A' || code[1] == 'B')) return is_digits(code.substr(2), 3);
  return is_digits(code, 5);
}

}  // namespace fabscope::sources
