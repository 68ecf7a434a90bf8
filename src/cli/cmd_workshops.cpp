// fabscope workshops import | list | show
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>

#include "cli/command.hpp"
#include "cli/format.hpp"
#include "cli/views.hpp"
#include "core/error.hpp"
#include "territory/repository.hpp"
#include "workshops/register.hpp"

namespace fabscope::cli {
namespace {

std::string kind_label(const std::optional<std::string>& kind, bool fr) {
  if (!kind) return "—";
  for (const auto& k : workshops::kinds()) {
    if (k.id == *kind) return std::string(fr ? k.label_fr : k.label_en);
  }
  return *kind;
}

class WorkshopsImport final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("source", m_source, "Register: fablabs_io_fr_2017 or maplabbzh_2020")->required();
    app.add_option("file", m_file, "File to read (default: the catalog's file in the data directory)");
    app.add_flag("--force", m_force, "Re-import even when the file has not changed");
    app.add_flag("--no-verify", m_no_verify, "Accept a file whose checksum differs from the catalog");
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    workshops::RegisterImportOptions o;
    o.data_dir = ctx.data_dir;
    if (!m_file.empty()) o.file = m_file;
    o.force = m_force;
    o.verify_checksum = !m_no_verify;
    const auto r = workshops::import_register(*store, sources::Catalog::builtin(), m_source, o);
    std::cout << register_report_text(r, ctx.fr(), true);
    return 0;
  }

 private:
  std::string m_source, m_file;
  bool m_force = false, m_no_verify = false;
};

class WorkshopsList final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("--kind", m_kind, "Only this kind (fablab, makerspace, tiers_lieu, digital_mediation…)");
    app.add_option("--dep", m_dep, "Only this département (code)");
    app.add_option("--source", m_source, "Only workshops of this register");
    app.add_flag("--unplaced", m_unplaced, "Only the workshops that could not be placed");
    app.add_option("--format", m_format, "table (default), csv, json or geojson")
        ->check(CLI::IsMember({"table", "csv", "json", "geojson"}));
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    workshops::WorkshopFilter f;
    if (!m_kind.empty()) f.kind = m_kind;
    if (!m_dep.empty()) f.dep = m_dep;
    if (!m_source.empty()) f.source = m_source;
    f.unplaced_only = m_unplaced;
    const auto rows = workshops::list_workshops(*store, f);
    auto s = [](const std::optional<std::string>& v) { return v.value_or(""); };
    if (m_format == "table") {
      std::vector<std::vector<std::string>> t = {{"id", ctx.fr() ? "Nom" : "Name", ctx.fr() ? "Type" : "Kind",
                                                  ctx.fr() ? "Commune" : "Municipality", ctx.fr() ? "Dép." : "Dep.",
                                                  ctx.fr() ? "Placement" : "Placement"}};
      for (const auto& r : rows) {
        t.push_back({r.id, r.name, kind_label(r.kind, ctx.fr()),
                     r.commune ? fmt::format("{} {}", *r.commune, s(r.commune_name)) : (ctx.fr() ? "non placé" : "unplaced"),
                     s(r.dep), r.commune ? r.method + (r.note.empty() ? "" : " ⚠") : r.note});
      }
      std::cout << table(t) << fmt::format(fmt::runtime(ctx.fr() ? "{} ateliers\n" : "{} workshops\n"), rows.size());
    } else if (m_format == "csv") {
      std::cout << "id,source,name,kind,city,postcode,latitude,longitude,commune,commune_name,dep,placement_method,placement_note\n";
      auto q = [](const std::string& v) {
        if (v.find_first_of(",\"\n") == std::string::npos) return v;
        std::string o = "\"";
        for (const char c : v) o += c == '"' ? std::string("\"\"") : std::string(1, c);
        return o + "\"";
      };
      for (const auto& r : rows) {
        std::cout << fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", q(r.id), q(r.source), q(r.name), q(s(r.kind)),
                                 q(s(r.city)), q(s(r.postcode)), r.latitude ? raw(*r.latitude) : "",
                                 r.longitude ? raw(*r.longitude) : "", q(s(r.commune)), q(s(r.commune_name)), q(s(r.dep)),
                                 q(r.method), q(r.note));
      }
    } else {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& r : rows) {
        nlohmann::ordered_json p = {{"id", r.id}, {"source", r.source}, {"name", r.name}, {"kind", r.kind ? nlohmann::ordered_json(*r.kind) : nullptr},
                                    {"commune", r.commune ? nlohmann::ordered_json(*r.commune) : nullptr},
                                    {"commune_name", r.commune_name ? nlohmann::ordered_json(*r.commune_name) : nullptr},
                                    {"dep", r.dep ? nlohmann::ordered_json(*r.dep) : nullptr},
                                    {"placement_method", r.method}, {"placement_note", r.note}};
        if (m_format == "geojson") {
          nlohmann::ordered_json feat = {{"type", "Feature"}, {"properties", p}};
          feat["geometry"] = r.latitude ? nlohmann::ordered_json{{"type", "Point"}, {"coordinates", {*r.longitude, *r.latitude}}}
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
    return 0;
  }

 private:
  std::string m_kind, m_dep, m_source, m_format = "table";
  bool m_unplaced = false;
};

