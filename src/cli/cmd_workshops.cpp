// fabscope workshops import | list | show
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <iostream>
#include <map>
#include <set>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "cli/views.hpp"
#include "core/error.hpp"
#include "territory/repository.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/fields.hpp"
#include "workshops/fit.hpp"
#include "workshops/mediation.hpp"
#include "workshops/register.hpp"

namespace fabscope::cli {
namespace {

std::string kind_label(const std::optional<std::string>& kind, Lang lang) {
  if (!kind) return "—";
  for (const auto& k : workshops::kinds()) {
    if (k.id == *kind) return std::string(pick(lang, k.label_fr, k.label_en));
  }
  return *kind;
}

std::string percent(double v, Lang lang) { return text::percent(lang, v * 100, 0); }

std::string fit_text(const workshops::WorkshopFit& fit, const workshops::Workshop& w, Lang lang) {
  std::string out = tr(lang, "cli.workshops.fit.title");
  static constexpr std::array<std::string_view, 5> kSectorKeys = {
      "cli.workshops.sector.agriculture", "cli.workshops.sector.industry", "cli.workshops.sector.construction",
      "cli.workshops.sector.trade_services", "cli.workshops.sector.public_education_health"};
  if (fit.profile) {
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < 5; ++k) {
      if ((*fit.profile)[k] > 0)
        parts.push_back(fmt::format("{} {}", tr(lang, kSectorKeys[k]), percent((*fit.profile)[k], lang)));
    }
    out += fmt::format(fmt::runtime(tr(lang, "cli.workshops.fit.profile")),
                       fit.basis == "equipment" ? tr(lang, "cli.workshops.fit.basis_equipment")
                                                : tr(lang, "cli.workshops.fit.basis_kind"),
                       fmt::join(parts, " · "));
    std::vector<std::string> levels;
    for (const auto& lf : fit.levels) {
      levels.push_back(fmt::format("{} {} {}", lf.level == "commune" ? "commune" : (lf.level == "epci" ? "EPCI" : "ZE"),
                                   lf.name, lf.sector_fit ? group_digits(*lf.sector_fit, 2, lang) : "—"));
    }
    out += fmt::format(fmt::runtime(tr(lang, "cli.workshops.fit.sector_fit")), fmt::join(levels, " · "));
  } else {
    out += tr(lang, "cli.workshops.fit.profile_unknown");
  }
  if (fit.density_class) {
    out += fmt::format(fmt::runtime(tr(lang, "cli.workshops.fit.density")), *fit.density_class);
    if (fit.density_typicality) {
      out += fmt::format(fmt::runtime(tr(lang, "cli.workshops.fit.typicality")), percent(*fit.density_typicality, lang),
                         fit.same_kind, kind_label(w.kind, lang));
    } else {
      out += tr(lang, "cli.workshops.fit.kind_unknown");
    }
  }
  out += fmt::format(fmt::runtime(tr(lang, "cli.workshops.fit.access")),
                     fit.access_per_100k ? group_digits(*fit.access_per_100k, 2, lang) : "—",
                     fit.nearest_other_km ? group_digits(*fit.nearest_other_km, 1, lang) : "—");
  return out;
}

class WorkshopsImport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("source", m_source,
                   "Register: fablabs_io_fr_2017, maplabbzh_2020, mediation_numerique (a CSV in the national schema of "
                   "lieux de médiation numérique), or the id of a register read through --mapping")
        ->required();
    app.add_option("file", m_file, "File to read (default: the catalog's file in the data directory)");
    app.add_option("--mapping", m_mapping, "Column-mapping file (TOML) for any CSV or XLSX list of workshops");
    app.add_flag("--force", m_force, "Re-import even when the file has not changed");
    app.add_flag("--no-verify", m_no_verify, "Accept a file whose checksum differs from the catalog");
    app.add_flag("--allow-shrink", m_allow_shrink,
                 "Accept a file that has fewer than half the workshops the register has in the store");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    workshops::RegisterImportOptions o;
    o.allow_shrink = m_allow_shrink;
    o.data_dir = ctx.data_dir;
    if (!m_file.empty()) o.file = m_file;
    o.force = m_force;
    o.verify_checksum = !m_no_verify;
    if (!m_mapping.empty() && m_file.empty()) throw Error(ExitCode::usage, "--mapping needs the FILE to read");
    if (m_source == workshops::kMediationSource && m_file.empty())
      throw Error(ExitCode::usage, "mediation_numerique needs the FILE to read (a CSV in the national schema)",
                  "mediation_numerique demande le FICHIER à lire (un CSV au schéma national)");
    const auto r =
        m_source == workshops::kMediationSource
            ? workshops::import_mediation(*store, sources::Catalog::builtin(), m_file, o)
        : m_mapping.empty()
            ? workshops::import_register(*store, sources::Catalog::builtin(), m_source, o)
            : workshops::import_mapped(*store, sources::Catalog::builtin(), m_source, m_file, m_mapping, o);
    std::cout << register_report_text(r, ctx.lang(), true);
    return 0;
  }

 private:
  std::string m_source, m_file, m_mapping;
  bool m_force = false, m_no_verify = false, m_allow_shrink = false;
};

