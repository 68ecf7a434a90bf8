// The one table of a workshop's fields: its stable id (the key of the register's JSON,
// of a mapping file's [columns], of the provenance, of exports), its type, its labels in
// French and English, its unit, and whether a mapped import may fill it or the référentiel
// read it (`source = "workshop:<id>"`). JSON in both directions, the mapping importer, the
// référentiel's list of workshop sources and the panel read this table; adding a field
// is one member of Workshop (model.hpp) and one line here (fields.cpp).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/lang.hpp"
#include "workshops/model.hpp"

namespace fabscope::workshops {

// Where the value lives in a Workshop.
using FieldMember = std::variant<std::string Workshop::*,                           // always given
                                 std::optional<std::string> Workshop::*,            // text
                                 std::optional<double> Workshop::*,                 // number
                                 std::optional<int> Workshop::*,                    // year
                                 std::optional<bool> Workshop::*,                   // yes / no
                                 std::optional<std::set<std::string>> Workshop::*,  // categories (nullopt = unknown)
                                 std::set<std::string> Workshop::*,                 // networks (empty = none known)
                                 std::vector<std::string> Workshop::*,              // other names
                                 std::map<std::string, double> Workshop::*>;        // revenues by source

struct FieldDef {
  std::string_view id;
  FieldMember member;
  std::string_view label_fr, label_en;
  std::string_view unit_fr, unit_en;  // "m²", "ETP" / "FTE", "€"; empty when none
  bool mappable = false;              // a column of a mapped import (workshops/mapped.hpp) may fill it
  bool non_negative = false;
};

// Every field, in the order of the register's JSON.
const std::vector<FieldDef>& workshop_fields();
const FieldDef* find_field(std::string_view id);
// "Label (unit)" in the reader's language, as the CLI and the pages show it.
std::string field_label(const FieldDef& field, Lang lang);
std::string field_label(std::string_view id, Lang lang);

// The revenue sources of `revenues_eur` (mapping columns and référentiel ids "revenue_<source>").
inline constexpr std::string_view kRevenueSources[] = {"public_subsidies", "services", "memberships", "training",
                                                       "private_partners"};
inline constexpr std::string_view kRevenueIds[] = {"revenue_public_subsidies", "revenue_services",
                                                   "revenue_memberships", "revenue_training",
                                                   "revenue_private_partners"};

// Numeric values a référentiel indicator may read from the record alone
// (`source = "workshop:<id>"`): the numeric fields, counts of the category fields and of
// the networks, each revenue source. NaN when unknown.
struct NumericField {
  std::string_view id;
  std::function<double(const Workshop&)> value;
};
const std::vector<NumericField>& numeric_fields();
const NumericField* find_numeric_field(std::string_view id);

}  // namespace fabscope::workshops
