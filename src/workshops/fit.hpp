// A workshop's activity profile over the five sectors of the territories, and how it fits
// the territory it is placed in (docs/methods/workshop-fit.md).
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "store/store.hpp"
#include "workshops/access.hpp"
#include "workshops/model.hpp"

namespace fabscope::workshops {

inline constexpr std::array<std::string_view, 5> kSectors = {"az", "be", "fz", "gu", "oq"};
using SectorProfile = std::array<double, 5>;  // shares, sum 1

class SectorMapping {
 public:
  static SectorMapping parse(const std::string& toml, const std::string& label);
  static const SectorMapping& builtin();  // data/workshop_sectors.toml
  // From the equipment when known, else from the kind; nullopt when neither is known.
  // `basis` says which ("equipment" or "kind").
  [[nodiscard]] std::optional<SectorProfile> profile(const Workshop& w, std::string* basis = nullptr) const;

 private:
  std::map<std::string, SectorProfile> m_equipment, m_kind;
};

struct LevelFit {
  std::string level, code, name;
  std::optional<double> sector_fit;  // Σ_s profile_s · LQ_s of the territory (1 = like France)
  std::array<double, 5> lq{};        // NaN = missing
};

struct WorkshopFit {
  std::optional<SectorProfile> profile;
  std::string basis;
  std::vector<LevelFit> levels;              // commune, epci, ze
  std::optional<int> density_class;          // of its commune
  std::optional<double> density_typicality;  // share of same-kind workshops in that density class
  std::size_t same_kind = 0;
  std::optional<double> access_per_100k, nearest_other_km;  // 2SFCA of its commune at 30 km
};

// With `with_access` off, the accessibility fields are left empty (a caller that scores a
// whole panel computes the 2SFCA once instead).
WorkshopFit compute_fit(store::Store& store, const Workshop& w, const std::string& commune, bool with_access = true);

// The 2SFCA at 30 km of every commune, as stored at import (stored_access), read once for
// callers that fit many workshops (the web pages keep one per snapshot of the store).
struct AccessContext {
  AccessInputs inputs;
  AccessResult result;
};
AccessContext access_context(store::Store& store);
WorkshopFit compute_fit(store::Store& store, const Workshop& w, const std::string& commune,
                        const AccessContext& access);

}  // namespace fabscope::workshops