std::string or_empty(const std::optional<std::string>& v) { return v.value_or(""); }

// Duplicate groups, by canonical record id: their record ids and their registers.
struct Groups {
  std::map<std::string, std::vector<std::string>> ids, sources;
};

// Distinct workshops: one line per duplicate group (kept when one of its records passes
// the filters), the canonical record's line; `groups` gets the group's records and sources.
std::vector<workshops::WorkshopRow> distinct_workshops(store::Store& store,
                                                       const std::vector<workshops::WorkshopRow>& rows,
                                                       Groups& groups) {
  std::map<std::string, std::string> canonical_of;
  std::map<std::string, workshops::WorkshopRow> by_id;
  for (const auto& g : workshops::duplicate_groups(store)) {
    canonical_of[g.id] = g.canonical;
    groups.ids[g.canonical].push_back(g.id);
    auto& srcs = groups.sources[g.canonical];
    if (std::find(srcs.begin(), srcs.end(), g.source) == srcs.end()) srcs.push_back(g.source);
  }
  for (auto& r : workshops::list_workshops(store, {})) {
    if (groups.ids.count(r.id) != 0) by_id.emplace(r.id, std::move(r));
  }
  std::vector<workshops::WorkshopRow> merged;
  std::set<std::string> seen;
  for (const auto& r : rows) {
    const auto& canonical = canonical_of.at(r.id);
    if (!seen.insert(canonical).second) continue;
    merged.push_back(by_id.at(canonical));
  }
  for (auto& [g, srcs] : groups.sources) std::sort(srcs.begin(), srcs.end());
  return merged;
}

