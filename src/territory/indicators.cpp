#include "territory/indicators.hpp"
#include <cmath>
#include "core/catalog.hpp"
#include "core/text.hpp"

#include <fmt/format.h>

#include "sources/catalog.hpp"

namespace fabscope::territory {

std::string_view level_id(Level level) {
  switch (level) {
    case Level::commune:
      return "commune";
    case Level::epci:
      return "epci";
    case Level::ze:
      return "ze";
    case Level::dep:
      return "dep";
    case Level::reg:
      return "reg";
    case Level::fr:
      return "fr";
  }
  return "";
}

std::string level_label(Level level, Lang lang) {
  return tr(lang, "territory.level_label." + std::string(level_id(level)));
}

std::optional<Level> parse_level(std::string_view id) {
  for (const auto l : kAllLevels) {
    if (level_id(l) == id) return l;
  }
  return std::nullopt;
}

namespace {
constexpr std::string_view kCC = "insee_comparateur_2022";
constexpr std::string_view kRatio = "ratio of the sums over member communes";
}  // namespace

const std::array<IndicatorDef, kIndicatorCount>& indicators() {
  static const std::array<IndicatorDef, kIndicatorCount> table = {{
      {"population", "Population municipale 2018", "Municipal population 2018", "inhabitants", "P18_POP", "sum", kCC,
       "density", 0},
      {"area_km2", "Superficie", "Area", "km²", "SUPERF", "sum", kCC, "density", 2},
      {"density", "Densité de population", "Population density", "inhabitants/km²", "P18_POP / SUPERF", kRatio, kCC,
       "density", 1},
      {"density_class", "Niveau de densité (grille à 7 niveaux)", "Density level (7-level grid)", "class 1–7",
       "DENS (1 grands centres urbains … 7 rural à habitat très dispersé)", "", "insee_grille_densite_2024", "density",
       0},
      {"dense_pop_share", "Part de la population en commune dense (niveaux 1–2)",
       "Share of the population in dense communes (levels 1–2)", "share 0–1", "P18_POP × [DENS ∈ {1,2}] / P18_POP",
       kRatio, "insee_comparateur_2022, insee_grille_densite_2024", "density", 3},
      {"rural_pop_share", "Part de la population en commune rurale (niveaux 5–7)",
       "Share of the population in rural communes (levels 5–7)", "share 0–1", "P18_POP × [DENS ∈ {5,6,7}] / P18_POP",
       kRatio, "insee_comparateur_2022, insee_grille_densite_2024", "density", 3},
      {"employment", "Emplois au lieu de travail 2018", "Jobs at place of work 2018", "jobs", "P18_EMPLT", "sum", kCC,
       "dynamism", 0},
      {"employment_growth", "Évolution annuelle moyenne de l'emploi 2013–2018",
       "Mean annual employment growth 2013–2018", "rate per year", "(P18_EMPLT / P13_EMPLT)^(1/5) − 1", kRatio, kCC,
       "dynamism", 4},
      {"job_concentration", "Indicateur de concentration d'emploi", "Job concentration index",
       "jobs per 100 employed residents", "100 × P18_EMPLT / (P18_ACT1564 − P18_CHOM1564)", kRatio, kCC, "commuting",
       1},
      {"unemployment_rate", "Taux de chômage des 15–64 ans (recensement)", "Unemployment rate, 15–64 (census)",
       "share 0–1", "P18_CHOM1564 / P18_ACT1564", kRatio, kCC, "dynamism", 4},
      {"establishments_per_1000", "Établissements pour 1 000 habitants", "Establishments per 1,000 inhabitants",
       "per 1,000 inhabitants", "1000 × ETTOT18 / P18_POP", kRatio, kCC, "entrepreneurship", 1},
      {"share_az", "Part des établissements : agriculture", "Share of establishments: agriculture", "share 0–1",
       "ETAZ18 / ETTOT18", kRatio, kCC, "specialisation", 4},
      {"share_be", "Part des établissements : industrie", "Share of establishments: industry", "share 0–1",
       "ETBE18 / ETTOT18", kRatio, kCC, "specialisation", 4},
      {"share_fz", "Part des établissements : construction", "Share of establishments: construction", "share 0–1",
       "ETFZ18 / ETTOT18", kRatio, kCC, "specialisation", 4},
      {"share_gu", "Part des établissements : commerce, transports, services divers",
       "Share of establishments: trade, transport, other services", "share 0–1", "ETGU18 / ETTOT18", kRatio, kCC,
       "specialisation", 4},
      {"share_oq", "Part des établissements : administration, enseignement, santé, action sociale",
       "Share of establishments: public administration, education, health, social work", "share 0–1",
       "ETOQ18 / ETTOT18", kRatio, kCC, "specialisation", 4},
      {"lq_az", "Indice de spécificité : agriculture", "Location quotient: agriculture", "ratio (France = 1)",
       "share_az / share_az(France)", "from the aggregated share", kCC, "specialisation", 3},
      {"lq_be", "Indice de spécificité : industrie", "Location quotient: industry", "ratio (France = 1)",
       "share_be / share_be(France)", "from the aggregated share", kCC, "specialisation", 3},
      {"lq_fz", "Indice de spécificité : construction", "Location quotient: construction", "ratio (France = 1)",
       "share_fz / share_fz(France)", "from the aggregated share", kCC, "specialisation", 3},
      {"lq_gu", "Indice de spécificité : commerce, transports, services divers",
       "Location quotient: trade, transport, other services", "ratio (France = 1)", "share_gu / share_gu(France)",
       "from the aggregated share", kCC, "specialisation", 3},
      {"lq_oq", "Indice de spécificité : administration, enseignement, santé",
       "Location quotient: public administration, education, health", "ratio (France = 1)",
       "share_oq / share_oq(France)", "from the aggregated share", kCC, "specialisation", 3},
      {"krugman", "Indice de spécialisation de Krugman", "Krugman specialisation index", "index 0–2",
       "Σ over the 5 sectors of |share − share(France)|", "from the aggregated shares", kCC, "specialisation", 4},
      {"median_income", "Revenu disponible médian par unité de consommation 2019",
       "Median disposable income per consumption unit 2019", "€", "MED19", "", kCC, "dynamism", 0},
      {"aav_category", "Catégorie dans l'aire d'attraction des villes 2020",
       "Category in the functional urban area 2020", "class",
       "CATEAAV2020 (11 commune-centre, 12 autre commune du pôle principal, 13 commune d'un pôle secondaire, "
       "20 couronne, 30 hors attraction des villes)",
       "", "insee_appartenance_2022", "commuting", 0},
      {"pop_within_10km", "Population à moins de 10 km", "Population within 10 km", "inhabitants",
       "Σ population of the communes whose centroid is ≤ 10 km away (great circle)", "",
       "insee_comparateur_2022, laposte_hexasmal", "reach", 0},
      {"pop_within_20km", "Population à moins de 20 km", "Population within 20 km", "inhabitants",
       "Σ population of the communes whose centroid is ≤ 20 km away (great circle)", "",
       "insee_comparateur_2022, laposte_hexasmal", "reach", 0},
      {"pop_within_30km", "Population à moins de 30 km", "Population within 30 km", "inhabitants",
       "Σ population of the communes whose centroid is ≤ 30 km away (great circle)", "",
       "insee_comparateur_2022, laposte_hexasmal", "reach", 0},
  }};
  return table;
}

std::optional<std::size_t> indicator_index(std::string_view id) {
  const auto& t = indicators();
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].id == id) return i;
  }
  return std::nullopt;
}

