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
#include "territory/boundaries.hpp"
#include "territory/compute.hpp"
#include "territory/frame.hpp"
#include "territory/repository.hpp"
#include "workshops/access.hpp"

namespace fabscope::pipeline {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// One changed file to import.
struct Job {
  const sources::Importer* importer;
  const sources::DatasetInfo* info;
  std::filesystem::path path;
  std::string sha;
  std::unique_ptr<sources::Dataset> dataset;
};

// 1. What to import: every dataset that has an importer, or the requested ones.
std::vector<const sources::Importer*> selected_importers(const sources::Catalog& catalog,
                                                         const ImportOptions& options) {
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
  return todo;
}

// 2. Which files changed (checksums), and check that they exist. Every dataset gets its
// line in the report (unchanged ones with their stored row count); the changed ones are
// the jobs.
std::vector<Job> changed_files(store::Store& store, const sources::Catalog& catalog, const ImportOptions& options,
                               const std::vector<const sources::Importer*>& todo, ImportReport& report) {
  std::vector<Job> jobs;
  for (const auto* imp : todo) {
    const auto& info = catalog.get(std::string(imp->dataset_id));
    const auto path = options.data_dir / info.file;
    if (imp->optional && !std::filesystem::exists(path)) {
      DatasetReport r;
      r.id = info.id;
      r.outcome = Outcome::absent;
      r.notes.push_back({"dataset_absent", {info.id, path.string()}});
      report.datasets.push_back(std::move(r));
      continue;
    }
    if (!std::filesystem::exists(path)) {
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
  return jobs;
}

// What this import does with the indicators.
struct IndicatorPlan {
  std::vector<std::string> absent;  // indicator inputs never imported: nothing is computed
  bool rebuild = false;             // an input changed, or they were never computed
  bool from_memory = false;         // every input is being imported: computed beside the writer
  std::string inputs_json;          // the SHA-256 of every dataset, stored with the results
  std::vector<std::string> result_schema;
  unsigned threads = 0;
};

IndicatorPlan plan_indicators(store::Store& store, const std::vector<Job>& jobs, unsigned threads) {
  IndicatorPlan plan;
  std::map<std::string, std::string> inputs;
  for (const auto& r : store.import_records()) inputs[r.dataset_id] = r.sha256;
  for (const auto& j : jobs) inputs[j.info->id] = j.sha;
  std::size_t indicator_inputs = 0;
  for (const auto& imp : sources::importers()) {
    if (!imp.indicator_input) continue;
    ++indicator_inputs;
    if (inputs.count(std::string(imp.dataset_id)) == 0) plan.absent.emplace_back(imp.dataset_id);
  }
  const auto inputs_changed = static_cast<std::size_t>(
      std::count_if(jobs.begin(), jobs.end(), [](const Job& j) { return j.importer->indicator_input; }));
  // Datasets that are not indicator inputs (France services) change no indicator.
  // Results from a version without the France aggregate are rebuilt too.
  plan.rebuild = plan.absent.empty() && (inputs_changed > 0 || !territory::has_results(store) ||
                                         !territory::has_level(store, territory::Level::fr));
  plan.from_memory = inputs_changed == indicator_inputs;
  plan.inputs_json = nlohmann::json(inputs).dump();
  plan.result_schema = store.schema_of(territory::result_tables());
  plan.threads = threads;
  return plan;
}

struct Computed {
  territory::CommuneFrame frame;
  territory::TerritoryResult result;
  std::optional<store::Stage> stage;  // the result tables, when computed beside the writer
};

Computed compute_indicators(const sources::TerritorySources& src, const IndicatorPlan& plan) {
  Computed c;
  c.frame = territory::reconcile(src);
  // One thread: the indicators are computed while the main thread writes the raw tables;
  // more threads would take the writer's core (2-core machines).
  c.result = territory::compute(c.frame, {{10, 20, 30}, plan.from_memory ? 1U : plan.threads});
  if (plan.from_memory) {
    // Encoding the result rows here, beside the writer, leaves it only a copy to make.
    c.stage.emplace(plan.result_schema);
    territory::write_results(c.stage->db(), c.result, c.frame, plan.inputs_json);
  }
  return c;
}

// 3. Parses every job's file on worker threads, started at construction (so that the
// caller can open its transaction meanwhile); every importer fills only its own member of
// the TerritorySources its dataset was made with. The destructor stops and joins them.
class ParallelParse {
 public:
  ParallelParse(std::vector<Job>& jobs, unsigned threads)
      : m_jobs(jobs), m_summaries(jobs.size()), m_seconds(jobs.size(), 0), m_errors(jobs.size()) {
    const unsigned n = std::max(1U, threads != 0 ? threads : std::thread::hardware_concurrency());
    for (unsigned t = 0; t < std::min<std::size_t>(n, jobs.size()); ++t) m_pool.emplace_back([this] { work(); });
  }
  ~ParallelParse() {
    m_stop = true;
    for (auto& t : m_pool) {
      if (t.joinable()) t.join();
    }
  }
  ParallelParse(const ParallelParse&) = delete;
  ParallelParse& operator=(const ParallelParse&) = delete;

  // Follows the files as they are parsed; if any is bad, stops and throws the problems of
  // every bad file as one InputError (other errors propagate as they are).
  void wait() {
    Progress progress("Lecture des fichiers", static_cast<std::int64_t>(m_jobs.size()));
    bool failed = false;
    for (std::size_t done = 0; done < m_jobs.size(); ++done) {
      std::size_t j = 0;
      {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [&] { return !m_ready.empty(); });
        j = m_ready.front();
        m_ready.pop_front();
      }
      if (m_errors[j]) {
        failed = true;  // stop waiting; workers finish their current file and stop
        m_stop = true;
        break;
      }
      progress.update(static_cast<std::int64_t>(done + 1));
    }
    for (auto& t : m_pool) t.join();
    if (failed) throw_errors();
  }

  [[nodiscard]] const std::vector<sources::ImportSummary>& summaries() const { return m_summaries; }
  [[nodiscard]] const std::vector<double>& seconds() const { return m_seconds; }

 private:
  void work() {
    for (std::size_t j = m_next++; j < m_jobs.size() && !m_stop; j = m_next++) {
      const auto t = Clock::now();
      try {
        m_summaries[j] = m_jobs[j].dataset->parse(m_jobs[j].path);
      } catch (...) {
        m_errors[j] = std::current_exception();
      }
      m_seconds[j] = since(t);
      {
        const std::lock_guard<std::mutex> lock(m_mutex);
        m_ready.push_back(j);
      }
      m_cv.notify_one();
    }
  }

  [[noreturn]] void throw_errors() const {
    std::vector<Problem> problems;
    std::size_t total = 0;
    for (const auto& error : m_errors) {
      if (!error) continue;
      try {
        std::rethrow_exception(error);
      } catch (const InputError& e) {
        problems.insert(problems.end(), e.problems().begin(), e.problems().end());
        total += e.total();
      }  // other errors (I/O, missing file) propagate as they are
    }
    throw InputError(problems, total);
  }

  std::vector<Job>& m_jobs;
  std::vector<sources::ImportSummary> m_summaries;
  std::vector<double> m_seconds;
  std::vector<std::exception_ptr> m_errors;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::size_t> m_ready;  // parsed (or failed) jobs not yet taken by wait()
  std::atomic<std::size_t> m_next{0};
  std::atomic<bool> m_stop{false};
  std::vector<std::thread> m_pool;
};

// A file that would remove most of a dataset (header only, truncated) is refused before
// anything is written.
void refuse_shrinking(store::Store& store, const std::vector<Job>& jobs,
                      const std::vector<sources::ImportSummary>& summaries) {
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const auto previous = store.import_record(jobs[j].info->id);
    const auto rows = static_cast<std::int64_t>(summaries[j].rows);
    if (previous && shrink_refused(previous->rows, rows)) throw ShrinkError(jobs[j].info->id, previous->rows, rows);
  }
}

// 4. Every parsed dataset replaces its tables and its provenance row.
void write_datasets(store::Store& store, const std::vector<Job>& jobs,
                    const std::vector<sources::ImportSummary>& summaries) {
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
}

// Each imported dataset's rows, parse time and notes go to its line of the report.
void report_parsed(ImportReport& report, const std::vector<Job>& jobs, const ParallelParse& parse) {
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    for (auto& r : report.datasets) {
      if (r.id == jobs[j].info->id) {
        r.rows = static_cast<std::int64_t>(parse.summaries()[j].rows);
        r.seconds = parse.seconds()[j];
        r.notes = parse.summaries()[j].notes;
      }
    }
  }
}

