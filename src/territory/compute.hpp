// Territorial indicators at every level, from the reconciled communes.
#pragma once

#include "core/message.hpp"

#include <array>
#include <map>
#include <string>
#include <vector>

#include "territory/frame.hpp"
#include "territory/indicators.hpp"

namespace fabscope::territory {

struct Unit {
  Level level = Level::commune;
  std::string code;
  std::string name;
  int n_communes = 0;
  std::array<double, kIndicatorCount> values{};  // NaN = missing
  // Member communes left out of each indicator for missing inputs (aggregated levels).
  std::array<int, kIndicatorCount> missing{};
};

struct TerritoryResult {
  std::array<std::vector<Unit>, kAllLevels.size()> units;  // by Level, sorted by code (France: one unit)
  std::vector<Message> notes;                           // texts: territory::import_messages()
  [[nodiscard]] const std::vector<Unit>& at(Level level) const { return units[static_cast<std::size_t>(level)]; }
  [[nodiscard]] const Unit* find(Level level, const std::string& code) const;
};

struct ComputeOptions {
  std::vector<double> reach_km = {10, 20, 30};  // must match the pop_within_* indicators
  unsigned threads = 0;
};

TerritoryResult compute(const CommuneFrame& frame, const ComputeOptions& options = {});

}  // namespace fabscope::territory
