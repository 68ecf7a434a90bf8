// From a territory of the store to the regionalisation of the input-output model: the
// table's industries mapped to the five broad sectors of INSEE's comparateur
// (data/io_sectors.toml), the territory's location quotients of those sectors and its
// size (docs/impact/io.md).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/lang.hpp"
#include "impact/io_table.hpp"
#include "impact/leontief.hpp"
#include "store/store.hpp"
#include "territory/compute.hpp"
#include "territory/indicators.hpp"

namespace fabscope::impact {

struct IndustrySector {
  std::string sector;    // az, be, fz, gu, oq (territory::kSectorIds)
  std::string label_fr;  // NACE Rév. 2 title, shortened
};

struct IndustrySectors {
  std::string source;  // "data/io_sectors.toml" or the file given
  std::map<std::string, IndustrySector> industries;
  // The French label when the map has one, else the table's.
  [[nodiscard]] std::string label(const IoIndustry& industry, Lang lang) const;
};

// Throws InputError (file:line, key) for a missing or unknown sector.
IndustrySectors parse_industry_sectors(const std::string& text, const std::string& label);
const IndustrySectors& builtin_industry_sectors();

// A territory as the regionalisation reads it.
struct TerritoryQuotients {
  territory::Level level = territory::Level::dep;
  std::string code, name;
  double employment = 0, national_employment = 0;  // jobs at place of work (indicator employment)
  std::map<std::string, double> sector_lq;         // lq_az … lq_oq (establishments, France = 1)
  [[nodiscard]] double size_ratio() const { return employment / national_employment; }
};

// What the FLQ needs of `unit` (its employment, France's, its lq_<sector>); nullopt when
// any of it is unknown.
std::optional<TerritoryQuotients> quotients_of(const territory::Unit& unit, const territory::Unit& france);

// The units of `level` (every one when `code` is empty, else that one) with what the FLQ
// needs. A unit missing any of it is left out and named in `skipped`; a single unit asked
// for that lacks it, or a code that does not exist, throws Error (not_found or
// missing_data).
std::vector<TerritoryQuotients> territory_quotients(store::Store& store, territory::Level level,
                                                    const std::string& code, std::vector<std::string>& skipped);

// Each industry of `table` gets the quotient of its sector. Throws InputError naming the
// industries the map does not list.
Regionalisation regionalisation(const IoTable& table, const IndustrySectors& sectors, const TerritoryQuotients& t,
                                double delta, bool augmented);

}  // namespace fabscope::impact
