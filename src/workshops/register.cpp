#include "workshops/register.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>

#include "core/error.hpp"
#include "core/sha256.hpp"
#include "io/geojson.hpp"
#include "workshops/duplicates.hpp"
#include "workshops/fields.hpp"
#include "workshops/laureates.hpp"
#include "workshops/mapped.hpp"
#include "workshops/sources.hpp"

namespace fabscope::workshops {

using nlohmann::ordered_json;

std::string to_json(const Workshop& w) {
  ordered_json j;
  for (const auto& f : workshop_fields()) {
    const std::string key(f.id);
    std::visit(
        [&](auto member) {
          const auto& v = w.*member;
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            j[key] = v;
          } else if constexpr (requires { v.has_value(); }) {
            if (v) j[key] = *v;
          } else {
            if (!v.empty()) j[key] = v;
          }
        },
        f.member);
  }
  ordered_json prov = ordered_json::object();
  for (const auto& [field, p] : w.provenance) prov[field] = {{"source", p.source}, {"date", p.date}};
  j["provenance"] = prov;
  if (!w.extra.empty()) j["extra"] = w.extra;
  return j.dump();
}

Workshop workshop_from_json(const std::string& text) {
  const auto j = ordered_json::parse(text);
  Workshop w;
  for (const auto& f : workshop_fields()) {
    const std::string key(f.id);
    std::visit(
        [&](auto member) {
          auto& v = w.*member;
          using V = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<V, std::string>) {
            v = j.at(key).get<std::string>();  // always given
          } else if constexpr (requires { v.has_value(); }) {
            if (j.contains(key) && !j[key].is_null()) v = j[key].get<typename V::value_type>();
          } else {
            if (j.contains(key)) v = j[key].get<V>();
          }
        },
        f.member);
  }
  for (const auto& [field, p] : j.at("provenance").items()) {
    w.provenance[field] = {p.at("source").get<std::string>(), p.at("date").get<std::string>()};
  }
  if (j.contains("extra")) w.extra = j["extra"].get<std::map<std::string, std::string>>();
  return w;
}

RegisterImportReport import_register(store::Store& store, const sources::Catalog& catalog, const std::string& source,
                                     const RegisterImportOptions& options) {
  const auto* reg = find_register_source(source);
  if (reg == nullptr) {
    std::vector<std::string> ids;
    for (const auto& r : register_sources()) ids.emplace_back(r.dataset_id);
    throw Error(ExitCode::not_found,
                fmt::format("unknown workshop source '{}' (known: {})", source, fmt::join(ids, ", ")));
  }
  const auto& info = catalog.get(source);
  const auto path = options.file.value_or(options.data_dir / info.file);
  if (!std::filesystem::is_regular_file(path)) {
    throw Error(ExitCode::missing_data, fmt::format("{}: file {} not found", source, path.string()));
  }
  const auto sha = sha256_file(path);
  if (options.verify_checksum && !options.file && sha != info.sha256) {
    throw Error(ExitCode::checksum, fmt::format("{}: {} has SHA-256 {}, the catalog expects {}; nothing was imported. "
                                                "Use --no-verify to import it anyway.",
                                                source, path.string(), sha, info.sha256));
  }
  RegisterImportReport report;
  report.source = source;
  if (const auto prev = store.import_record(source); prev && prev->sha256 == sha && !options.force) {
    report.unchanged = true;
    report.workshops = static_cast<std::size_t>(prev->rows);
    return report;
  }
  auto workshops = reg->parse(path, info);
  return write_register(store, catalog, {source, info.vintage, path.filename().string(), sha, std::move(workshops)},
                        options);
}

