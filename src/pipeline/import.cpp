#include "pipeline/import.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include "core/error.hpp"
#include "core/progress.hpp"
#include "core/sha256.hpp"
#include "sources/importer.hpp"
#include "store/stage.hpp"
#include "territory/compute.hpp"
#include "territory/frame.hpp"
#include "territory/repository.hpp"
#include "workshops/access.hpp"

namespace fabscope::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

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
    std::unique_ptr<sources::Dataset> dataset;
  };
  std::vector<Job> jobs;
  for (const auto* imp : todo) {
    const auto& info = catalog.get(std::string(imp->dataset_id));
    const auto path = options.data_dir / info.file;
    if (!std::filesystem::is_regular_file(path)) {
      throw Error(ExitCode::missing_data,
                  fmt::format("{}: file {} not found (data directory {}); run `fabscope data fetch "
                              "{}` or set --data",
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
    jobs.push_back({imp, &info, path, sha, nullptr});
  }
  report.phases.emplace_back("checksums", since(t0));
  auto t_phase = Clock::now();
  // 3. Parse every changed file on worker threads (largest first). Every importer fills
  //    only its own member of `combined`. Then, inside one transaction, the datasets are
  //    written while the indicators are computed from memory on another thread (two
  //    phases: on two cores, overlapping parsing with writing only adds contention). If
  //    any file is bad, nothing is written.
  std::sort(jobs.begin(), jobs.end(), [](const Job& x, const Job& y) { return x.info->size > y.info->size; });
  std::map<std::string, std::string> inputs;
  for (const auto& r : store.import_records()) inputs[r.dataset_id] = r.sha256;
  for (const auto& j : jobs) inputs[j.info->id] = j.sha;
  std::vector<std::string> absent;
  std::size_t indicator_inputs = 0;
  for (const auto& imp : sources::importers()) {
    if (!imp.indicator_input) continue;
    ++indicator_inputs;
    if (inputs.count(std::string(imp.dataset_id)) == 0) absent.emplace_back(imp.dataset_id);
  }
  const auto inputs_changed = static_cast<std::size_t>(
      std::count_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.importer->indicator_input; }));
  // Datasets that are not indicator inputs (France services) change no indicator.
  const bool rebuild = absent.empty() && (inputs_changed > 0 || !territory::has_results(store));
  const bool from_memory = inputs_changed == indicator_inputs;
  struct Computed {
    territory::CommuneFrame frame;
    territory::TerritoryResult result;
    std::optional<store::Stage> stage;  // the result tables, when computed beside the writer
  };
  const std::string inputs_json = nlohmann::json(inputs).dump();
  const auto result_schema = store.schema_of(territory::result_tables());
  auto compute = [&options, &inputs_json, &result_schema, from_memory](const sources::TerritorySources& src) {
    Computed c;
    c.frame = territory::reconcile(src);
    // One thread: the indicators are computed while the main thread writes the raw tables;
    // more threads would take the writer's core (2-core machines).
    c.result = territory::compute(c.frame, {{10, 20, 30}, from_memory ? 1U : options.threads});
    if (from_memory) {
      // Encoding the result rows here, beside the writer, leaves it only a copy to make.
      c.stage.emplace(result_schema);
      territory::write_results(c.stage->db(), c.result, c.frame, inputs_json);
    }
    return c;
  };

  sources::TerritorySources combined;
  for (auto& j : jobs) j.dataset = j.importer->make(combined);
  std::vector<sources::ImportSummary> summaries(jobs.size());
  std::vector<double> seconds(jobs.size(), 0);
  std::vector<std::exception_ptr> errors(jobs.size());
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::size_t> ready;  // parsed (or failed) jobs not yet written
  std::atomic<std::size_t> next{0};
  std::atomic<bool> stop{false};
  auto worker = [&] {
    for (std::size_t j = next++; j < jobs.size() && !stop; j = next++) {
      const auto t = Clock::now();
      try {
        summaries[j] = jobs[j].dataset->parse(jobs[j].path);
      } catch (...) {
        errors[j] = std::current_exception();
      }
      seconds[j] = since(t);
      {
        const std::lock_guard<std::mutex> lock(mutex);
        ready.push_back(j);
      }
      cv.notify_one();
    }
  };
  const unsigned threads = std::max(1U, options.threads != 0 ? options.threads : std::thread::hardware_concurrency());
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < std::min<std::size_t>(threads, jobs.size()); ++t) pool.emplace_back(worker);
  struct Joiner {
    std::vector<std::thread>& pool;
    std::atomic<bool>& stop;
    ~Joiner() {
      stop = true;
      for (auto& t : pool) {
        if (t.joinable()) t.join();
      }
    }
  } joiner{pool, stop};

  // Attached before the transaction (SQLite attaches only outside one); detached after it.
  std::optional<store::StageSlot> result_slot;
  if (rebuild && from_memory) result_slot.emplace(store, "staged_territory");
  // IMMEDIATE: the write lock is taken (waiting for another writer, busy timeout) before
  // anything is read in the transaction; a deferred one would fail at once on its first write.
  store::WriteTransaction tx(store);
  std::future<Computed> computing;
  {
    Progress progress("Lecture des fichiers", static_cast<std::int64_t>(jobs.size()));
    bool failed = false;
    for (std::size_t done = 0; done < jobs.size(); ++done) {
      std::size_t j = 0;
      {
        std::unique_lock<std::mutex> lock(mutex);
        cv.wait(lock, [&] { return !ready.empty(); });
        j = ready.front();
        ready.pop_front();
      }
      if (errors[j]) {
        failed = true;  // stop writing; workers finish their current file and stop
        stop = true;
        break;
      }
      progress.update(static_cast<std::int64_t>(done + 1));
    }
    for (auto& t : pool) t.join();
    if (failed) {
      std::vector<Problem> problems;
      std::size_t total = 0;
      for (std::size_t j = 0; j < jobs.size(); ++j) {
        if (!errors[j]) continue;
        try {
          std::rethrow_exception(errors[j]);
        } catch (const InputError& e) {
          problems.insert(problems.end(), e.problems().begin(), e.problems().end());
          total += e.total();
        }  // other errors (I/O, missing file) propagate as they are
      }
      throw InputError(problems, total);
    }
  }
  // A file that would remove most of a dataset (header only, truncated) is refused before
  // anything is written.
  if (!options.allow_shrink) {
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const auto previous = store.import_record(jobs[j].info->id);
      const auto rows = static_cast<std::int64_t>(summaries[j].rows);
      if (previous && shrink_refused(previous->rows, rows)) throw ShrinkError(jobs[j].info->id, previous->rows, rows);
    }
  }
  report.phases.emplace_back("parse", since(t_phase));
  t_phase = Clock::now();
  const auto t_indicators = Clock::now();
  if (rebuild && from_memory) computing = std::async(std::launch::async, compute, std::cref(combined));
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const auto& info = *jobs[j].info;
    std::vector<std::string> tables(jobs[j].importer->tables.begin(), jobs[j].importer->tables.end());
    store::ImportRecord record{info.id,
                               info.vintage,
                               info.cog_year,
                               jobs[j].path.filename().string(),
                               jobs[j].sha,
                               static_cast<std::int64_t>(summaries[j].rows),
                               store::join_words(tables),
                               ""};
    store.replace_dataset(std::move(record), jobs[j].importer->schema,
                          [&](SQLite::Database& db) { jobs[j].dataset->write(db); });
  }
  report.phases.emplace_back("write", since(t_phase));
  t_phase = Clock::now();
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    for (auto& r : report.datasets) {
      if (r.id == jobs[j].info->id) {
        r.rows = static_cast<std::int64_t>(summaries[j].rows);
        r.seconds = seconds[j];
        r.notes = summaries[j].notes;
      }
    }
  }
  // 5. Indicators: rebuilt when an input changed or they were never computed.
  if (!absent.empty()) {
    report.notes.push_back({"indicators_not_computed", {fmt::format("{}", fmt::join(absent, ", "))}});
  } else if (rebuild) {
    Progress progress("Calcul des indicateurs", 0);
    Computed c = from_memory ? computing.get() : compute(sources::load_territory(store));
    if (c.stage) {
      result_slot->replace_tables(std::move(*c.stage), territory::result_tables());
    } else {
      territory::save(store, c.result, c.frame, inputs_json);
    }
    progress.finish();
    report.indicators_rebuilt = true;
    report.indicator_seconds = since(t_indicators);
    for (const auto level : territory::kLevels) {
      report.units_per_level.push_back(c.result.at(level).size());
      for (const auto& u : c.result.at(level)) {
        for (const double v : u.values) report.values_computed += std::isnan(v) ? 0 : 1;
      }
    }
    report.notes.insert(report.notes.end(), c.result.notes.begin(), c.result.notes.end());
    // The communes changed: so did the accessibility of the workshops already registered.
    workshops::store_access(store);
  }
  report.phases.emplace_back("indicators", since(t_phase));
  t_phase = Clock::now();
  tx.commit();
  report.phases.emplace_back("commit", since(t_phase));
  report.total_seconds = since(t0);
  return report;
}

}  // namespace fabscope::pipeline
