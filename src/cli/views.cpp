#include "cli/views.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cmath>

#include "cli/format.hpp"
#include "core/catalog.hpp"
#include "core/error.hpp"
#include "core/message.hpp"
#include "report/json.hpp"
#include "territory/repository.hpp"

namespace fabscope::cli {

using territory::Level;

namespace {
// The name of an import phase (its id in English; an id the catalog lacks shows as itself).
std::string phase_name(Lang lang, const std::string& id) {
  const auto* t = find_text("cli.import.phase." + id);
  return t != nullptr ? std::string(t->in(lang)) : id;
}
}  // namespace

std::string import_report_text(const pipeline::ImportReport& report, Lang lang) {
  std::vector<std::vector<std::string>> rows = {{tr(lang, "cli.common.dataset"), tr(lang, "cli.import.status"),
                                                 tr(lang, "cli.import.rows"), tr(lang, "cli.import.time")}};
  for (const auto& d : report.datasets) {
    const bool imported = d.outcome == pipeline::Outcome::imported;
    rows.push_back({d.id,
                    imported                                  ? tr(lang, "cli.import.imported")
                    : d.outcome == pipeline::Outcome::absent ? tr(lang, "cli.import.absent")
                                                              : tr(lang, "cli.import.unchanged"),
                    group_digits(static_cast<double>(d.rows), 0, lang),
                    imported ? fmt::format("{:.0f} ms", d.seconds * 1000) : ""});
  }
  std::string out = table(rows);
  if (report.indicators_rebuilt) {
    static constexpr std::array<std::string_view, 5> kUnitKeys = {"cli.import.units.commune", "cli.import.units.epci",
                                                                  "cli.import.units.ze", "cli.import.units.dep",
                                                                  "cli.import.units.reg"};
    std::vector<std::string> parts;
    for (std::size_t l = 0; l < report.units_per_level.size(); ++l) {
      parts.push_back(fmt::format("{} {}", group_digits(static_cast<double>(report.units_per_level[l]), 0, lang),
                                  tr(lang, kUnitKeys[l])));
    }
    out += fmt::format(fmt::runtime(tr(lang, "cli.import.indicators_computed")), territory::kIndicatorCount,
                       fmt::join(parts, ", "), group_digits(static_cast<double>(report.values_computed), 0, lang));
  } else {
    out += tr(lang, "cli.import.indicators_up_to_date");
  }
  for (const auto& d : report.datasets) {
    for (const auto& n : d.notes)
      out += fmt::format(fmt::runtime(tr(lang, "cli.import.dataset_note")), d.id, render(n, lang));
  }
  for (const auto& n : report.notes) out += fmt::format("  · {}\n", render(n, lang));
  std::vector<std::string> phases;
  for (const auto& [name, seconds] : report.phases) {
    phases.push_back(fmt::format("{} {:.2f} s", phase_name(lang, name), seconds));
  }
  out += fmt::format(fmt::runtime(tr(lang, "cli.import.total_time")), report.total_seconds, fmt::join(phases, " · "));
  return out;
}

std::string register_report_text(const workshops::RegisterImportReport& r, Lang lang, bool details) {
  std::string out;
  if (r.unchanged) {
    return fmt::format(fmt::runtime(tr(lang, "cli.register.unchanged")), r.source, r.workshops);
  }
  std::size_t placed = 0;
  std::vector<std::string> methods;
  for (const auto& [m, n] : r.by_method) {
    placed += n;
    methods.push_back(fmt::format("{} {}", m, n));
  }
  out += fmt::format(fmt::runtime(tr(lang, "cli.register.summary")), r.source, r.workshops, placed,
                     fmt::join(methods, ", "), r.with_warnings, r.unplaced.size());
  for (const auto& note : r.notes) out += "  ⚠ " + render(note, lang) + "\n";
  for (const auto& [who, why] : r.unplaced) {
    out += fmt::format(fmt::runtime(tr(lang, "cli.register.unplaced")), who, workshops::placement_note_text(why, lang));
  }
  if (details) {
    for (const auto& [who, why] : r.warnings) {
      out +=
          fmt::format(fmt::runtime(tr(lang, "cli.register.warning")), who, workshops::placement_note_text(why, lang));
    }
  }
  return out;
}

namespace {

std::optional<territory::Unit> require_unit(store::Store& store, Level level, const std::string& code) {
  if (!territory::has_results(store)) {
    throw Error(ExitCode::missing_data, "the store has no indicators yet: run `fabscope import --all` first");
  }
  auto u = territory::load_unit(store, level, code);
  if (!u) {
    throw Error(ExitCode::not_found, fmt::format("no {} with code '{}' (try `fabscope territory search NAME`)",
                                                 territory::level_id(level), code));
  }
  return u;
}

}  // namespace

std::string profile_text(store::Store& store, Level level, const std::string& code, Lang lang) {
  const auto unit = require_unit(store, level, code);
  std::vector<territory::Unit> columns = {*unit};
  std::vector<std::string> heads = {std::string(territory::level_label(level, lang))};
  if (level == Level::commune) {
    if (const auto place = territory::load_place(store, code)) {
      const std::vector<std::pair<Level, std::string>> parents = {
          {Level::epci, place->epci}, {Level::ze, place->ze}, {Level::dep, place->dep}};
      for (const auto& [l, c] : parents) {
        if (c.empty()) continue;
        if (auto p = territory::load_unit(store, l, c)) {
          columns.push_back(*p);
          heads.emplace_back(territory::level_id(l) == std::string_view("ze")
                                 ? "ZE"
                                 : (l == Level::epci ? "EPCI" : tr(lang, "cli.common.dep_short")));
        }
      }
    }
  }
  std::string out = fmt::format("{} {} — {}", territory::level_label(level, lang), unit->code, unit->name);
  if (level != Level::commune) out += fmt::format(fmt::runtime(tr(lang, "cli.profile.communes")), unit->n_communes);
  out += "\n";
  if (columns.size() > 1) {
    out += tr(lang, "cli.profile.compared_with");
    for (std::size_t c = 1; c < columns.size(); ++c) {
      out += fmt::format("{}{} {} {}", c > 1 ? ", " : "", heads[c], columns[c].code, columns[c].name);
    }
    out += "\n";
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {tr(lang, "cli.common.indicator")};
  head.insert(head.end(), heads.begin(), heads.end());
  rows.push_back(head);
  for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
    const auto& def = territory::indicators()[k];
    if (level != Level::commune && territory::commune_only(k)) continue;
    std::vector<std::string> row = {std::string(pick(lang, def.label_fr, def.label_en))};
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::string cell = display(def, columns[c].values[k], lang);
      if (c > 0 && territory::commune_only(k)) cell = "";
      if (columns[c].missing[k] > 0)
        cell += fmt::format(" ({}{})", tr(lang, "cli.profile.missing"), columns[c].missing[k]);
      row.push_back(cell);
    }
    rows.push_back(row);
  }
  out += table(rows);
  return out;
}

std::string profile_json(store::Store& store, Level level, const std::string& code) {
  return report::territory_profile(store, level, code).dump(2) + "\n";
}

}  // namespace fabscope::cli
