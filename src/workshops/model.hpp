// A workshop (atelier de fabrication numérique) as the national study describes one.
// Every field is optional: missing is missing, never a default. Each field that a source
// gave carries its provenance (which source, as of when).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"

namespace fabscope::workshops {

// Kinds of workshop (stable ids; labels in kinds()).
inline constexpr std::string_view kKindIds[] = {
    "fablab",         "mini_fablab",      "makerspace",      "hackerspace",    "tiers_lieu",     "digital_mediation",
    "university_lab", "company_workshop", "mobile_workshop", "training_space", "innovation_hub", "other"};

struct KindInfo {
  std::string_view id, label_fr, label_en;
};
const std::vector<KindInfo>& kinds();
bool is_kind(std::string_view id);

// Equipment categories (stable ids).
inline constexpr std::string_view kEquipmentIds[] = {
    "3d_printing", "laser_cutting", "cnc_milling", "precision_milling", "vinyl_cutting",
    "electronics", "textile",       "wood_metal",  "scanning",          "computers"};

// Their labels, in the order of kEquipmentIds; the id itself when unknown.
const std::vector<KindInfo>& equipment_kinds();
std::string_view equipment_label(std::string_view id, Lang lang);

struct Provenance {
  std::string source;  // dataset id or "manual"
  std::string date;    // vintage or date of the information
};

struct Workshop {
  std::string id;          // stable: "<source>:<key in the source>"
  std::string source;      // dataset id it was imported from
  std::string source_key;  // the record's key in that source
  // identity
  std::string name;
  std::vector<std::string> aliases;
  std::optional<std::string> website, address, postcode, city, email, phone;
  std::optional<double> latitude, longitude;
  std::optional<int> opening_year, closing_year;
  std::optional<std::string> status;  // active, closed
  std::set<std::string> networks;     // e.g. "fab_charter", "fablabs_io", "maplabbzh"
  std::optional<bool> laureate_2013;
  // kind
  std::optional<std::string> kind;
  std::optional<std::string> kind_in_source;  // the source's own word
  // physical and technical
  std::optional<double> surface_m2;
  std::optional<std::string> opening_hours;
  std::optional<double> capacity;                  // people it can host at once (the supply of the 2SFCA)
  std::optional<std::set<std::string>> equipment;  // categories; nullopt = unknown
  // team
  std::optional<double> staff_fte, volunteers;
  std::optional<bool> has_fabmanager;
  // economics
  std::optional<double> budget_eur;
  std::map<std::string, double> revenues_eur;  // public_subsidies, services, memberships, training, private_partners
  std::optional<std::string> business_model;
  // offer and publics
  std::optional<std::set<std::string>> offer;
  std::optional<std::set<std::string>> publics;
  // governance
  std::optional<std::string> legal_form, governance;
  std::optional<std::string> description;
  // provenance of each field that has a value: field name -> source
  std::map<std::string, Provenance> provenance;
  // Fields of a source's own schema that the model has no place for (the mediation
  // schema's pivot, services, access modes…), kept as given so that an export in that
  // schema gives them back (workshops/mediation.hpp). Not read by the référentiel.
  std::map<std::string, std::string> extra;

  void set_source(const std::string& field, const Provenance& p) { provenance[field] = p; }
};

}  // namespace fabscope::workshops
