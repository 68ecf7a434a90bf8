#include "cli/views.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

#include "cli/format.hpp"
#include "core/error.hpp"
#include "report/json.hpp"
#include "territory/messages.hpp"
#include "territory/repository.hpp"

namespace fabscope::cli {

using territory::Level;

std::string import_report_text(const pipeline::ImportReport& report, bool fr) {
  std::vector<std::vector<std::string>> rows = {
      {fr ? "Jeu de données" : "Dataset", fr ? "État" : "Status", fr ? "Lignes" : "Rows", fr ? "Durée" : "Time"}};
  for (const auto& d : report.datasets) {
    const bool imported = d.outcome == pipeline::Outcome::imported;
    rows.push_back({d.id, imported ? (fr ? "importé" : "imported") : (fr ? "inchangé" : "unchanged"),
                    group_digits(static_cast<double>(d.rows), 0, fr),
                    imported ? fmt::format("{:.0f} ms", d.seconds * 1000) : ""});
  }
  std::string out = table(rows);
  if (report.indicators_rebuilt) {
    static constexpr std::array<std::string_view, 5> kFr = {"communes", "EPCI", "zones d'emploi", "départements",
                                                            "régions"};
    static constexpr std::array<std::string_view, 5> kEn = {"communes", "EPCI", "employment zones", "départements",
                                                            "regions"};
    std::vector<std::string> parts;
    for (std::size_t l = 0; l < report.units_per_level.size(); ++l) {
      parts.push_back(fmt::format("{} {}", group_digits(static_cast<double>(report.units_per_level[l]), 0, fr),
                                  fr ? kFr[l] : kEn[l]));
    }
    out += fmt::format(fmt::runtime(fr ? "\nIndicateurs : {} indicateurs × {} → {} valeurs calculées\n"
                                       : "\nIndicators: {} indicators × {} → {} values computed\n"),
                       territory::kIndicatorCount, fmt::join(parts, ", "),
                       group_digits(static_cast<double>(report.values_computed), 0, fr));
  } else {
    out += fr ? "\nIndicateurs : à jour (aucune entrée n'a changé)\n" : "\nIndicators: up to date (no input changed)\n";
  }
  for (const auto& d : report.datasets) {
    for (const auto& n : d.notes)
      out += fmt::format(fmt::runtime(fr ? "  · {} : {}\n" : "  · {}: {}\n"), d.id,
                         render(n, fr, territory::import_messages()));
  }
  for (const auto& n : report.notes) out += fmt::format("  · {}\n", render(n, fr, territory::import_messages()));
  std::vector<std::string> phases;
  static const std::map<std::string, std::string> kFr = {
      {"checksums", "sommes de contrôle"}, {"parse", "lecture"},    {"parse", "lecture"}, {"write", "écriture"},
      {"indicators", "indicateurs"},       {"commit", "validation"}};
  for (const auto& [name, seconds] : report.phases) {
    phases.push_back(fmt::format("{} {:.2f} s", fr ? kFr.at(name) : name, seconds));
  }
  out += fmt::format(fmt::runtime(fr ? "Durée totale : {:.2f} s ({})\n" : "Total time: {:.2f} s ({})\n"),
                     report.total_seconds, fmt::join(phases, " · "));
  return out;
}

std::string register_report_text(const workshops::RegisterImportReport& r, bool fr, bool details) {
  std::string out;
  if (r.unchanged) {
    return fmt::format(fmt::runtime(fr ? "{} : inchangé ({} ateliers)\n" : "{}: unchanged ({} workshops)\n"), r.source,
                       r.workshops);
  }
  std::size_t placed = 0;
  std::vector<std::string> methods;
  for (const auto& [m, n] : r.by_method) {
    placed += n;
    methods.push_back(fmt::format("{} {}", m, n));
  }
  out += fmt::format(fmt::runtime(fr ? "{} : {} ateliers, {} placés ({}), dont {} avec avertissement, {} non placés\n"
                                     : "{}: {} workshops, {} placed ({}), {} of them with a warning, {} unplaced\n"),
                     r.source, r.workshops, placed, fmt::join(methods, ", "), r.with_warnings, r.unplaced.size());
  for (const auto& note : r.notes) out += "  ⚠ " + render(note, fr, workshops::placement_messages()) + "\n";
  for (const auto& [who, why] : r.unplaced) {
    out +=
        fmt::format(fmt::runtime(fr ? "  ✗ {} : {}\n" : "  ✗ {}: {}\n"), who, workshops::placement_note_text(why, fr));
  }
  if (details) {
    for (const auto& [who, why] : r.warnings) {
      out += fmt::format(fmt::runtime(fr ? "  ⚠ {} : {}\n" : "  ⚠ {}: {}\n"), who,
                         workshops::placement_note_text(why, fr));
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

std::string profile_text(store::Store& store, Level level, const std::string& code, bool fr) {
  const auto unit = require_unit(store, level, code);
  std::vector<territory::Unit> columns = {*unit};
  std::vector<std::string> heads = {std::string(territory::level_label(level, fr ? "fr" : "en"))};
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
                                 : (l == Level::epci ? "EPCI" : (fr ? "Dép." : "Dep.")));
        }
      }
    }
  }
  std::string out = fmt::format("{} {} — {}", territory::level_label(level, fr ? "fr" : "en"), unit->code, unit->name);
  if (level != Level::commune)
    out += fmt::format(fmt::runtime(fr ? " ({} communes)" : " ({} communes)"), unit->n_communes);
  out += "\n";
  if (columns.size() > 1) {
    out += fr ? "Comparaison : " : "Compared with: ";
    for (std::size_t c = 1; c < columns.size(); ++c) {
      out += fmt::format("{}{} {} {}", c > 1 ? ", " : "", heads[c], columns[c].code, columns[c].name);
    }
    out += "\n";
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> head = {fr ? "Indicateur" : "Indicator"};
  head.insert(head.end(), heads.begin(), heads.end());
  rows.push_back(head);
  for (std::size_t k = 0; k < territory::kIndicatorCount; ++k) {
    const auto& def = territory::indicators()[k];
    if (level != Level::commune && territory::commune_only(k)) continue;
    std::vector<std::string> row = {std::string(fr ? def.label_fr : def.label_en)};
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::string cell = display(def, columns[c].values[k], fr);
      if (c > 0 && territory::commune_only(k)) cell = "";
      if (columns[c].missing[k] > 0) cell += fmt::format(" ({}{})", fr ? "manque " : "missing ", columns[c].missing[k]);
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
