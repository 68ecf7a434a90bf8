// The registry of territorial indicators. Ids are part of the interface (CSV columns,
// API fields, référentiel sources): they are never renamed, only appended.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/lang.hpp"

namespace fabscope::territory {

// The zonings, and France: one unit ("FR") aggregating every commune with the same rules
// as the zonings (the France column of comparisons). kLevels are the zonings (maps,
// exports, gaps); kAllLevels adds France (stored, read, compared).
enum class Level { commune, epci, ze, dep, reg, fr };
inline constexpr std::array<Level, 5> kLevels = {Level::commune, Level::epci, Level::ze, Level::dep, Level::reg};
inline constexpr std::array<Level, 6> kAllLevels = {Level::commune, Level::epci, Level::ze,
                                                    Level::dep,     Level::reg,  Level::fr};
inline constexpr std::string_view kFranceCode = "FR";
std::string_view level_id(Level level);
std::string level_label(Level level, Lang lang);  // "Commune" / "Municipality"…
std::optional<Level> parse_level(std::string_view id);

struct IndicatorDef {
  std::string_view id;
  std::string_view label_fr;
  std::string_view label_en;
  std::string_view unit;
  std::string_view formula;      // commune level, in the variables of the sources
  std::string_view aggregation;  // how the aggregated levels are computed ("" = commune only)
  std::string_view sources;      // dataset ids (vintage in the catalog)
  std::string_view theme;        // density, dynamism, specialisation, commuting, reach
  int decimals;                  // for display only; exports keep full precision
};

inline constexpr std::size_t kIndicatorCount = 27;
// In export order.
const std::array<IndicatorDef, kIndicatorCount>& indicators();
std::optional<std::size_t> indicator_index(std::string_view id);
bool commune_only(std::size_t indicator);

// A value as people read it: "217 728", "16,1 %" (shares), "1,43 %" (rates per year),
// "0,439"; "—" for missing.
std::string format_value(const IndicatorDef& def, double v, Lang lang);

// docs/indicators.md, generated from this registry and the catalog.
std::string indicators_markdown();

}  // namespace fabscope::territory
