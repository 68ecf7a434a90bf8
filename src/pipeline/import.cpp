#include "pipeline/import.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <future>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/sha256.hpp"
#include "sources/importer.hpp"
#include "territory/compute.hpp"
#include "territory/frame.hpp"
#include "territory/repository.hpp"

namespace fabscope::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Moves what one importer filled into the combined sources.
void merge(sources::TerritorySources& into, sources::TerritorySources&& from, std::string_view id) {
  if (id == "cog_etalab_2026") into.cog = std::move(from.cog);
  if (id == "insee_grille_densite_2024") into.density = std::move(from.density);
  if (id == "insee_appartenance_2022") into.geo = std::move(from.geo);
  if (id == "insee_comparateur_2022") into.comparateur = std::move(from.comparateur);
  if (id == "laposte_hexasmal") into.postal = std::move(from.postal);
}

struct Parsed {
  sources::TerritorySources data;
  sources::ImportSummary summary;
  double seconds = 0;
};

}  // namespace

ImportReport import_datasets(store::Store& store, const sources::Catalog& catalog, const ImportOptions& options) {
  const auto t0 = Clock::now();
  ImportReport report;
  // 1. What to import.
  std::vector<const sources::Importer*> todo;
  if (options.datasets.empty()) {
    for (const auto& imp : sources::importers()) todo.push_back(&imp);
  } else {
    for (const auto& id : options.datasets) {
      (void)catalog.get(id);  // unknown id -> not_found
      const auto* imp = sources::find_importer(id);
      if (imp == nullptr) throw Error(ExitCode::not_found, fmt::format("dataset '{}' has no importer yet", id));
      todo.push_back(imp);
    }
  }
  // 2. Which files changed (checksums), and check that they exist.
  struct Job {
    const sources::Importer* importer;
    const sources::DatasetInfo* info;
    std::filesystem::path path;
    std::string sha;
  };
  std::vector<Job> jobs;
  for (const auto* imp : todo) {
    const auto& info = catalog.get(std::string(imp->dataset_id));
    const auto path = options.data_dir / info.file;
    if (!std::filesystem::is_regular_file(path)) {
      throw Error(ExitCode::missing_data,
                  fmt::format("{}: file {} not found (data directory {}); run `fabscope data fetch {}` or set --data",
                              info.id, path.string(), options.data_dir.string(), info.id));
    }
    const auto sha = sha256_file(path);
    if (options.verify_checksum && sha != info.sha256) {
      throw Error(ExitCode::checksum,
                  fmt::format("{}: {} has SHA-256 {}, the catalog expects {} (another vintage or a damaged file?); "
                              "nothing was imported. Use --no-verify to import it anyway.",
                              info.id, path.string(), sha, info.sha256));
    }
    const auto previous = store.import_record(info.id);
    DatasetReport r;
    r.id = info.id;
    r.sha256 = sha;
    if (!options.force && previous && previous->sha256 == sha) {
      r.outcome = Outcome::unchanged;
      r.rows = previous->rows;
      report.datasets.push_back(std::move(r));
      continue;
    }
    r.outcome = Outcome::imported;
    report.datasets.push_back(std::move(r));
    jobs.push_back({imp, &info, path, sha});
  }
  // 3. Parse and validate every changed file, in parallel. Any error aborts before writing.
  std::vector<Parsed> parsed(jobs.size());
  {
    Progress progress("Lecture des fichiers", static_cast<std::int64_t>(jobs.size()));
    const unsigned threads = std::max(1U, options.threads != 0 ? options.threads : std::thread::hardware_concurrency());
    std::vector<std::future<void>> running;
    std::vector<std::exception_ptr> errors(jobs.size());
    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> done{0};
    auto worker = [&] {
      for (std::size_t j = next++; j < jobs.size(); j = next++) {
        const auto t = Clock::now();
        try {
          parsed[j].summary = jobs[j].importer->parse(jobs[j].path, parsed[j].data);
        } catch (...) {
          errors[j] = std::current_exception();
        }
        parsed[j].seconds = since(t);
        ++done;
      }
    };
    for (unsigned t = 1; t < std::min<std::size_t>(threads, jobs.size()); ++t) running.push_back(std::async(std::launch::async, worker));
    worker();
    for (auto& f : running) f.get();
    progress.update(done);
    std::vector<Problem> problems;
    std::size_t total = 0;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      if (!errors[j]) continue;
      try {
        std::rethrow_exception(errors[j]);
      } catch (const InputError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        total += e.total();
      }
      // Other errors (missing file, I/O) propagate as they are.
    }
    if (total > 0) throw InputError(problems, total);
  }
  // 4. Write: every dataset and the indicators in one transaction.
  SQLite::Transaction tx(store.db());
  sources::TerritorySources combined;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    store.replace_dataset(*jobs[j].info, jobs[j].path.filename().string(), jobs[j].sha,
                          static_cast<std::int64_t>(parsed[j].summary.rows), parsed[j].data);
    for (auto& r : report.datasets) {
      if (r.id == jobs[j].info->id) {
        r.rows = static_cast<std::int64_t>(parsed[j].summary.rows);
        r.seconds = parsed[j].seconds;
        r.notes = parsed[j].summary.notes;
      }
    }
    merge(combined, std::move(parsed[j].data), jobs[j].info->id);
  }
  // 5. Indicators: rebuilt when an input changed or they were never computed.
  const auto records = store.import_records();
  std::map<std::string, std::string> inputs;
  for (const auto& r : records) inputs[r.dataset_id] = r.sha256;
  std::vector<std::string> absent;
  for (const auto& imp : sources::importers()) {
    if (inputs.count(std::string(imp.dataset_id)) == 0) absent.emplace_back(imp.dataset_id);
  }
  if (!absent.empty()) {
    report.notes.push_back(fmt::format("indicators not computed: import {} first", fmt::join(absent, ", ")));
  } else if (!jobs.empty() || !territory::has_results(store)) {
    const auto t = Clock::now();
    if (jobs.size() < sources::importers().size()) combined = store.load_sources();
    Progress progress("Calcul des indicateurs", 0);
    const auto frame = territory::reconcile(combined);
    const auto result = territory::compute(frame, {{10, 20, 30}, options.threads});
    territory::save(store, result, frame, nlohmann::json(inputs).dump());
    progress.finish();
    report.indicators_rebuilt = true;
    report.indicator_seconds = since(t);
    for (const auto level : territory::kLevels) {
      report.units_per_level.push_back(result.at(level).size());
      for (const auto& u : result.at(level)) {
        for (const double v : u.values) report.values_computed += std::isnan(v) ? 0 : 1;
      }
    }
    report.notes.insert(report.notes.end(), result.notes.begin(), result.notes.end());
  }
  tx.commit();
  report.total_seconds = since(t0);
  return report;
}

}  // namespace fabscope::pipeline
