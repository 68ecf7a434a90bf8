// The communes of COG 2026 with every input reconciled onto them (docs/methods/territory.md).
#pragma once

#include "core/message.hpp"

#include <array>
#include <string>
#include <vector>

#include "sources/records.hpp"

namespace fabscope::territory {

inline constexpr std::size_t kSectors = 5;
inline constexpr std::array<std::string_view, kSectors> kSectorIds = {"az", "be", "fz", "gu", "oq"};

struct CommuneFrame {
  // Identity (COG 2026), sorted by code.
  std::vector<std::string> code, name, epci, ze, dep, reg;
  // Reconciled inputs; NaN = missing.
  std::vector<double> pop, superf, e18, e13, act, chom, ettot, med, lat, lon;
  std::array<std::vector<double>, kSectors> et;
  std::vector<int> dens;                        // 0 = missing
  std::vector<int> cateaav;                     // 0 = missing
  std::array<double, kSectors> france_share{};  // Σ ET_s / Σ ETTOT over the comparateur's communes

  // Names of the units of the aggregated levels.
  std::vector<std::pair<std::string, std::string>> epci_units, ze_units, dep_units, reg_units;

  // What the reconciliation did, for the summary and the store.
  std::vector<Message> notes;  // texts: territory::import_messages()

  [[nodiscard]] std::size_t size() const { return code.size(); }
};

CommuneFrame reconcile(const sources::TerritorySources& src);

}  // namespace fabscope::territory
