#include <algorithm>

#include "sources/importer.hpp"

namespace fabscope::sources {

const std::vector<Importer>& importers() {
  static const std::vector<Importer> table = {
      {"cog_etalab_2026", "COG 2026 communes, EPCI, départements, régions (JSON in tar.gz)", &parse_cog_etalab},
      {"insee_grille_densite_2024", "INSEE communal density grid, 7 levels (XLSX)", &parse_grille_densite},
      {"insee_appartenance_2022", "INSEE geographic membership of communes (XLSX in ZIP)", &parse_appartenance},
      {"insee_comparateur_2022", "INSEE comparateur de territoires base (CSV in ZIP)", &parse_comparateur},
      {"laposte_hexasmal", "La Poste postcodes with coordinates (CSV)", &parse_laposte},
  };
  return table;
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