bool commune_only(std::size_t indicator) { return indicators()[indicator].aggregation.empty(); }

std::string indicators_markdown() {
  std::string out =
      "# Territorial indicators\n\n"
      "```\nfabscope territory show 22113 --format table\n"
      "fabscope territory export --level ze --format csv -o ze.csv\n```\n\n"
      "Generated by `fabscope territory indicators --format markdown` from the registry the code uses\n"
      "(src/territory/indicators.cpp) and the dataset catalog (data/catalog.toml). Do not edit by hand:\n"
      "a test fails when this page and the registry differ. The exact rules (COG reconciliation,\n"
      "missing values, aggregation) are in [methods/territory.md](methods/territory.md).\n\n"
      "Levels: `commune` (COG 2026 communes actuelles), `epci`, `ze` (zone d'emploi 2020), `dep`, `reg`.\n"
      "Indicators marked *commune only* are empty at the other levels.\n\n"
      "| id | label (fr) | label (en) | unit | formula | aggregated levels | sources |\n"
      "|---|---|---|---|---|---|---|\n";
  for (const auto& d : indicators()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", d.id, d.label_fr, d.label_en, d.unit, d.formula,
                       d.aggregation.empty() ? "*commune only*" : d.aggregation, d.sources);
  }
  out += "\n## Source datasets\n\n| id | publisher | vintage | COG | licence |\n|---|---|---|---|---|\n";
  for (const auto& d : sources::Catalog::builtin().datasets()) {
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", d.id, d.publisher, d.vintage, d.cog_year, d.licence);
  }
  return out;
}

std::string format_value(const IndicatorDef& def, double v, Lang lang) {
  if (std::isnan(v)) return "—";
  if (def.unit == "share 0–1" || def.unit == "rate per year") {
    return text::percent(lang, v * 100, def.unit == "rate per year" ? 2 : 1);
  }
  return text::group_digits(v, def.decimals, lang);
}

}  // namespace fabscope::territory