class WorkshopsList final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--kind", m_kind, "Only this kind (fablab, makerspace, tiers_lieu, digital_mediation…)");
    app.add_option("--dep", m_dep, "Only this département (code)");
    app.add_option("--source", m_source, "Only workshops of this register");
    app.add_flag("--unplaced", m_unplaced, "Only the workshops that could not be placed");
    app.add_flag("--laureate", m_laureate, "Only the workshops matched to a laureate of the 2013 call");
    app.add_option("--format", m_format, "table (default), csv, json or geojson")
        ->check(CLI::IsMember({"table", "csv", "json", "geojson"}));
    app.add_flag("--records", m_records,
                 "Every record of every register as imported (default: one line per distinct workshop, duplicates "
                 "merged, with its sources)");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    workshops::WorkshopFilter f;
    if (!m_kind.empty()) f.kind = m_kind;
    if (!m_dep.empty()) f.dep = m_dep;
    if (!m_source.empty()) f.source = m_source;
    f.unplaced_only = m_unplaced;
    f.laureates_only = m_laureate;
    auto rows = workshops::list_workshops(*store, f);
    const std::size_t record_count = rows.size();
    Groups groups;
    if (!m_records) rows = distinct_workshops(*store, rows, groups);
    if (m_format == "table") {
      print_table(rows, groups, record_count, ctx.lang());
    } else if (m_format == "csv") {
      print_csv(rows, groups, ctx.lang());
    } else {
      print_json(rows, groups, ctx.lang());
    }
    return 0;
  }

 private:
  [[nodiscard]] std::vector<std::string> sources_of(const Groups& groups, const workshops::WorkshopRow& r) const {
    return m_records ? std::vector<std::string>{r.source} : groups.sources.at(r.id);
  }
  [[nodiscard]] std::vector<std::string> records_of(const Groups& groups, const workshops::WorkshopRow& r) const {
    return m_records ? std::vector<std::string>{r.id} : groups.ids.at(r.id);
  }

  void print_table(const std::vector<workshops::WorkshopRow>& rows, const Groups& groups, std::size_t record_count,
                   Lang lang) const {
    std::vector<std::vector<std::string>> t = {{"id", tr(lang, "cli.common.name"), tr(lang, "cli.workshops.kind"),
                                                tr(lang, "cli.workshops.commune"), tr(lang, "cli.common.dep_short"),
                                                tr(lang, "cli.workshops.placement")}};
    if (!m_records) t[0].emplace_back("Sources");
    for (const auto& r : rows) {
      t.push_back(
          {r.id, r.name + (r.laureate ? " ★" : ""), kind_label(r.kind, lang),
           r.commune ? fmt::format("{} {}", *r.commune, or_empty(r.commune_name)) : tr(lang, "cli.workshops.unplaced"),
           or_empty(r.dep),
           r.commune ? r.method + (r.note.empty() ? "" : " ⚠") : workshops::placement_note_text(r.note, lang)});
      if (!m_records) {
        const auto n = records_of(groups, r).size();
        t.back().push_back(fmt::format("{}", fmt::join(sources_of(groups, r), " ")) +
                           (n > 1 ? fmt::format(fmt::runtime(tr(lang, "cli.workshops.records_of_group")), n) : ""));
      }
    }
    std::cout << table(t);
    if (m_records) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.workshops.records_summary")), rows.size());
    } else {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.workshops.distinct_summary")), rows.size(), record_count);
    }
  }

  void print_csv(const std::vector<workshops::WorkshopRow>& rows, const Groups& groups, Lang lang) const {
    std::cout << "id,source,name,kind,city,postcode,latitude,longitude,commune,commune_name,dep,placement_method,"
                 "placement_note"
              << (m_records ? "" : ",sources,records") << "\n";
    const auto& q = csv_field;
    for (const auto& r : rows) {
      std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}", q(r.id), q(r.source), q(r.name),
                               q(or_empty(r.kind)), q(or_empty(r.city)), q(or_empty(r.postcode)),
                               r.latitude ? raw(*r.latitude) : "", r.longitude ? raw(*r.longitude) : "",
                               q(or_empty(r.commune)), q(or_empty(r.commune_name)), q(or_empty(r.dep)), q(r.method),
                               q(workshops::placement_note_text(r.note, lang)));
      if (!m_records) {
        std::cout << fmt::format(",{},{}", q(fmt::format("{}", fmt::join(sources_of(groups, r), " "))),
                                 q(fmt::format("{}", fmt::join(records_of(groups, r), " "))));
      }
      std::cout << "\n";
    }
  }

  // JSON (an array) or GeoJSON (a FeatureCollection, unplaced workshops without geometry).
  void print_json(const std::vector<workshops::WorkshopRow>& rows, const Groups& groups, Lang lang) const {
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
      nlohmann::ordered_json p = {{"id", r.id},
                                  {"source", r.source},
                                  {"name", r.name},
                                  {"kind", r.kind ? nlohmann::ordered_json(*r.kind) : nullptr},
                                  {"commune", r.commune ? nlohmann::ordered_json(*r.commune) : nullptr},
                                  {"commune_name", r.commune_name ? nlohmann::ordered_json(*r.commune_name) : nullptr},
                                  {"dep", r.dep ? nlohmann::ordered_json(*r.dep) : nullptr},
                                  {"placement_method", r.method},
                                  {"placement_note", workshops::placement_note_text(r.note, lang)}};
      if (!m_records) {
        p["sources"] = sources_of(groups, r);
        p["records"] = records_of(groups, r);
      }
      if (m_format == "geojson") {
        nlohmann::ordered_json feat = {{"type", "Feature"}, {"properties", p}};
        feat["geometry"] = r.latitude
                               ? nlohmann::ordered_json{{"type", "Point"}, {"coordinates", {*r.longitude, *r.latitude}}}
                               : nlohmann::ordered_json(nullptr);
        arr.push_back(feat);
      } else {
        arr.push_back(p);
      }
    }
    if (m_format == "geojson") {
      std::cout << nlohmann::ordered_json{{"type", "FeatureCollection"}, {"features", arr}}.dump(1) << "\n";
    } else {
      std::cout << arr.dump(1) << "\n";
    }
  }

  std::string m_kind, m_dep, m_source, m_format = "table";
  bool m_unplaced = false;
  bool m_laureate = false;
  bool m_records = false;
};