// 5. Indicators: rebuilt when an input changed or they were never computed; taken from the
// computation running beside the writer (`computing`, its stage copied into `result_slot`)
// or, when only some inputs changed, computed from the store's tables now.
void rebuild_indicators(store::Store& store, const IndicatorPlan& plan, std::future<Computed>& computing,
                        std::optional<store::StageSlot>& result_slot, Clock::time_point started, ImportReport& report) {
  if (!plan.absent.empty()) {
    report.notes.push_back({"indicators_not_computed", {fmt::format("{}", fmt::join(plan.absent, ", "))}});
    return;
  }
  if (!plan.rebuild) return;
  Progress progress("Calcul des indicateurs", 0);
  Computed c = plan.from_memory ? computing.get() : compute_indicators(sources::load_territory(store), plan);
  if (c.stage) {
    result_slot->replace_tables(std::move(*c.stage), territory::result_tables());
  } else {
    territory::save(store, c.result, c.frame, plan.inputs_json);
  }
  progress.finish();
  report.indicators_rebuilt = true;
  report.indicator_seconds = since(started);
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

// 6. Boundaries: dissolved again when the commune polygons or the communes changed, or
// when the polygons are stored without them (a store from before migration 0004).
void rebuild_boundaries(store::Store& store, const std::vector<Job>& jobs, unsigned threads, ImportReport& report) {
  if (!store.has_table("geo_commune_2018") || !territory::has_results(store)) return;
  const bool polygons_changed =
      std::any_of(jobs.begin(), jobs.end(), [](const Job& j) { return j.info->id == "ign_communes_2018"; });
  if (!polygons_changed && !report.indicators_rebuilt && territory::has_boundaries(store, territory::Level::dep)) {
    return;
  }
  const auto b = territory::build_boundaries(store, threads);
  std::vector<std::string> missing;
  for (const auto& [code, reason] : b.without_polygon) {
    if (reason != "overseas_collectivity") missing.push_back(code);
  }
  const auto overseas = b.without_polygon.size() - missing.size();
  report.notes.push_back(
      {"boundaries_built",
       {std::to_string(b.units[0]), std::to_string(b.units[1]), std::to_string(b.units[2]), std::to_string(b.units[3]),
        std::to_string(b.units[4]), std::to_string(b.without_polygon.size()),
        fmt::format("{} COM{}{}", overseas, missing.empty() ? "" : ", ", fmt::join(missing, ", "))}});
}

}  // namespace

