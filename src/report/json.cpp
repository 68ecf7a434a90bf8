#include "report/json.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/error.hpp"
#include "territory/repository.hpp"

namespace fabscope::report {

Json territory_unit(const territory::Unit& u) {
  Json j;
  j["level"] = territory::level_id(u.level);
  j["code"] = u.code;
  j["name"] = u.name;
  j["n_communes"] = u.n_communes;
  Json values = Json::object();
  Json missing = Json::object();
  for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
    const auto id = std::string(territory::indicators()[k].id);
    if (std::isnan(u.values[k])) {
      values[id] = nullptr;
    } else {
      values[id] = u.values[k];
    }
    if (u.level != territory::Level::commune && !territory::commune_only(k)) missing[id] = u.missing[k];
  }
  j["indicators"] = values;
  if (u.level != territory::Level::commune) j["missing_communes"] = missing;
  return j;
}

Json territory_profile(store::Store& store, territory::Level level, const std::string& code) {
  if (!territory::has_results(store)) {
    throw Error(ExitCode::missing_data, "the store has no indicators yet: run `fabscope import --all` first");
  }
  auto u = territory::load_unit(store, level, code);
  // A former code, an arrondissement or a delegated commune: the current commune, saying so.
  std::optional<territory::CommuneAlias> alias;
  if (!u && level == territory::Level::commune) {
    alias = territory::commune_alias(store, code);
    if (alias) u = territory::load_unit(store, level, alias->current);
  }
  if (!u) {
    throw Error(ExitCode::not_found, fmt::format("no {} with code '{}' (try `fabscope territory search NAME`)",
                                                 territory::level_id(level), code));
  }
  Json j = territory_unit(*u);
  if (alias) j["resolved_from"] = {{"code", alias->code}, {"name", alias->name}, {"type", alias->type}};
  if (level == territory::Level::commune) {
    if (const auto p = territory::load_place(store, u->code)) {
      j["parents"] = {{"epci", p->epci}, {"ze", p->ze}, {"dep", p->dep}, {"reg", p->reg}};
      if (!std::isnan(p->latitude)) j["centroid"] = {{"latitude", p->latitude}, {"longitude", p->longitude}};
    }
  }
  return j;
}

Json indicator_registry() {
  Json arr = Json::array();
  for (const auto& d : territory::indicators()) {
    arr.push_back({{"id", d.id},
                   {"label_fr", d.label_fr},
                   {"label_en", d.label_en},
                   {"unit", d.unit},
                   {"formula", d.formula},
                   {"aggregation", d.aggregation.empty() ? "commune only" : d.aggregation},
                   {"sources", d.sources},
                   {"theme", d.theme}});
  }
  return arr;
}

}  // namespace fabscope::report