nlohmann::ordered_json fit_json(const workshops::WorkshopFit& fit) {
  auto opt = [](const auto& v) { return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr); };
  nlohmann::ordered_json f;
  if (fit.profile) {
    for (std::size_t k = 0; k < 5; ++k) f["profile"][std::string(workshops::kSectors[k])] = (*fit.profile)[k];
    f["profile_basis"] = fit.basis;
  } else {
    f["profile"] = nullptr;
  }
  for (const auto& lf : fit.levels)
    f["sector_fit"][lf.level] = {{"code", lf.code}, {"name", lf.name}, {"value", opt(lf.sector_fit)}};
  f["density_class"] = opt(fit.density_class);
  f["density_typicality"] = opt(fit.density_typicality);
  f["same_kind_workshops"] = fit.same_kind;
  f["access_per_100k_30km"] = opt(fit.access_per_100k);
  f["nearest_other_workshop_km"] = opt(fit.nearest_other_km);
  return f;
}

// The provenance of a field of the fiche: "source (date)", or empty.
std::string provenance_text(const workshops::Workshop& w, const char* field) {
  const auto it = w.provenance.find(field);
  return it == w.provenance.end() ? std::string() : fmt::format("{} ({})", it->second.source, it->second.date);
}

// The rows of the fiche's table for the fields every register gives.
void add_record_fields(std::vector<std::vector<std::string>>& t, const workshops::Workshop& w, Lang lang) {
  auto add = [&](const std::string& label, const char* field, const std::optional<std::string>& v) {
    t.push_back({label, v.value_or("—"), v ? provenance_text(w, field) : ""});
  };
  add(workshops::field_label("kind", lang), "kind",
      w.kind ? std::optional<std::string>(kind_label(w.kind, lang) +
                                          (w.kind_in_source ? " (« " + *w.kind_in_source + " »)" : ""))
             : std::nullopt);
  add(workshops::field_label("address", lang), "address", w.address);
  add(workshops::field_label("postcode", lang), "postcode", w.postcode);
  add(workshops::field_label("city", lang), "city", w.city);
  add(workshops::field_label("website", lang), "website", w.website);
  add(tr(lang, "cli.workshops.coordinates"), "coordinates",
      w.latitude ? std::optional<std::string>(fmt::format("{:.5f}, {:.5f}", *w.latitude, *w.longitude)) : std::nullopt);
  std::optional<std::string> eq;
  if (w.equipment)
    eq = w.equipment->empty() ? tr(lang, "cli.workshops.none_declared")
                              : fmt::format("{}", fmt::join(*w.equipment, ", "));
  add(workshops::field_label("equipment", lang), "equipment", eq);
  add(workshops::field_label("networks", lang), "networks",
      w.networks.empty() ? std::nullopt : std::optional<std::string>(fmt::format("{}", fmt::join(w.networks, ", "))));
}