ImportReport import_datasets(store::Store& store, const sources::Catalog& catalog, const ImportOptions& options) {
  const auto t0 = Clock::now();
  ImportReport report;
  auto jobs = changed_files(store, catalog, options, selected_importers(catalog, options), report);
  report.phases.emplace_back("checksums", since(t0));
  auto t_phase = Clock::now();
  // 3. Parse every changed file on worker threads (largest first). Then, inside one
  //    transaction, the datasets are written while the indicators are computed from memory
  //    on another thread (two phases: on two cores, overlapping parsing with writing only
  //    adds contention). If any file is bad, nothing is written.
  std::sort(jobs.begin(), jobs.end(), [](const Job& x, const Job& y) { return x.info->size > y.info->size; });
  const IndicatorPlan plan = plan_indicators(store, jobs, options.threads);
  const bool beside_writer = plan.rebuild && plan.from_memory;
  sources::TerritorySources combined;
  for (auto& j : jobs) j.dataset = j.importer->make(combined);
  ParallelParse parse(jobs, options.threads);

  // Attached before the transaction (SQLite attaches only outside one); detached after it.
  std::optional<store::StageSlot> result_slot;
  if (beside_writer) result_slot.emplace(store, "staged_territory");
  // IMMEDIATE: the write lock is taken (waiting for another writer, busy timeout) before
  // anything is read in the transaction; a deferred one would fail at once on its first write.
  store::WriteTransaction tx(store);
  std::future<Computed> computing;
  parse.wait();
  if (!options.allow_shrink) refuse_shrinking(store, jobs, parse.summaries());
  report.phases.emplace_back("parse", since(t_phase));
  t_phase = Clock::now();
  const auto t_indicators = Clock::now();
  if (beside_writer) {
    computing = std::async(std::launch::async, [&plan, &combined] { return compute_indicators(combined, plan); });
  }
  write_datasets(store, jobs, parse.summaries());
  report.phases.emplace_back("write", since(t_phase));
  t_phase = Clock::now();
  report_parsed(report, jobs, parse);
  rebuild_indicators(store, plan, computing, result_slot, t_indicators, report);
  report.phases.emplace_back("indicators", since(t_phase));
  t_phase = Clock::now();
  rebuild_boundaries(store, jobs, options.threads, report);
  report.phases.emplace_back("boundaries", since(t_phase));
  t_phase = Clock::now();
  tx.commit();
  report.phases.emplace_back("commit", since(t_phase));
  report.total_seconds = since(t0);
  return report;
}

}  // namespace fabscope::pipeline
