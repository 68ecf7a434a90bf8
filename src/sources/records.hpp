// Rows of the official datasets, as read from the published files (their own COG
// vintage, their own codes). Missing numbers are NaN; missing text is "".
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fabscope::sources {

// ---- cog_etalab_2026 -------------------------------------------------------------------
struct CogCommune {
  std::string code;
  std::string name;
  std::string type;  // commune-actuelle, commune-deleguee, commune-associee, arrondissement-municipal
  std::string zone;  // metro, drom, com
  std::string departement;
  std::string region;
  std::string arrondissement;
  std::string parent;  // chefLieu (déléguée/associée) or commune (arrondissement municipal)
  std::string siren;
  std::string postcodes;               // space-separated
  std::vector<std::string> old_codes;  // anciensCodes
  double population = 0;               // population municipale (NaN when absent)
};

struct CogEpci {
  std::string siren;
  std::string name;
  std::string type;       // CC, CA, CU, METRO, MET69
  std::string financing;  // modeFinancement
  double population_total = 0;
  double population_municipal = 0;
  std::vector<std::string> members;  // commune codes
};

struct CogArea {  // a département or a région
  std::string code;
  std::string name;
  std::string region;  // départements only
  std::string chef_lieu;
  std::string zone;
};

struct CogData {
  std::vector<CogCommune> communes;
  std::vector<CogEpci> epcis;
  std::vector<CogArea> departements;
  std::vector<CogArea> regions;
};

// ---- insee_grille_densite_2024 ---------------------------------------------------------
struct DensityRow {
  std::string code;
  std::string name;
  int dens = 0;  // 1 (grands centres urbains) .. 7 (rural à habitat très dispersé)
  std::string label;
  double pmun21 = 0;
  std::array<double, 7> share{};  // % of the population in each level
};

// ---- insee_appartenance_2022 -----------------------------------------------------------
// Columns of sheet COM (and ARM, which adds COM, the parent commune).
inline constexpr std::array<std::string_view, 17> kGeoColumns = {
    "CODGEO", "LIBGEO",  "DEP",      "REG",     "EPCI",     "NATURE_EPCI", "ARR",         "CV",    "ZE2020",
    "UU2020", "TUU2017", "TDUU2017", "AAV2020", "TAAV2017", "TDAAV2017",   "CATEAAV2020", "BV2012"};

struct GeoRow {
  std::array<std::string, kGeoColumns.size()> values;  // in kGeoColumns order
  std::string parent;                                  // ARM rows: COM
  bool arm = false;
  [[nodiscard]] const std::string& code() const { return values[0]; }
  [[nodiscard]] const std::string& get(std::string_view column) const;
};

struct SupraRow {
  std::string level;  // NIVGEO: EPCI, ZE2020, UU2020, AAV2020, BV2012…
  std::string code;
  std::string name;
  double communes = 0;  // NB_COM
};

struct GeoData {
  std::vector<GeoRow> communes;  // COM then ARM rows
  std::vector<SupraRow> zones;
};

// ---- insee_comparateur_2022 ------------------------------------------------------------
inline constexpr std::array<std::string_view, 32> kComparateurColumns = {
    "P18_POP", "P13_POP",   "SUPERF",        "NAIS1318",   "DECE1318",    "P18_MEN",      "NAISD20",     "DECESD20",
    "P18_LOG", "P18_RP",    "P18_RSECOCC",   "P18_LOGVAC", "P18_RP_PROP", "NBMENFISC19",  "PIMP19",      "MED19",
    "TP6019",  "P18_EMPLT", "P18_EMPLT_SAL", "P13_EMPLT",  "P18_POP1564", "P18_CHOM1564", "P18_ACT1564", "ETTOT18",
    "ETAZ18",  "ETBE18",    "ETFZ18",        "ETGU18",     "ETGZ18",      "ETOQ18",       "ETTEF118",    "ETTEFP1018"};

constexpr std::size_t comparateur_index(std::string_view column) {
  for (std::size_t i = 0; i < kComparateurColumns.size(); ++i) {
    if (kComparateurColumns[i] == column) return i;
  }
  return kComparateurColumns.size();
}

struct ComparateurRow {
  std::string code;
  std::array<double, kComparateurColumns.size()> values{};  // NaN = blank (secrecy)
};

// ---- laposte_hexasmal ------------------------------------------------------------------
struct PostalRow {
  std::string insee;
  std::string name;
  std::string postcode;
  std::string line5;
  std::string delivery_label;
  double latitude = 0;
  double longitude = 0;
};

// Everything the territorial engine reads.
struct TerritorySources {
  CogData cog;
  std::vector<DensityRow> density;
  GeoData geo;
  std::vector<ComparateurRow> comparateur;
  std::vector<PostalRow> postal;
};

}  // namespace fabscope::sources
