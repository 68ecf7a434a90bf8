// Regionalisation inputs (docs/impact/io.md).
#include "impact/regional.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "io/toml.hpp"
#include "territory/repository.hpp"

namespace fabscope::impact {

const std::vector<std::pair<std::string_view, std::string_view>>& embedded_impact_files();

std::string IndustrySectors::label(const IoIndustry& industry, Lang lang) const {
  if (lang == Lang::fr) {
    const auto it = industries.find(industry.code);
    if (it != industries.end() && !it->second.label_fr.empty()) return it->second.label_fr;
  }
  return industry.label;
}

IndustrySectors parse_industry_sectors(const std::string& text, const std::string& label) {
  const toml::table root = io::parse_toml(text, label);
  IndustrySectors out;
  out.source = label;
  ProblemList problems;
  const auto* table = root.get_as<toml::table>("industry");
  if (table == nullptr) {
    problems.add({label, 0, 0, "industry"}, "no [industry] table");
    problems.throw_if_any();
  }
  for (const auto& [key, node] : *table) {
    const std::string code(key.str());
    const auto* entry = node.as_table();
    const auto* sector = entry != nullptr ? entry->get_as<std::string>("sector") : nullptr;
    const auto line = io::toml_line(node);
    if (sector == nullptr) {
      problems.add({label, line, 0, fmt::format("industry.{}.sector", code)}, "no sector (az, be, fz, gu or oq)");
      continue;
    }
    if (std::find(territory::kSectorIds.begin(), territory::kSectorIds.end(), sector->get()) ==
        territory::kSectorIds.end()) {
      problems.add({label, line, 0, fmt::format("industry.{}.sector", code)},
                   fmt::format("« {} » is not a sector: az, be, fz, gu or oq", sector->get()));
      continue;
    }
    const auto* fr = entry->get_as<std::string>("fr");
    out.industries[code] = {sector->get(), fr != nullptr ? fr->get() : std::string()};
  }
  problems.throw_if_any();
  return out;
}

const IndustrySectors& builtin_industry_sectors() {
  static const IndustrySectors sectors = [] {
    for (const auto& [name, text] : embedded_impact_files()) {
      if (name == "io_sectors.toml") return parse_industry_sectors(std::string(text), "data/io_sectors.toml");
    }
    throw Error(ExitCode::failure, "the built-in industry map is missing");
  }();
  return sectors;
}

std::optional<TerritoryQuotients> quotients_of(const territory::Unit& unit, const territory::Unit& france) {
  const auto employment = *territory::indicator_index("employment");
  TerritoryQuotients t;
  t.level = unit.level;
  t.code = unit.code;
  t.name = unit.name;
  t.employment = unit.values[employment];
  t.national_employment = france.values[employment];
  bool complete = t.employment > 0 && t.employment <= t.national_employment;
  for (const auto sector : territory::kSectorIds) {
    const double lq = unit.values[*territory::indicator_index(fmt::format("lq_{}", sector))];
    complete = complete && lq >= 0 && std::isfinite(lq);
    t.sector_lq[std::string(sector)] = lq;
  }
  if (!complete) return std::nullopt;
  return t;
}

std::vector<TerritoryQuotients> territory_quotients(store::Store& store, territory::Level level,
                                                    const std::string& code, std::vector<std::string>& skipped) {
  const auto employment = *territory::indicator_index("employment");
  const auto france = territory::load_unit(store, territory::Level::fr, "FR");
  if (!france || !(france->values[employment] > 0)) {
    throw Error(ExitCode::missing_data, "the store has no employment for France: run `fabscope import` first",
                "la base n'a pas l'emploi de la France : lancez d'abord `fabscope import`");
  }
  std::vector<territory::Unit> units;
  if (code.empty()) {
    units = territory::load_level(store, level);
  } else if (auto u = territory::load_unit(store, level, code)) {
    units.push_back(std::move(*u));
  } else {
    throw Error(ExitCode::not_found, fmt::format("no {} with the code {}", territory::level_id(level), code),
                fmt::format("pas de territoire {} de code {}", territory::level_id(level), code));
  }
  std::vector<TerritoryQuotients> out;
  out.reserve(units.size());
  for (const auto& u : units) {
    if (auto t = quotients_of(u, *france)) {
      out.push_back(std::move(*t));
    } else if (!code.empty()) {
      throw Error(
          ExitCode::missing_data,
          fmt::format("{} {}: its employment or a sector's location quotient is unknown", u.code, u.name),
          fmt::format("{} {} : son emploi ou le quotient de localisation d'un secteur est inconnu", u.code, u.name));
    } else {
      skipped.push_back(fmt::format("{} {}", u.code, u.name));
    }
  }
  return out;
}

Regionalisation regionalisation(const IoTable& table, const IndustrySectors& sectors, const TerritoryQuotients& t,
                                double delta, bool augmented) {
  Regionalisation r;
  r.size_ratio = t.size_ratio();
  r.delta = delta;
  r.augmented = augmented;
  r.slq.reserve(table.industries.size());
  std::string unmapped;
  for (const auto& industry : table.industries) {
    const auto it = sectors.industries.find(industry.code);
    if (it == sectors.industries.end()) {
      unmapped += (unmapped.empty() ? "" : ", ") + industry.code;
      r.slq.push_back(0);
      continue;
    }
    r.slq.push_back(t.sector_lq.at(it->second.sector));
  }
  if (!unmapped.empty()) {
    throw InputError(Problem{{sectors.source, 0, 0, "industry"},
                             fmt::format("the industries {} of {} have no sector", unmapped, table.source)});
  }
  return r;
}

}  // namespace fabscope::impact
