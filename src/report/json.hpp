// JSON documents shared by the CLI (--format json) and the server's API: one builder per
// resource, so both surfaces say the same thing.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "store/store.hpp"
#include "territory/compute.hpp"
#include "territory/indicators.hpp"

namespace fabscope::report {

using Json = nlohmann::ordered_json;

// One unit of a level: level, code, name, n_communes, indicators (null = missing) and, at
// the aggregated levels, the member communes left out of each indicator.
Json territory_unit(const territory::Unit& unit);
// A territory's profile (indicators, missing counts, parents, centroid). Throws Error
// (not_found, missing_data).
Json territory_profile(store::Store& store, territory::Level level, const std::string& code);
// The indicator registry.
Json indicator_registry();

}  // namespace fabscope::report
