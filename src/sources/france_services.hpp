// anct_france_services_2022: ANCT's list of France services sites (1 December 2022), the
// national network of public places that help people with administrative and digital
// procedures. Not an input of the territorial indicators: a register of places of its
// own, read by the accessibility of public digital help (issue 14) and shown with the
// territories.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sources/importer.hpp"
#include "store/store.hpp"

namespace fabscope::sources {

struct FranceServicesSite {
  std::string id;            // id_fs
  std::string name;          // lib_fs
  std::string address;       // adresse, complement_adresse
  std::string commune;       // insee_com; empty when the file gives none (then the site is not located)
  std::string departement;   // insee_dep
  std::string postcode;      // code_postal
  std::string commune_name;  // lib_com
  double latitude = 0;       // NaN when not given
  double longitude = 0;
  bool mobile = false;        // itinerance = "Oui" (a bus that tours several communes)
  std::string format;         // format_fs: "Site principal" or "Antenne"
  std::string labellisation;  // as published ("Espace labellisé 01/01/2020")
};

// Its table, created on its first import (not in the store's migrations).
inline constexpr std::string_view kFranceServicesSchema =
    "CREATE TABLE IF NOT EXISTS anct_france_services (\n"
    "  id TEXT PRIMARY KEY, name TEXT NOT NULL, address TEXT NOT NULL, commune TEXT NOT NULL,\n"
    "  departement TEXT NOT NULL, postcode TEXT NOT NULL, commune_name TEXT NOT NULL,\n"
    "  latitude REAL, longitude REAL, mobile INTEGER NOT NULL, format TEXT NOT NULL, labellisation TEXT NOT NULL);\n"
    "CREATE INDEX IF NOT EXISTS anct_france_services_commune ON anct_france_services(commune);";

// Parses and validates the CSV as published; problems as file:line:column.
ImportSummary parse_france_services(const std::filesystem::path& file, std::vector<FranceServicesSite>& out);

// The sites in the store, in the order of the file (empty when the dataset was never imported).
std::vector<FranceServicesSite> load_france_services(store::Store& store);

}  // namespace fabscope::sources