class WorkshopsShow final : public Command {
 public:
  void setup(CLI::App& app) override {
    app.add_option("id", m_id, "Workshop id (see `fabscope workshops list`)")->required();
    app.add_option("--format", m_format, "table (default) or json")->check(CLI::IsMember({"table", "json"}));
  }
  int run(const Context& ctx) override {
    auto store = ctx.open_store(true);
    const auto found = workshops::load_workshop(*store, m_id);
    if (!found) throw Error(ExitCode::not_found, fmt::format("no workshop '{}' (see `fabscope workshops list`)", m_id));
    const auto& [w, row] = *found;
    if (m_format == "json") {
      auto j = nlohmann::ordered_json::parse(workshops::to_json(w));
      j["placement"] = {{"commune", row.commune ? nlohmann::ordered_json(*row.commune) : nullptr},
                        {"commune_name", row.commune_name ? nlohmann::ordered_json(*row.commune_name) : nullptr},
                        {"method", row.method}, {"note", row.note}};
      std::cout << j.dump(2) << "\n";
      return 0;
    }
    const bool fr = ctx.fr();
    std::cout << fmt::format("{} — {}\n", w.name, w.id);
    std::vector<std::vector<std::string>> t = {{fr ? "Champ" : "Field", fr ? "Valeur" : "Value", fr ? "Source" : "Source"}};
    auto src = [&](const char* field) {
      const auto it = w.provenance.find(field);
      return it == w.provenance.end() ? std::string() : fmt::format("{} ({})", it->second.source, it->second.date);
    };
    auto add = [&](const char* label, const char* field, const std::optional<std::string>& v) {
      t.push_back({label, v.value_or("—"), v ? src(field) : ""});
    };
    add(fr ? "Type" : "Kind", "kind", w.kind ? std::optional<std::string>(kind_label(w.kind, fr) + (w.kind_in_source ? " (« " + *w.kind_in_source + " »)" : "")) : std::nullopt);
    add(fr ? "Adresse" : "Address", "address", w.address);
    add(fr ? "Code postal" : "Postcode", "postcode", w.postcode);
    add(fr ? "Ville" : "City", "city", w.city);
    add(fr ? "Site web" : "Website", "website", w.website);
    add(fr ? "Coordonnées" : "Coordinates", "coordinates", w.latitude ? std::optional<std::string>(fmt::format("{:.5f}, {:.5f}", *w.latitude, *w.longitude)) : std::nullopt);
    std::optional<std::string> eq;
    if (w.equipment) eq = w.equipment->empty() ? std::string(fr ? "(aucun déclaré)" : "(none declared)") : fmt::format("{}", fmt::join(*w.equipment, ", "));
    add(fr ? "Équipements" : "Equipment", "equipment", eq);
    add(fr ? "Réseaux" : "Networks", "networks", w.networks.empty() ? std::nullopt : std::optional<std::string>(fmt::format("{}", fmt::join(w.networks, ", "))));
    // Fields of the study's model that no register gives yet (the survey will).
    const std::vector<std::pair<const char*, const char*>> later = {
        {"Surface (m²)", "Area (m²)"}, {"Équipe salariée (ETP)", "Paid staff (FTE)"},
        {"Budget de fonctionnement (€)", "Operating budget (€)"}, {"Forme juridique", "Legal form"},
        {"Offre de services", "Service offer"}, {"Publics", "Publics"}};
    for (const auto& [lfr, len] : later) t.push_back({fr ? lfr : len, "—", fr ? "pas encore de donnée" : "no data yet"});
    std::cout << table(t, true, false);
    std::cout << "\n" << (fr ? "Placement : " : "Placement: ");
    if (row.commune) {
      std::cout << fmt::format("{} {} ({})", *row.commune, row.commune_name.value_or(""), row.method);
      if (!row.note.empty()) std::cout << " ⚠ " << row.note;
      std::cout << "\n\n" << profile_text(*store, territory::Level::commune, *row.commune, fr);
    } else {
      std::cout << (fr ? "non placé — " : "unplaced — ") << row.note << "\n";
    }
    return 0;
  }

 private:
  std::string m_id, m_format = "table";
};

}  // namespace

std::unique_ptr<Command> make_workshops_import() { return std::make_unique<WorkshopsImport>(); }
std::unique_ptr<Command> make_workshops_list() { return std::make_unique<WorkshopsList>(); }
std::unique_ptr<Command> make_workshops_show() { return std::make_unique<WorkshopsShow>(); }

}  // namespace fabscope::cli