// The rest of the study's model: shown with its source when a register gives it, else
// marked as awaiting data (the survey will collect it).
void add_model_fields(std::vector<std::vector<std::string>>& t, const workshops::Workshop& w, Lang lang) {
  // Labelled by the field table; `field` also names the provenance looked up.
  auto later = [&](std::string_view label_field, const char* field, const std::optional<std::string>& v) {
    t.push_back({workshops::field_label(label_field, lang), v.value_or("—"),
                 v ? provenance_text(w, field) : tr(lang, "cli.workshops.no_data_yet")});
  };
  auto numtext = [&](const std::optional<double>& v, int decimals) {
    return v ? std::optional<std::string>(group_digits(*v, decimals, lang)) : std::nullopt;
  };
  auto settext = [](const std::optional<std::set<std::string>>& v) {
    return v ? std::optional<std::string>(fmt::format("{}", fmt::join(*v, ", "))) : std::nullopt;
  };
  later("opening_year", "opening_year",
        w.opening_year ? std::optional<std::string>(std::to_string(*w.opening_year)) : std::nullopt);
  later("surface_m2", "surface_m2", numtext(w.surface_m2, 0));
  later("staff_fte", "staff_fte", numtext(w.staff_fte, 1));
  later("volunteers", "volunteers", numtext(w.volunteers, 0));
  later("has_fabmanager", "has_fabmanager",
        w.has_fabmanager
            ? std::optional<std::string>(*w.has_fabmanager ? tr(lang, "cli.common.yes") : tr(lang, "cli.common.no"))
            : std::nullopt);
  later("capacity", "capacity", numtext(w.capacity, 0));
  later("budget_eur", "budget_eur", numtext(w.budget_eur, 0));
  std::optional<std::string> revenues;
  if (!w.revenues_eur.empty()) {
    std::vector<std::string> parts;
    for (const auto& [src_name, v] : w.revenues_eur)
      parts.push_back(fmt::format("{} {}", src_name, group_digits(v, 0, lang)));
    revenues = fmt::format("{}", fmt::join(parts, " · "));
  }
  std::string revenue_field = "revenue_public_subsidies";
  for (const auto& [field, p] : w.provenance) {
    if (field.rfind("revenue_", 0) == 0) {
      revenue_field = field;
      break;
    }
  }
  later("revenues_eur", revenue_field.c_str(), revenues);
  later("legal_form", "legal_form", w.legal_form);
  later("offer", "offer", settext(w.offer));
  later("publics", "publics", settext(w.publics));
}