RegisterImportReport import_mapped(store::Store& store, const sources::Catalog& catalog, const std::string& source,
                                   const std::filesystem::path& file, const std::filesystem::path& mapping_path,
                                   const RegisterImportOptions& options) {
  auto mapping = ColumnMapping::load(mapping_path);
  if (!mapping.source.empty() && mapping.source != source) {
    throw Error(ExitCode::usage, fmt::format("the mapping {} is for register '{}', not '{}'", mapping_path.string(),
                                             mapping.source, source));
  }
  if (find_register_source(source) != nullptr || catalog.find(source) != nullptr) {
    throw Error(ExitCode::usage,
                fmt::format("'{}' is a built-in dataset id: give the mapped register another name", source));
  }
  mapping.source = source;
  if (!std::filesystem::is_regular_file(file))
    throw Error(ExitCode::missing_data, fmt::format("{}: not found", file.string()));
  // The file and its mapping together: changing either re-imports.
  const auto sha = sha256_bytes(sha256_file(file) + sha256_file(mapping_path));
  if (const auto prev = store.import_record(source); prev && prev->sha256 == sha && !options.force) {
    RegisterImportReport report;
    report.source = source;
    report.unchanged = true;
    report.workshops = static_cast<std::size_t>(prev->rows);
    return report;
  }
  auto workshops = parse_mapped(file, mapping);
  return write_register(store, catalog, {source, mapping.date, file.filename().string(), sha, std::move(workshops)},
                        options);
}

RegisterImportReport write_register(store::Store& store, const sources::Catalog& catalog, const RegisterBatch& batch,
                                    const RegisterImportOptions& options) {
  const auto& workshops = batch.workshops;
  if (const auto prev = store.import_record(batch.source);
      prev && !options.allow_shrink && shrink_refused(prev->rows, static_cast<std::int64_t>(workshops.size()))) {
    throw ShrinkError(batch.source, prev->rows, static_cast<std::int64_t>(workshops.size()));
  }
  RegisterImportReport report;
  report.source = batch.source;
  // Polygons where available (Bretagne).
  std::vector<io::PolygonFeature> polygons;
  if (const auto* geo = catalog.find("geo_communes_bretagne_2018")) {
    const auto gp = options.data_dir / geo->file;
    std::vector<Problem> skipped;
    if (std::filesystem::is_regular_file(gp)) polygons = io::read_polygons(gp, &skipped);
    // A commune whose geometry is empty or degenerate is placed by the other methods.
    for (const auto& sk : skipped) report.notes.push_back({"geometry_skipped", {sk.where.to_string()}});
  }
  const PlacementContext ctx(store, std::move(polygons));
  std::vector<Placement> placements;
  placements.reserve(workshops.size());
  for (const auto& w : workshops) placements.push_back(ctx.place(w));
  // Write: replace this source's workshops in one transaction.
  store::WriteTransaction tx(store);  // waits for another writer
  std::vector<StoredWorkshop> stored;
  stored.reserve(workshops.size());
  for (std::size_t k = 0; k < workshops.size(); ++k) {
    const auto& w = workshops[k];
    const auto& p = placements[k];
    // Stored language-neutral (ids and arguments): the reason first when unplaced.
    StoredWorkshop s{w, p.commune, p.method, {}};
    if (!p.commune && p.reason) s.notes.push_back(*p.reason);
    s.notes.insert(s.notes.end(), p.warnings.begin(), p.warnings.end());
    const std::string note = encode(s.notes);
    if (p.commune) {
      ++report.by_method[p.method];
      if (!p.warnings.empty()) {
        ++report.with_warnings;
        report.warnings.emplace_back(fmt::format("{} ({})", w.id, w.name), note);
      }
    } else {
      report.unplaced.emplace_back(fmt::format("{} ({})", w.id, w.name), note);
    }
    stored.push_back(std::move(s));
  }
  replace_source_workshops(store, batch.source, stored);
  store.record_import({batch.source, batch.vintage, 0, batch.file_name, batch.sha256,
                       static_cast<std::int64_t>(workshops.size()), "workshop", ""});
  refresh_duplicates(store, options.duplicates ? *options.duplicates : DuplicateDecisions::builtin());
  match_laureates(store, builtin_laureates());
  tx.commit();
  report.workshops = workshops.size();
  return report;
}

}  // namespace fabscope::workshops
