// Text views shared by several commands.
#pragma once

#include <string>

#include "pipeline/import.hpp"
#include "store/store.hpp"
#include "territory/indicators.hpp"
#include "workshops/register.hpp"

namespace fabscope::cli {

std::string import_report_text(const pipeline::ImportReport& report, Lang lang);
// A territory's profile: every indicator, with its parents for comparison.
std::string profile_text(store::Store& store, territory::Level level, const std::string& code, Lang lang);
std::string register_report_text(const workshops::RegisterImportReport& r, Lang lang, bool details);
std::string profile_json(store::Store& store, territory::Level level, const std::string& code);

}  // namespace fabscope::cli