class WorkshopsShow final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("id", m_id, "Workshop id (see `fabscope workshops list`)")->required();
    app.add_option("--format", m_format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto merged = workshops::load_merged(*store, m_id);
    if (!merged)
      throw Error(ExitCode::not_found, fmt::format("no workshop '{}' (see `fabscope workshops list`)", m_id));
    // A workshop listed by several sources is shown as one: its canonical record completed
    // by the others, each field with its own provenance.
    const auto& row = merged->row;
    const auto fit =
        row.commune
            ? std::optional<workshops::WorkshopFit>(workshops::compute_fit(*store, merged->workshop, *row.commune))
            : std::nullopt;
    if (m_format == "json") {
      std::cout << fiche_json(*merged, fit, ctx.lang()).dump(2) << "\n";
      return 0;
    }
    print_fiche(*store, *merged, fit, ctx.lang());
    return 0;
  }

 private:
  [[nodiscard]] nlohmann::ordered_json fiche_json(const workshops::MergedWorkshop& merged,
                                                  const std::optional<workshops::WorkshopFit>& fit, Lang lang) const {
    const auto& row = merged.row;
    auto j = nlohmann::ordered_json::parse(workshops::to_json(merged.workshop));
    j["placement"] = {{"commune", row.commune ? nlohmann::ordered_json(*row.commune) : nullptr},
                      {"commune_name", row.commune_name ? nlohmann::ordered_json(*row.commune_name) : nullptr},
                      {"method", row.method},
                      {"note", workshops::placement_note_text(row.note, lang)}};
    j["same_workshop_as"] = merged.members;
    if (merged.canonical != m_id) j["merged_into"] = merged.canonical;
    if (fit) j["fit"] = fit_json(*fit);
    return j;
  }

  // The text fiche: the fields with their provenance, the 2013 call, the placement, the
  // fit and the commune's profile.
  static void print_fiche(store::Store& store, const workshops::MergedWorkshop& merged,
                          const std::optional<workshops::WorkshopFit>& fit, Lang lang) {
    const auto& w = merged.workshop;
    const auto& row = merged.row;
    std::cout << fmt::format("{} — {}\n", w.name, w.id);
    if (!merged.members.empty()) {
      std::cout << fmt::format(fmt::runtime(tr(lang, "cli.workshops.same_as")), fmt::join(merged.members, ", "));
    }
    std::vector<std::vector<std::string>> t = {
        {tr(lang, "cli.workshops.field"), tr(lang, "cli.workshops.value"), tr(lang, "cli.workshops.source")}};
    add_record_fields(t, w, lang);
    add_model_fields(t, w, lang);
    std::cout << table(t, true, false);
    {
      const auto laureate = workshops::laureate_of(store, merged.canonical);
      std::cout << "\n" << tr(lang, "cli.workshops.laureate");
      if (laureate) {
        std::cout << fmt::format(fmt::runtime(tr(lang, "cli.workshops.laureate_yes")), laureate->name,
                                 laureate->method, laureate->note);
      } else {
        std::cout << tr(lang, "cli.workshops.laureate_no");
      }
    }
    std::cout << tr(lang, "cli.workshops.placement_label");
    if (row.commune) {
      std::cout << fmt::format("{} {} ({})", *row.commune, row.commune_name.value_or(""), row.method);
      if (!row.note.empty()) std::cout << " ⚠ " << workshops::placement_note_text(row.note, lang);
      std::cout << "\n";
      if (fit) std::cout << "\n" << fit_text(*fit, w, lang);
      std::cout << "\n" << profile_text(store, territory::Level::commune, *row.commune, lang);
    } else {
      std::cout << tr(lang, "cli.workshops.unplaced_because") << workshops::placement_note_text(row.note, lang) << "\n";
    }
  }

  std::string m_id, m_format = "table";
};

class WorkshopsExport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--schema", m_schema, "mediation: the national schema of lieux de médiation numérique (default)")
        ->check(CLI::IsMember({"mediation"}));
    app.add_option("--source", m_source, "Only the workshops of this register");
    app.add_option("-o,--output", m_output, "Output file (default: standard output)");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto schema = workshops::mediation_schema(ctx.data_dir);
    workshops::WorkshopFilter f;
    if (!m_source.empty()) f.source = m_source;
    std::vector<workshops::Workshop> all;
    for (const auto& row : workshops::list_workshops(*store, f)) {
      if (auto w = workshops::load_workshop(*store, row.id)) all.push_back(std::move(w->first));
    }
    const auto e = workshops::export_mediation(all, schema, store::now_iso8601().substr(0, 10));
    emit(m_output, io::write_with_schema(e.rows, schema));
    const Lang lang = ctx.lang();
    std::cerr << fmt::format(fmt::runtime(tr(lang, "cli.workshops.export.summary")), e.rows.size(), schema.name,
                             schema.version, e.left_out.size());
    for (std::size_t i = 0; i < e.left_out.size() && i < 5; ++i)
      std::cerr << fmt::format("  {}: {}\n", e.left_out[i].first, e.left_out[i].second);
    if (e.left_out.size() > 5) std::cerr << fmt::format("  … ({})\n", e.left_out.size() - 5);
    return 0;
  }

 private:
  std::string m_schema = "mediation", m_source, m_output;
};

}  // namespace

std::unique_ptr<Command> make_workshops_import() { return std::make_unique<WorkshopsImport>(); }
std::unique_ptr<Command> make_workshops_list() { return std::make_unique<WorkshopsList>(); }
std::unique_ptr<Command> make_workshops_show() { return std::make_unique<WorkshopsShow>(); }
std::unique_ptr<Command> make_workshops_export() { return std::make_unique<WorkshopsExport>(); }

}  // namespace fabscope::cli
